"""``touchstone self-test``: exercise every layer on a temporary data dir.

Used on the frozen build to catch a missing hidden import or data file before a user does.
Prints one line per step; exit 0 only if every step worked.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from tracker.paths import DataPaths


def run_self_test(print_line: Callable[[str], None] = print) -> int:
    """Run every step; returns the number of failed steps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="touchstone-selftest-") as tmp:
        root = Path(tmp)
        paths = DataPaths(root / "data").ensure()
        state: dict[str, object] = {}

        def open_journal() -> str:
            from tracker.services.journal import Journal

            state["journal"] = Journal.open(paths.root)
            return "database created"

        def save() -> str:
            from tracker.services.demo import seed_journal

            journal = state["journal"]
            count = seed_journal(journal, days=120)
            skill = journal.skills()[0].id
            journal.record(ratings={skill: 7}, values={"mood": 6, "sleep_hours": 7.5},
                           tags=["self-test"], note="self-test")
            return f"{count + 1} check-ins saved"

        def report() -> str:
            from tracker.services.report import build_report, format_report

            journal = state["journal"]
            data = build_report(journal.skills(True), journal.factors(True), journal.checkins())
            json.dumps(data)
            format_report(data)
            return "report built"

        def export_import() -> str:
            from tracker.services.journal import Journal

            journal = state["journal"]
            for fmt in ("json", "csv"):
                out = root / f"export.{fmt}"
                journal.export_to(out, fmt)
                other = Journal.open(root / f"import-{fmt}")
                try:
                    result = other.import_from(out)
                finally:
                    other.close()
                if result.added != journal.count():
                    raise RuntimeError(f"{fmt}: imported {result.added} of {journal.count()}")
            return "CSV and JSON round trips"

        def screenshots() -> str:
            from tracker.app import render_screenshots

            state["journal"].close()
            shots = render_screenshots(paths, root / "shots", (1100, 760))
            if not shots or any(p.stat().st_size < 1000 for p in shots):
                raise RuntimeError("a screenshot is missing or empty")
            return f"{len(shots)} views rendered"

        steps = [("open", open_journal), ("save", save), ("report", report),
                 ("export/import", export_import), ("render", screenshots)]
        for name, step in steps:
            try:
                print_line(f"ok    {name}: {step()}")
            except Exception:  # report every failure, keep going
                failures += 1
                print_line(f"FAIL  {name}:\n{traceback.format_exc()}")
        journal = state.get("journal")
        if journal is not None:
            journal.close()
    print_line("self-test passed" if not failures else f"self-test: {failures} step(s) failed")
    return failures
