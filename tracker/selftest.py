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
from typing import TYPE_CHECKING

from tracker.domain.words import plural
from tracker.paths import DataPaths

if TYPE_CHECKING:  # imported by the step that opens one (each step's imports are checked)
    from tracker.services.journal import Journal


def run_self_test(print_line: Callable[[str], None] = print) -> int:
    """Run every step; returns the number of failed steps."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="touchstone-selftest-") as tmp:
        root = Path(tmp)
        paths = DataPaths(root / "data").ensure()
        state: dict[str, Journal] = {}

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
            return f"{plural(count + 1, 'check-in')} saved"

        def report() -> str:
            from tracker.services.report import build_report, format_report

            journal = state["journal"]
            data = build_report(journal.skills(True), journal.factors(True), journal.checkins())
            json.dumps(data)
            format_report(data)
            return "report built"

        def export_import() -> str:
            from tracker.services import transfer
            from tracker.services.journal import Journal

            journal = state["journal"]
            for fmt in ("json", "csv"):
                out = root / f"export.{fmt}"
                transfer.export_to(journal, out, fmt)
                other = Journal.open(root / f"import-{fmt}")
                try:
                    result = transfer.import_from(other, out)
                    measured = (len(other.list_probes()), len(other.list_outcomes()))
                finally:
                    other.close()
                if result.added != journal.count():
                    raise RuntimeError(f"{fmt}: imported {result.added} of {journal.count()}")
                expected = (len(journal.list_probes()), len(journal.list_outcomes()))
                if fmt == "json" and measured != expected:
                    raise RuntimeError(f"json: imported {measured} of {expected} probes, outcomes")
            return "CSV and JSON round trips"

        def backup_restore() -> str:
            from tracker.services.backups import Backups

            journal = state["journal"]
            count = journal.count()
            journal.close()
            backups = Backups(paths)
            info = backups.back_up()
            result = backups.restore(info.path)
            if info.checkins != count or result.restored.checkins != count:
                raise RuntimeError(f"backed up {info.checkins}, restored "
                                   f"{result.restored.checkins} of {count}")
            state["journal"] = _reopen(paths)
            return f"{plural(count, 'check-in')} backed up and restored"

        def encrypt_decrypt() -> str:
            from tracker.services import encryption

            if not encryption.available():
                return "skipped: the SQLCipher driver is not installed"
            count = state["journal"].count()
            state["journal"].close()
            encryption.encrypt(paths, None, "self-test passphrase")
            encryption.lock()
            encryption.unlock(paths, "self-test passphrase")
            reopened = _reopen(paths)
            found = reopened.count()
            reopened.close()
            encryption.decrypt(paths, None)
            state["journal"] = _reopen(paths)
            if found != count or state["journal"].count() != count:
                raise RuntimeError(f"{found} of {plural(count, 'check-in')} after encryption")
            return f"encrypted, locked, unlocked and decrypted ({plural(count, 'check-in')})"

        def screenshots() -> str:
            from tracker.app import render_screenshots

            state["journal"].close()
            shots = render_screenshots(paths, root / "shots", (1100, 760))
            if not shots or any(p.stat().st_size < 1000 for p in shots):
                raise RuntimeError("a screenshot is missing or empty")
            return f"{plural(len(shots), 'view')} rendered"

        steps = [("open", open_journal), ("save", save), ("report", report),
                 ("export/import", export_import), ("backup/restore", backup_restore),
                 ("encryption", encrypt_decrypt), ("render", screenshots)]
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


def _reopen(paths: DataPaths):
    from tracker.services.journal import Journal

    return Journal.open(paths.root)
