"""The check-in form driven with the keyboard only, as a user would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QLabel

from tracker.ui.number_input import NumberInput

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def test_whole_checkin_typed_with_keyboard_only(qtbot, kb, journal, skills, make_window):
    overall, writing = skills
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.rating_input(overall))

    kb.type("7")  # Overall
    kb.tab()
    kb.tab()  # Writing skipped
    kb.type("6")  # mood
    kb.tab()
    kb.type("7.5")  # sleep hours
    kb.tab()
    kb.tab()  # sleep quality skipped
    kb.type("2")  # hunger
    kb.tab()
    kb.type("0")  # energy: 0 means 10
    kb.tab()
    kb.type("3")  # stress
    kb.tab()
    assert kb.focused() is form.tags_edit
    kb.type("work, focus")
    kb.tab()
    assert kb.focused() is form.note_edit
    kb.type("Good day")
    kb.press(Qt.Key.Key_Return, CTRL)

    saved = journal.checkins()
    assert len(saved) == 1
    checkin = saved[0]
    assert checkin.ratings == {overall: 7}
    assert checkin.values == {"mood": 6, "sleep_hours": 7.5, "hunger": 2, "energy": 10,
                              "stress": 3}
    assert "sleep_quality" not in checkin.values
    assert checkin.tags == ("work", "focus")
    assert checkin.note == "Good day"
    assert checkin.at.utcoffset() is not None
    # quiet confirmation, form reset, focus back on the first rating, no draft left
    assert window.status_label.text() == f"Check-in saved at {checkin.at:%H:%M}"
    assert form.is_empty()
    assert form.rating_input(overall).value() is None
    assert kb.focused() is form.rating_input(overall)
    assert window.drafts.load() is None


def test_several_checkins_a_day(qtbot, kb, journal, skills, make_window):
    overall, _ = skills
    window = make_window()
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    for digit in "468":
        kb.type(digit)
        kb.press(Qt.Key.Key_Return, CTRL)
    assert sorted(c.ratings[overall] for c in journal.checkins()) == [4, 6, 8]


def test_sleep_in_german_locale_takes_a_decimal_comma(qtbot, kb, journal, skills, make_window):
    overall, _ = skills
    window = make_window()
    sleep = window.form.factor_input("sleep_hours")
    assert isinstance(sleep, NumberInput)
    sleep.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    window.form.rating_input(overall).setValue(5)
    sleep.setFocus()
    kb.type("6,75")
    kb.press(Qt.Key.Key_Return, CTRL)
    assert journal.checkins()[0].values == {"sleep_hours": 6.75}
    sleep.setValue(7.5)
    assert sleep.lineEdit().text() == "7,5"


def test_no_rating_shows_the_message_and_keeps_the_form(qtbot, kb, boxes, journal, skills,
                                                        make_window):
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.rating_input(skills[0]))
    kb.tab(2)
    kb.type("5")  # mood only
    kb.press(Qt.Key.Key_Return, CTRL)
    assert boxes.texts("warning") == ["Rate at least one skill."]
    assert journal.count() == 0
    assert form.factor_input("mood").value() == 5


def test_sleep_out_of_range_names_the_problem_and_keeps_it(qtbot, kb, boxes, journal, skills,
                                                           make_window):
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.rating_input(skills[0]))
    kb.type("8")
    kb.tab(3)
    kb.type("30")
    kb.press(Qt.Key.Key_Return, CTRL)
    assert boxes.texts("warning") == ["Sleep: 30 h is outside 0–24 h."]
    assert journal.count() == 0
    assert form.factor_input("sleep_hours").lineEdit().text() == "30"
    assert form.rating_input(skills[0]).value() == 8


def test_sleep_not_on_a_quarter_hour_is_refused(qtbot, kb, boxes, journal, skills, make_window):
    window = make_window()
    window.form.rating_input(skills[0]).setValue(3)
    window.form.factor_input("sleep_hours").setFocus()
    kb.type("7.1")
    kb.press(Qt.Key.Key_Return, CTRL)
    assert boxes.texts("warning") == ["Sleep: 7.1 h is not a multiple of 0.25 h."]
    assert journal.count() == 0


def test_escape_asks_before_clearing_a_filled_form(qtbot, kb, boxes, skills, make_window):
    overall, _ = skills
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.rating_input(overall))
    kb.press(Qt.Key.Key_Escape)  # empty form: nothing to ask
    assert boxes.shown == []
    kb.type("9")
    boxes.confirm_answer = False
    kb.press(Qt.Key.Key_Escape)
    assert boxes.texts("question") == ["Clear everything entered in this check-in?"]
    assert form.rating_input(overall).value() == 9
    boxes.confirm_answer = True
    kb.press(Qt.Key.Key_Escape)
    assert len(boxes.texts("question")) == 2
    assert form.is_empty()


def test_backspace_clears_a_scale_back_to_not_set(qtbot, kb, skills, make_window):
    overall, _ = skills
    window = make_window()
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.type("4")
    kb.press(Qt.Key.Key_Backspace)
    assert window.form.rating_input(overall).value() is None
    assert window.form.is_empty()


def test_every_input_has_an_accessible_name_and_a_visible_label(qtbot, skills, make_window,
                                                               journal):
    journal.add_factor("Coffee", "number", 0, 10, 1, "cups")
    journal.add_factor("Exercised", "yesno")
    window = make_window()
    widgets = window.form.input_widgets()
    assert len(widgets) == 2 + 6 + 2 + 3
    for widget in widgets:
        assert widget.accessibleName().strip(), widget
        label = window.form.labels[widget]
        assert isinstance(label, QLabel)
        assert label.text().strip()
        assert label.buddy() is widget
        assert label.isVisible()
    names = [w.accessibleName() for w in widgets]
    assert "Overall: self-rating from 1 to 10" in names
    assert "Coffee (cups)" in names
    assert "Exercised: yes or no" in names


def test_tab_order_follows_the_layout(qtbot, kb, journal, skills, make_window):
    """Tab walks the inputs in reading order on screen: the left column (ratings, then the
    state factors) top to bottom, then the right column (tags, note, time)."""
    window = make_window()
    form = window.form
    qtbot.waitUntil(lambda: kb.focused() is form.input_widgets()[0])
    count = len(form.input_widgets())
    seen = [kb.focused()]
    for _ in range(count - 1):
        kb.tab()
        seen.append(kb.focused())
    assert len(set(seen)) == count and all(w.isVisible() for w in seen)

    def place(widget):
        top_left = widget.mapTo(window, QPoint(0, 0))
        return (form._right.isAncestorOf(widget), top_left.y(), top_left.x())

    on_screen = sorted(seen, key=place)
    assert [w.accessibleName() for w in seen] == [w.accessibleName() for w in on_screen]
    assert seen == on_screen
    names = [w.accessibleName() for w in seen]
    assert names[:2] == ["Overall: self-rating from 1 to 10", "Writing: self-rating from 1 to 10"]
    assert names[2].startswith("Mood") and seen[-3:] == [form.tags_edit, form.note_edit,
                                                        form.time_input.edit]
    kb.press(Qt.Key.Key_Backtab)
    assert kb.focused() is seen[-2]


def test_backfilled_time_is_saved_with_an_offset(qtbot, kb, boxes, journal, skills,
                                                 make_window):
    from datetime import datetime

    window = make_window()
    form = window.form
    assert form.time_input.edit.text() == "now"
    form.rating_input(skills[0]).setValue(6)
    when = datetime(2026, 3, 14, 21, 30).astimezone()
    form.time_input.set_at(when)
    assert form.time_input.edit.text() == "2026-03-14  21:30"
    boxes.confirm_answer = True  # "Save this check-in for Sat 14 Mar 2026, 21:30? …"
    assert window.save_checkin()
    saved = journal.checkins()[0]
    assert saved.at == when and saved.at.utcoffset() == when.utcoffset()
    assert form.time_input.edit.text() == "now"
