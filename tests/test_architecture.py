"""The layers of DESIGN.md hold: import-linter contracts and lazy heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "BROKEN" not in r.stdout


def modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split())


def test_core_imports_no_qt():
    loaded = modules_after(
        "import tracker.services.journal, tracker.services.transfer, tracker.cli.dispatch, "
        "tracker.cli.parser, tracker.exchange"
    )
    assert not {m for m in loaded if m.startswith(("PySide6", "pyqtgraph"))}


def test_cli_start_is_light():
    loaded = modules_after("import tracker.cli.dispatch, tracker.cli.parser")
    heavy = {"scipy", "pyqtgraph", "PySide6", "sqlalchemy", "numpy"}
    assert not heavy & {m.split(".")[0] for m in loaded}
