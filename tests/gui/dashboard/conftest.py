"""Dashboard fixtures: a journal in tmp_path seeded with the demo year, a shown dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tracker.services.demo import seed_journal
from tracker.services.journal import Journal


@pytest.fixture
def seeded(journal: Journal) -> Journal:
    """The demo year (ending yesterday, so 'Last 12 months' holds it) in a real SQLite file."""
    seed_journal(journal, days=365, end=date.today())
    return journal


@pytest.fixture
def dash(qtbot, seeded: Journal) -> Iterator:
    from tracker.ui.dashboard import create_dashboard

    widget = create_dashboard(seeded)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    with qtbot.waitSignal(widget.view_drawn, timeout=10000):
        widget.show()
    qtbot.waitUntil(lambda: widget.current_view().settled())
    yield widget


def point_count(dash) -> int:
    view = dash.views["timeline"]
    return len(view.points.getData()[0])


def raw_column(table_widget, column: int) -> list:
    from tracker.ui.dashboard.table import RAW_ROLE

    return [table_widget.item(r, column).data(RAW_ROLE) for r in range(table_widget.rowCount())]
