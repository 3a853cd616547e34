"""The small input widgets: scale, optional number, timestamp, tags."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit

from tracker.ui.number_input import NumberInput, format_number, parse_number
from tracker.ui.scale_input import ScaleInput
from tracker.ui.tags_input import TagsInput
from tracker.ui.timestamp_input import TimestampInput

pytestmark = pytest.mark.gui

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)


@pytest.fixture
def scale(qtbot) -> ScaleInput:
    widget = ScaleInput(1, 10)
    qtbot.addWidget(widget)
    return widget


def test_scale_starts_not_set_and_takes_digits(qtbot, scale):
    assert scale.value() is None
    assert scale.accessibleDescription() == "not set"
    with qtbot.waitSignal(scale.valueChanged) as signal:
        qtbot.keyClick(scale, Qt.Key.Key_7)
    assert signal.args == [7] and scale.value() == 7
    assert scale.accessibleDescription() == "7 of 10"
    qtbot.keyClick(scale, Qt.Key.Key_0)
    assert scale.value() == 10


def test_scale_arrows_clamp_and_backspace_clears(qtbot, scale):
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 1  # from "not set", Right starts at the low end
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 1
    qtbot.keyClick(scale, Qt.Key.Key_End)
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 10
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 9
    qtbot.keyClick(scale, Qt.Key.Key_Delete)
    assert scale.value() is None
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert scale.value() == 10
    qtbot.keyClick(scale, Qt.Key.Key_Backspace)
    assert scale.value() is None


def test_short_scale_ignores_digits_outside_it(qtbot):
    widget = ScaleInput(1, 5)
    qtbot.addWidget(widget)
    for key in (Qt.Key.Key_0, Qt.Key.Key_7):
        qtbot.keyClick(widget, key)
    assert widget.value() is None
    qtbot.keyClick(widget, Qt.Key.Key_5)
    assert widget.value() == 5


def test_yes_no_scale_takes_y_and_n(qtbot):
    widget = ScaleInput(0, 1, ["No", "Yes"])
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget, "y")
    assert widget.value() == 1
    qtbot.keyClicks(widget, "n")
    assert widget.value() == 0
    qtbot.keyClick(widget, Qt.Key.Key_1)
    assert widget.value() == 1


def test_long_scale_takes_two_digits(qtbot):
    widget = ScaleInput(1, 20)
    qtbot.addWidget(widget)
    qtbot.keyClicks(widget, "15")
    assert widget.value() == 15


def test_click_sets_and_second_click_clears(qtbot, scale):
    scale.show()
    qtbot.waitExposed(scale)
    cell = scale._cell_rect(2).center().toPoint()  # the "3"
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=cell)
    assert scale.value() == 3
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=cell)
    assert scale.value() is None
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=QPoint(1000, 5))
    assert scale.value() is None


def test_number_input_can_be_empty_and_steps_by_quarters(qtbot):
    box = NumberInput(0, 24, 0.25)
    qtbot.addWidget(box)
    assert box.value() is None
    assert box.lineEdit().placeholderText() == "not set"
    box.stepBy(1)
    assert box.value() == 0
    box.setValue(7.5)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 7.75
    box.stepBy(100)
    assert box.value() == 24
    box.clear()
    assert box.value() is None


def test_number_input_refuses_letters(qtbot):
    box = NumberInput(0, 24, 0.25)
    qtbot.addWidget(box)
    qtbot.keyClicks(box, "7a.5x")
    assert box.lineEdit().text() == "7.5"


def test_numbers_follow_the_locale():
    assert parse_number("7,5", GERMAN) == 7.5
    assert parse_number("7.5", GERMAN) == 7.5
    assert parse_number("7.5", QLocale.c()) == 7.5
    assert parse_number("  ", GERMAN) is None
    assert format_number(7.25, 2, GERMAN) == "7,25"
    assert format_number(8.0, 2, GERMAN) == "8"
    with pytest.raises(ValueError):
        parse_number("7.5.1", QLocale.c())


def _this_minute() -> set[datetime]:
    now = datetime.now()
    return {now.replace(second=0, microsecond=0),
            (now + timedelta(seconds=1)).replace(second=0, microsecond=0)}


def _focused_timestamp(qtbot) -> TimestampInput:
    widget = TimestampInput()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    widget.edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget.edit)
    return widget


def test_timestamp_says_now_until_touched(qtbot, kb):
    widget = _focused_timestamp(qtbot)
    assert widget.at() is None and widget.edit.text() == "now"

    minutes = _this_minute()
    kb.press(Qt.Key.Key_Down)  # only leaves "now"
    at = widget.at()
    assert at is not None and at.replace(tzinfo=None) in minutes
    assert widget.edit.currentSection() == QDateTimeEdit.Section.DaySection
    assert at == at.replace(tzinfo=None).astimezone()  # the local offset of that moment
    widget.reset()
    assert widget.at() is None and widget.edit.text() == "now"


def test_the_first_arrow_key_never_changes_the_year(qtbot, kb):
    """One Down on "now" gave the same day a year back (the year section was selected and the
    key both left "now" and stepped): a "yesterday" check-in was saved a year early."""
    widget = _focused_timestamp(qtbot)
    minutes = _this_minute()
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Down)
    at = widget.at()
    assert at is not None
    assert at.replace(tzinfo=None) in {m - timedelta(days=1) for m in minutes}  # yesterday


def test_a_wheel_turn_on_now_only_leaves_now(qtbot):
    widget = TimestampInput()
    qtbot.addWidget(widget)
    minutes = _this_minute()
    widget.edit.stepBy(-1)  # what a wheel notch or a spin arrow does
    at = widget.at()
    assert at is not None and at.replace(tzinfo=None) in minutes
    widget.edit.stepBy(-1)
    assert widget.at().replace(tzinfo=None) in {m - timedelta(days=1) for m in minutes}


def test_the_day_back_button_moves_one_day(qtbot):
    widget = TimestampInput()
    qtbot.addWidget(widget)
    minutes = _this_minute()
    qtbot.mouseClick(widget.day_back_button, Qt.MouseButton.LeftButton)
    assert widget.at().replace(tzinfo=None) in {m - timedelta(days=1) for m in minutes}
    qtbot.mouseClick(widget.day_back_button, Qt.MouseButton.LeftButton)
    assert widget.at().replace(tzinfo=None) in {m - timedelta(days=2) for m in minutes}
    assert widget.now_button.isEnabled()


def test_timestamp_keeps_a_loaded_offset(qtbot):
    widget = TimestampInput()
    qtbot.addWidget(widget)
    tokyo = timezone(timedelta(hours=9))
    when = datetime(2026, 2, 1, 23, 15, tzinfo=tokyo)
    widget.set_at(when)
    assert widget.at() == when
    widget.edit.stepBy(1)  # one step of the current section, still on Tokyo's clock
    assert widget.at().utcoffset() == timedelta(hours=9)
    assert widget.at() != when


def test_tags_complete_the_last_tag(qtbot):
    edit = TagsInput()
    qtbot.addWidget(edit)
    edit.set_known_tags(["work", "walk", "coffee"])
    edit.show()
    qtbot.keyClicks(edit, "home, cof")
    completer = edit._completer
    assert completer.completionPrefix() == "cof"
    assert completer.currentCompletion() == "coffee"
    completer.activated.emit("coffee")
    assert edit.text() == "home, coffee, "
    assert edit.tags() == ["home", "coffee"]
