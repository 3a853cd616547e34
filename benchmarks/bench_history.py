"""Loading 10 years x ~3 check-ins a day into the history view (reported, no target)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_of, report  # noqa: E402

from tracker.services.demo import demo_dataset  # noqa: E402
from tracker.services.journal import Journal  # noqa: E402


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from tracker.ui.history_view import HistoryView

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.open(Path(tmp) / "data")
        skills, factors, checkins = demo_dataset(days=3650, end=date(2026, 11, 26), per_day=7)
        start = time.perf_counter()
        journal.store.import_all(skills, factors, checkins)
        imported = time.perf_counter() - start
        view = HistoryView(journal)
        view.resize(1100, 700)
        view.show()
        app.processEvents()

        def refresh() -> None:
            view.refresh()
            app.processEvents()

        fetch = median_of(journal.checkins, repeat=5)
        shown = median_of(refresh, repeat=5)
        rows = view.model.rowCount()
        journal.close()
    report(f"History with {len(checkins):,} check-ins (median of 5)", [
        ("import_all (one transaction)", imported, None, None),
        ("journal.checkins() from SQLite", fetch, None, None),
        (f"history view refresh + paint ({rows:,} rows)", shown, None, None),
    ])


if __name__ == "__main__":
    main()
