# One-command set-up: `make run` opens the app, `make test` runs every test offscreen.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test test-fast lint bench stress screenshots clean dist dist-test install-desktop

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	env -u QT_QPA_PLATFORM $(PY) -m tracker

test: $(VENV)/.installed-test lint
	$(PY) -m pytest -n 2 -q

test-fast: $(VENV)/.installed-test
	$(PY) -m pytest -q -m "not gui and not slow"

lint: $(VENV)/.installed-test
	$(PY) -m ruff check tracker tests benchmarks packaging
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run_all.py

# the GUI monkey last, on both cores with a busy loop per core beside it (a busy machine);
# a seed still running after 15 minutes has every thread's stack printed (a hang)
stress: $(VENV)/.installed-test
	TOUCHSTONE_STRESS=1 HYPOTHESIS_PROFILE=stress $(PY) -m pytest -n 2 -q -m "slow or not slow" \
		--ignore tests/gui/test_monkey.py
	TOUCHSTONE_STRESS=1 $(PY) tests/gui/cpu_hog.py -- $(PY) -m pytest -n 2 -q tests/gui/test_monkey.py \
		-o faulthandler_timeout=900

screenshots: $(VENV)/.installed-run
	$(PY) -m tracker --demo screenshot -o docs/screenshots

# Frozen one-folder app + tarball from a clean venv in build/venv (PyInstaller is build-only).
dist:
	PYTHON=$(PYTHON) packaging/build.sh

# The frozen app: self-test, CLI round trip, GUI start, resources, libraries (after `make dist`).
dist-test:
	$(PYTHON) packaging/smoke_test.py dist/touchstone

# Launcher, icons and AppStream metainfo for the current user (~/.local/share).
install-desktop: $(VENV)/.installed-run
	packaging/install_desktop.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
