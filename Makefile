# One-command set-up: `make run` opens the app, `make test` runs every test offscreen.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test test-fast lint bench stress screenshots clean

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
	$(PY) -m ruff check tracker tests benchmarks
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed-test
	$(PY) benchmarks/run_all.py

stress: $(VENV)/.installed-test
	TOUCHSTONE_STRESS=1 HYPOTHESIS_PROFILE=stress $(PY) -m pytest -q -m "slow or not slow"

screenshots: $(VENV)/.installed-run
	$(PY) -m tracker --demo screenshot -o docs/screenshots

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
