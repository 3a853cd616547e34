"""The type checker's configuration does what pyproject.toml says: the core layers strict, the
rest checked with the ordinary rules (mypy's own ``strict = true`` can't be set per module)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

mypy_main = pytest.importorskip("mypy.main")
mypy_options = pytest.importorskip("mypy.options")

ROOT = Path(__file__).resolve().parent.parent
STRICT = ("tracker.domain", "tracker.analysis", "tracker.exchange", "tracker.services")


def _options():
    _, options = mypy_main.process_options(
        ["--config-file", str(ROOT / "pyproject.toml")])
    return options


def _strict_per_module_flags() -> list[tuple[str, bool]]:
    """What ``--strict`` turns on in the installed mypy, less the whole-run-only flags."""
    _, _, assignments = mypy_main.define_options()
    return [(dest, value) for dest, value in assignments
            if dest in mypy_options.PER_MODULE_OPTIONS]


@pytest.mark.parametrize("package", STRICT)
def test_the_core_layers_get_every_strict_flag(package):
    flags = _strict_per_module_flags()
    assert len(flags) >= 10  # the list was read (mypy 2.4 has 12 per-module strict flags)
    module = _options().clone_for_module(f"{package}.some_module")
    missing = [dest for dest, value in flags if getattr(module, dest) != value]
    assert not missing, f"pyproject's strict override lacks {missing} (mypy's --strict has them)"


def test_the_rest_is_checked_but_not_strict():
    options = _options()
    ui = options.clone_for_module("tracker.ui.some_module")
    assert ui.check_untyped_defs and not ui.disallow_untyped_defs
    assert options.warn_unused_ignores and "ignore-without-code" in options.enable_error_code


def test_a_type_error_fails_the_check(tmp_path):
    # the project's rules on a module of a strict layer: mypy exits non-zero, naming the error
    bad = tmp_path / "tracker" / "domain"
    bad.mkdir(parents=True)
    (tmp_path / "tracker" / "__init__.py").write_text("")
    (bad / "__init__.py").write_text("")
    (bad / "broken.py").write_text("def half(x):\n    return x / 2\n\nn: int = '1'\n")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"), "tracker/domain/broken.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "[no-untyped-def]" in run.stdout and "[assignment]" in run.stdout
