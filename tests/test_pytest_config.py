"""A contributor types ``pytest``: the plain command collects what ``python -m pytest`` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import skip_unless_ci

ROOT = Path(__file__).resolve().parent.parent


def test_plain_pytest_imports_the_tests_package():
    # the ``pytest`` script puts its own bin/ first on sys.path, not the current folder, so a
    # module importing ``tests.…`` collects only with ``pythonpath`` in the pytest config
    script = Path(sys.executable).with_name("pytest")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(script), "--collect-only", "-q", "-p", "no:cacheprovider",
         "tests/reality/test_reality_store.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "No module named 'tests'" not in run.stdout


@pytest.mark.parametrize(("ci", "outcome"), [("true", "fail"), ("TRUE", "fail"), ("", "skip"),
                                              ("false", "skip")])
def test_a_missing_tool_skips_on_a_laptop_but_fails_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises(expected, match="strace not installed"):
        skip_unless_ci("strace not installed")
