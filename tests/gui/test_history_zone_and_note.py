"""History reads in the user's own zone (a check-in recorded under another UTC offset says
so; a summer one in the same zone does not), and the Note column stays in view however many
factors there are."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from tracker.domain import FactorKind

pytestmark = pytest.mark.gui


@pytest.fixture
def berlin(monkeypatch):
    """This computer's clock in Berlin (CET in winter, CEST in summer)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _history(window):
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    view = window.history
    view.refresh()
    return view


def _column(view, header: str) -> int:
    headers = [view.model.column(s).header for s in range(view.model.columnCount())]
    return headers.index(header)


def _cell(view, checkin_id: str, header: str, role=Qt.ItemDataRole.DisplayRole):
    row = view.model.row_of(checkin_id)
    return view.model.index(row, _column(view, header)).data(role)


def test_times_are_shown_on_the_local_clock(berlin, journal, skills, make_window):
    overall, _ = skills
    summer = timezone(timedelta(hours=2))
    new_york = timezone(timedelta(hours=-4))
    utc = UTC
    here_in_summer = journal.record(ratings={overall: 5},
                                    at=datetime(2026, 5, 3, 9, 0, tzinfo=summer)).ids[0]
    here_in_winter = journal.record(ratings={overall: 5},
                                    at=datetime(2026, 1, 10, 9, 0).astimezone()).ids[0]
    in_utc = journal.record(ratings={overall: 5},  # same moment as 09:00 in Berlin
                            at=datetime(2026, 1, 11, 8, 0, tzinfo=utc)).ids[0]
    travelling = journal.record(ratings={overall: 5},
                                at=datetime(2026, 5, 4, 9, 0, tzinfo=new_york)).ids[0]
    view = _history(make_window())
    assert _cell(view, here_in_summer, "When") == "2026-05-03 09:00"
    assert _cell(view, here_in_winter, "When") == "2026-01-10 09:00"
    # recorded under another offset: the local time, then the clock it was recorded on
    assert _cell(view, in_utc, "When") == "2026-01-11 09:00 (08:00 +00:00)"
    assert _cell(view, travelling, "When") == "2026-05-04 15:00 (09:00 \u221204:00)"
    tip = _cell(view, travelling, "When", Qt.ItemDataRole.ToolTipRole)
    assert "15:00" in tip and "UTC+02:00" in tip and "09:00 UTC\u221204:00" in tip
    assert "UTC+01:00" in _cell(view, here_in_winter, "When", Qt.ItemDataRole.ToolTipRole)
    # sorted by the moment, not by the text
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    order = [view.model.checkin(r).id for r in range(view.model.rowCount())]
    assert order == [here_in_winter, in_utc, here_in_summer, travelling]


def test_the_note_is_in_view_with_many_factors(qtbot, journal, skills, make_window):
    overall, writing = skills
    for n in range(8):
        journal.add_factor(f"Custom factor {n}", FactorKind.SCALE, minimum=1, maximum=10)
    checkin = journal.record(ratings={overall: 5, writing: 6}, values={"mood": 3},
                             tags=["work"], note="the interview went well").ids[0]
    window = make_window()
    window.resize(1100, 760)
    view = _history(window)
    assert view.model.columnCount() >= 18  # When, 2 skills, 6 built-in + 8 factors, tags, note
    table = view.table
    qtbot.waitUntil(lambda: table.viewport().width() > 900)
    assert table.horizontalScrollBar().value() == 0
    note = _column(view, "Note")
    left = table.columnViewportPosition(note)
    width = table.columnWidth(note)
    assert left >= 0 and left + width <= table.viewport().width(), (left, width)
    assert width >= 200  # room for a line of text, not a sliver
    assert _cell(view, checkin, "Note") == "the interview went well"
    for header in ("Overall", "Writing", "Tags"):  # the ratings and tags in view too
        section = _column(view, header)
        assert (table.columnViewportPosition(section) + table.columnWidth(section)
                <= table.viewport().width()), header


def test_with_few_factors_the_note_takes_the_room_left(qtbot, journal, skills, make_window):
    journal.record(ratings={skills[0]: 5}, note="short")
    window = make_window()
    window.resize(1400, 760)
    view = _history(window)
    table = view.table
    qtbot.waitUntil(lambda: table.viewport().width() > 1200)
    last = view.model.columnCount() - 1
    right = table.columnViewportPosition(last) + table.columnWidth(last)
    assert right == table.viewport().width()  # no gap at the right, no scroll bar
    assert table.columnWidth(_column(view, "Note")) > 260
