"""When a check-in happened: a day back is two keys away and says its date on saving; a time
more than 7 days back or in the future is asked about first, and No keeps the form."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def _rated_form(qtbot, kb, skills, make_window):
    """The window, its form focused on the first rating, a 6 typed into it."""
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.rating_input(skills[0]))
    kb.type("6")
    return window, form


def _focus_when(qtbot, kb, form) -> None:
    form.time_input.edit.setFocus()
    qtbot.waitUntil(lambda: kb.focused() is form.time_input.edit)


def test_yesterday_by_keyboard_is_saved_for_yesterday_and_says_so(
        qtbot, kb, boxes, journal, skills, make_window):
    window, form = _rated_form(qtbot, kb, skills, make_window)
    _focus_when(qtbot, kb, form)
    kb.press(Qt.Key.Key_Down)  # leaves "now" (this minute)
    kb.press(Qt.Key.Key_Down)  # a day back
    kb.press(Qt.Key.Key_Return, CTRL)
    [saved] = journal.checkins()
    yesterday = date.today() - timedelta(days=1)
    assert saved.at.date() in {yesterday, yesterday - timedelta(days=1)}  # (at midnight)
    assert boxes.texts("question") == []  # a day back needs no question
    at = saved.at
    assert window.status_label.text() == (
        f"Check-in saved for {at:%a} {at.day} {at:%b %Y} at {at:%H:%M}")


@pytest.mark.parametrize("days", [-10, 400, 3])
def test_a_time_far_back_or_ahead_is_asked_about_and_no_keeps_the_form(
        qtbot, kb, boxes, journal, skills, make_window, days):
    window, form = _rated_form(qtbot, kb, skills, make_window)
    when = (datetime.now() + timedelta(days=days)).replace(second=0, microsecond=0)
    form.time_input.set_at(when.astimezone())
    boxes.confirm_answer = False
    kb.press(Qt.Key.Key_Return, CTRL)
    [question] = boxes.texts("question")
    assert f"{when:%a} {when.day} {when:%b %Y}, {when:%H:%M}" in question
    assert (f"{abs(days)} days ago" if days < 0 else "in the future") in question
    assert journal.checkins() == [] and form.rating_input(skills[0]).value() == 6  # kept

    boxes.confirm_answer = True
    kb.press(Qt.Key.Key_Return, CTRL)
    [saved] = journal.checkins()
    assert saved.at.replace(tzinfo=None) == when


def test_a_check_in_a_few_days_back_is_saved_without_a_question(
        qtbot, kb, boxes, journal, skills, make_window):
    window, form = _rated_form(qtbot, kb, skills, make_window)
    form.time_input.set_at((datetime.now() - timedelta(days=6)).astimezone())
    kb.press(Qt.Key.Key_Return, CTRL)
    assert boxes.texts("question") == [] and len(journal.checkins()) == 1
