"""The architecture holds: data flows ui → services → store / exchange / analysis → domain, the
core has no Qt and the UI no SQL (the import-linter contracts in pyproject.toml), no module of
``tracker`` is part of an import cycle, and the command line starts without the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import grimp

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


# Cycles allowed (none). An entry fails the test once its cycle is gone, so it cannot outlive it.
KNOWN_CYCLES: set[frozenset[str]] = set()


def import_cycles(package: str) -> list[list[str]]:
    """The strongly connected components (two or more modules) of ``package``'s import graph.

    Every import counts: at module level, inside functions (deferred imports are cycles waiting
    for a caller) and under ``if TYPE_CHECKING`` (a type-only cycle still ties two modules).
    """
    graph = grimp.build_graph(package, cache_dir=None)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules)
             for m in sorted(graph.modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iterative (no recursion limit)
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    work.append((target, iter(edges[target])))
                    break
                if target in stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = stack[stack.index(node):]
                    del stack[stack.index(node):]
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return sorted(found)


def describe(package: str, cycles: list[list[str]]) -> str:
    graph = grimp.build_graph(package, cache_dir=None)
    lines = []
    for component in cycles:
        lines.append("cycle: " + ", ".join(component))
        for importer in component:
            for imported in component:
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    lines.append(f"  {importer}:{detail['line_number']} {detail['line_contents']}")
    return "\n".join(lines)


def test_no_import_cycles():
    cycles = import_cycles("tracker")
    unknown = [c for c in cycles if frozenset(c) not in KNOWN_CYCLES]
    assert not unknown, describe("tracker", unknown)
    gone = KNOWN_CYCLES - {frozenset(c) for c in cycles}
    assert not gone, f"no longer a cycle, remove it from KNOWN_CYCLES: {gone}"


def test_cycle_check_sees_deferred_and_type_only_imports(tmp_path, monkeypatch):
    package = tmp_path / "loop"
    package.mkdir()
    files = {
        "__init__.py": "",
        "a.py": "def f():\n    from loop import b\n",  # deferred: inside a function
        "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loop import a\n",
        "c.py": "from loop import d\n",
        "d.py": "import os\n",
    }
    for name, text in files.items():
        (package / name).write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("loop") == [["loop.a", "loop.b"]]


def test_no_source_file_is_over_500_lines():
    """Small files with names that explain themselves: a module over 500 lines is split."""
    package = ROOT / "tracker"
    long = {str(p.relative_to(package)): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
