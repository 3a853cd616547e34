"""After a save (Ctrl+Return on the form), the status bar adds the headline in one line: the
first sentence of the Dashboard's card, from the same report, computed off the UI thread (the
save message shows first) and shared with the Dashboard (one report for both)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from tracker.services.demo import seed_journal
from tracker.services.headline import headline
from tracker.services.report_types import Report, parse
from tracker.ui.dashboard.data import since_for

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def _save_by_keys(qtbot, kb, window, skill_id: str, digit: str) -> str:
    """Type a rating and Ctrl+Return; the save message as it stands right after the key."""
    window.form.focus_first()  # a seeded journal's window may open with the focus on When
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(skill_id))
    kb.type(digit)
    kb.press(Qt.Key.Key_Return, CTRL)
    [saved] = [c for c in window.journal.checkins() if c.at.date() == date.today()]
    return f"Check-in saved at {saved.at:%H:%M}"


def test_a_young_journal_gets_the_progress_line_after_a_save(qtbot, kb, journal, skills,
                                                             make_window):
    overall, _ = skills
    start = datetime.now() - timedelta(days=4)
    for day in range(2):
        journal.record(ratings={overall: 5 + day}, values={"mood": 4 + day},
                       at=(start + timedelta(days=day)).astimezone())
    window = make_window()
    message = _save_by_keys(qtbot, kb, window, overall, "7")
    # the save did not wait for the analysis: its message is on show before the line, and
    # nothing of the report was loaded or started on the save's path
    assert window.status_label.text() == message
    assert window.status_headline._worker is None
    expected = (f"{message}. 3 of about 30 days needed before a first answer about your "
                "Overall rating.")
    qtbot.waitUntil(lambda: window.status_label.text() == expected, timeout=20000)
    assert window.status_label.toolTip() == expected  # the whole line, however narrow


def test_the_line_is_the_cards_first_sentence_from_one_shared_report(qtbot, kb, journal,
                                                                    make_window, tmp_path):
    seed_journal(journal, days=365, end=date.today() - timedelta(days=1), reality=False)
    overall = journal.skills()[0].id
    window = make_window()
    narrowest = window.minimumSizeHint().width()
    message = _save_by_keys(qtbot, kb, window, overall, "8")
    assert window.status_label.text() == message
    qtbot.waitUntil(lambda: window.status_label.text() != message, timeout=60000)

    since = since_for("1y", date.today())
    [section] = parse(Report, journal.report(skill_id=overall, since=since)).skills
    line = headline(section)
    assert line.days_needed is None  # a year of data: an answer, not progress
    assert window.status_label.text() == f"{message}. {line.line()}"
    window.grab().save(str(tmp_path / "status-headline.png"))
    assert window.minimumSizeHint().width() == narrowest  # the long line never widens it

    # the Dashboard draws from the report the line was made from: not computed again
    worker = window.status_headline.worker
    calls = worker.data.report_calls
    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
    qtbot.waitUntil(lambda: window._dashboard is not None
                    and window._dashboard.headline.isVisible(), timeout=20000)
    card = window._dashboard.headline.label.text()
    assert card == line.text and card.startswith(line.line())
    assert worker.data.report_calls == calls


def test_a_save_with_the_dashboard_open_uses_its_skill_and_range(qtbot, kb, journal, skills,
                                                                 make_window):
    overall, writing = skills
    start = datetime.now() - timedelta(days=6)
    for day in range(4):
        journal.record(ratings={overall: 5, writing: 4 + day},
                       at=(start + timedelta(days=day)).astimezone())
    window = make_window()
    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
    qtbot.waitUntil(lambda: window._dashboard is not None
                    and window._dashboard.headline.isVisible(), timeout=20000)
    dash = window._dashboard
    dash.set_skill(writing)
    dash.set_range("30d")
    window.tabs.setCurrentIndex(window.CHECKIN_TAB)
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.type("6")
    kb.tab()
    kb.type("7")  # Writing
    kb.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "days needed" in window.status_label.text(), timeout=20000)
    assert window.status_label.text().endswith(
        "5 of about 30 days needed before a first answer about your Writing rating.")
