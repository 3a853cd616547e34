"""The command line package's shape: what ``--help`` and a window launch import, and no
import cycle among its modules (lazy imports inside functions count)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def tracker_modules_after(code: str) -> set[str]:
    script = (f"import sys\n{code}\n"
              "print(' '.join(m for m in sys.modules if m.split('.')[0] == 'tracker'))")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                       timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.splitlines()[-1].split())


def test_help_imports_the_parser_and_nothing_a_command_needs():
    loaded = tracker_modules_after(
        "from tracker.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert loaded == {"tracker", "tracker.cli", "tracker.cli.parser", "tracker.errors"}


def test_a_window_launch_imports_no_command_module():
    loaded = tracker_modules_after(
        "from tracker.cli import window_launch\n"
        "assert window_launch(['--data-dir', 'x', '--exit-when-ready']) is not None"
    )
    assert loaded == {"tracker", "tracker.cli", "tracker.errors"}


def test_the_command_line_has_no_import_cycle():
    graph = grimp.build_graph("tracker")
    modules = {m for m in graph.modules if m.startswith("tracker.cli.")}
    assert len(modules) >= 8
    cycles = []
    for module in sorted(modules):
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append((module, *back))
    assert cycles == []
