"""Add outcome… (Ctrl+Shift+O): typed by keys into the focused widget, saved through the
journal into a real SQLite file; an unknown measure is asked about (and answered by key); bad
input is said in the dialog with nothing written and the form kept; a replaced value is
announced before the save; the window's change signal reaches the dashboard."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tracker.ui.outcomes.add_dialog import AddOutcomeDialog, NewMeasureDialog

pytestmark = pytest.mark.gui

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TODAY = date.today()


def _rows(data_dir) -> list[tuple]:
    """What the database file holds: (measure, unit, higher is better, day, value, source)."""
    with sqlite3.connect(data_dir / "touchstone.db") as raw:
        return raw.execute(
            "SELECT m.name, m.unit, m.higher_is_better, o.day, o.value, o.source FROM measures m "
            "LEFT JOIN daily_outcomes o ON o.measure_id = m.id ORDER BY m.name, o.day"
        ).fetchall()


def _focused_in(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def _open(qtbot, kb, window) -> AddOutcomeDialog:
    """Ctrl+Shift+O from the window: the dialog, with the focus in its measure field."""
    kb.press(Qt.Key.Key_O, CTRL_SHIFT)
    qtbot.waitUntil(lambda: isinstance(dialog := QApplication.activeModalWidget(),
                                       AddOutcomeDialog) and dialog.parent() is window)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, AddOutcomeDialog)
    qtbot.waitUntil(lambda: _focused_in(dialog.measure))
    return dialog


@pytest.fixture
def pages(journal) -> str:
    return journal.add_measure("Pages written", "pages").ids[0]


def test_typed_measure_tab_value_return_saves_and_the_dashboard_hears_it(
        qtbot, kb, journal, skills, pages, make_window, data_dir):
    window = make_window()
    dashboard = window.dashboard()
    epoch = dashboard.data.epoch
    dialog = _open(qtbot, kb, window)
    kb.type("pages written")
    assert dialog.unit.text() == "pages"  # the unit of the measure typed, beside the value
    kb.tab()
    assert QApplication.focusWidget() is dialog.value
    kb.type("15")
    with qtbot.waitSignal(window.data_changed) as changed:
        kb.press(Qt.Key.Key_Return)
    assert changed.args == ["outcomes"]
    assert dashboard.data.epoch > epoch  # the dashboard's reports (Felt vs measured) are stale
    assert not dialog.isVisible()
    assert _rows(data_dir) == [("Pages written", "pages", 1, TODAY.isoformat(), 15.0,
                                "manual")]
    assert window.status_label.text() == f"Pages written on {TODAY.isoformat()}: 15 pages saved."


def test_an_unknown_measure_is_created_after_asking_with_its_unit(
        qtbot, kb, journal, skills, make_window, data_dir):
    window = make_window()
    dialog = _open(qtbot, kb, window)
    kb.type("Anki reviews")
    assert "new measure" in dialog.note.text()
    kb.tab()
    kb.type("120")
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.asking is not None and dialog.asking.isVisible())
    asking = dialog.asking
    assert isinstance(asking, NewMeasureDialog)
    assert "no measure called “Anki reviews”" in asking.question.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is asking.unit)
    assert _rows(data_dir) == []  # asked first, nothing written yet
    kb.type("cards")
    kb.tab()
    assert QApplication.focusWidget() is asking.higher
    kb.press(Qt.Key.Key_Space)  # fewer is better, this once
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _rows(data_dir) == [("Anki reviews", "cards", 0, TODAY.isoformat(), 120.0,
                                "manual")]
    assert window.status_label.text().startswith("New measure “Anki reviews”.")


def test_declining_to_create_writes_nothing_and_keeps_the_form(qtbot, kb, journal, skills,
                                                             make_window, data_dir):
    window = make_window()
    dialog = _open(qtbot, kb, window)
    kb.type("Anki reviews")
    kb.tab()
    kb.type("120")
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.asking is not None and dialog.asking.isVisible())
    asking = dialog.asking
    qtbot.waitUntil(lambda: QApplication.focusWidget() is asking.unit)
    kb.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not asking.isVisible())
    assert dialog.isVisible()
    assert dialog.problem.text() == "Not saved: “Anki reviews” is not a measure yet."
    assert (dialog.measure.currentText(), dialog.value.text()) == ("Anki reviews", "120")
    assert _rows(data_dir) == [] and journal.list_measures() == []


@pytest.mark.parametrize(("keys", "field", "message"), [
    ([Qt.Key.Key_Tab, "15"], "measure",
     "Name the measure: type it, or press Down to choose one."),
    (["Pages written", Qt.Key.Key_Tab, "fifteen"], "value",
     "“fifteen” is not a number: type the value as a number, such as 3 or 2.5."),
    (["Pages written", Qt.Key.Key_Tab, "1.5.2"], "value",
     "“1.5.2” is not a number: type the value as a number, such as 3 or 2.5."),
    (["Pages written", Qt.Key.Key_Tab, "nan"], "value",
     "“nan” is not a number: type the value as a number, such as 3 or 2.5."),
    (["Pages written"], "value", "Type the value: a number, such as 3 or 2.5."),
    # the date's year section is first: Up makes it next year
    (["Pages written", Qt.Key.Key_Tab, "15", Qt.Key.Key_Tab, Qt.Key.Key_Up], "date",
     "is in the future"),
])
def test_bad_input_is_said_in_the_dialog_nothing_written_form_kept(
        qtbot, kb, journal, skills, pages, make_window, data_dir, keys, field, message):
    window = make_window()
    dialog = _open(qtbot, kb, window)
    for key in keys:
        if isinstance(key, str):
            kb.type(key)
        else:
            kb.press(key)
    typed = (dialog.measure.currentText(), dialog.value.text(), dialog.date.date())
    kb.press(Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and message in dialog.problem.text()
    assert _focused_in(getattr(dialog, field))  # back to the field to correct
    assert (dialog.measure.currentText(), dialog.value.text(), dialog.date.date()) == typed
    assert _rows(data_dir) == [("Pages written", "pages", 1, None, None, None)]
    assert [m.name for m in journal.list_measures()] == ["Pages written"]


def test_a_day_with_a_value_says_what_it_was_before_replacing_it(
        qtbot, kb, journal, skills, pages, make_window, data_dir):
    yesterday = TODAY - timedelta(days=1)
    journal.add_outcome(pages, 12, TODAY)
    window = make_window()
    dialog = _open(qtbot, kb, window)
    kb.type("Pages written")
    assert dialog.note.isVisible()
    assert dialog.note.text() == (f"Pages written on {TODAY.isoformat()} is already 12 pages: "
                                  "saving replaces it.")
    assert dialog.save_button.text() == "&Replace"
    dialog.date.setDate(dialog.date.date().addDays(-1))  # another day: nothing to replace
    assert not dialog.note.isVisible() and dialog.save_button.text() == "&Save"
    dialog.date.setDate(dialog.date.date().addDays(1))
    kb.tab()
    kb.type("15")
    kb.press(Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert _rows(data_dir) == [("Pages written", "pages", 1, TODAY.isoformat(), 15.0,
                                "manual")]
    assert window.status_label.text() == (f"Pages written on {TODAY.isoformat()}: 15 pages "
                                          "saved. It was 12 pages.")
    assert yesterday.isoformat() not in str(_rows(data_dir))


def test_the_list_holds_the_measures_and_down_chooses_one(qtbot, kb, journal, skills, pages,
                                                          make_window, data_dir):
    journal.add_measure("Problems solved")
    window = make_window()
    dialog = _open(qtbot, kb, window)
    assert [dialog.measure.itemText(i) for i in range(dialog.measure.count())] == [
        "Pages written", "Problems solved"]
    kb.press(Qt.Key.Key_Down)
    assert dialog.measure.currentText() == "Pages written" and dialog.unit.text() == "pages"
    kb.press(Qt.Key.Key_Down)
    assert dialog.measure.currentText() == "Problems solved" and dialog.unit.text() == ""
    kb.tab()
    kb.type("2,5")  # a decimal comma reads as well as a point
    kb.press(Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert ("Problems solved", "", 1, TODAY.isoformat(), 2.5, "manual") in _rows(data_dir)


def test_escape_closes_without_writing(qtbot, kb, journal, skills, pages, make_window, data_dir):
    window = make_window()
    dialog = _open(qtbot, kb, window)
    kb.type("Pages written")
    kb.tab()
    kb.type("3")
    kb.press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert _rows(data_dir) == [("Pages written", "pages", 1, None, None, None)]



def test_every_outcome_screen_renders_for_the_screenshots_and_nothing_is_saved(
        qtbot, journal, pages, data_dir, tmp_path):
    from tracker.ui.outcomes.screenshots import render_outcomes

    journal.add_outcome(pages, 12, TODAY - timedelta(days=3))
    before = _rows(data_dir)
    paths = render_outcomes(journal, tmp_path, ("dark",))
    assert [p.name for p in paths] == [f"outcome-{n}-dark.png" for n in (
        "add", "add-replace", "add-problem", "new-measure")]
    assert all(p.stat().st_size > 1000 for p in paths)
    assert _rows(data_dir) == before


def test_the_felt_vs_measured_view_shows_an_outcome_added_from_the_dialog(
        qtbot, kb, journal, skills, make_window):
    for back in range(1, 4):
        journal.record(ratings={skills[0]: 4 + back}, values={"mood": 5},
                       at=datetime.now(UTC) - timedelta(days=back))
    window = make_window()
    kb.press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.dashboard().isVisible())
    dashboard = window.dashboard()
    dashboard.set_range("all")
    view = dashboard.set_view("measured")

    def items() -> list[str]:
        return [view.measure_box.itemText(i) for i in range(view.measure_box.count())]

    qtbot.waitUntil(lambda: view.stamp is not None and view.settled(), timeout=30000)
    assert "Anki reviews (outcome)" not in items()
    dialog = _open(qtbot, kb, window)
    kb.type("Anki reviews")
    kb.tab()
    kb.type("120")
    kb.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.asking is not None and _focused_in(dialog.asking))
    kb.press(Qt.Key.Key_Return)  # Create and save
    qtbot.waitUntil(lambda: "Anki reviews (outcome)" in items(), timeout=30000)


def test_read_only_mode_offers_neither_outcome_action(qtbot, kb, journal, skills, make_window,
                                                      tmp_path):
    from tracker.ui.read_only_mode import apply_read_only

    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)
    opened = QApplication.activeModalWidget()
    assert isinstance(opened, AddOutcomeDialog)  # at once, with nothing to wait for
    opened.reject()
    apply_read_only(window, str(tmp_path), "a test")
    assert not window.add_outcome_action.isEnabled()
    assert not window.import_outcomes_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_O, CTRL_SHIFT)  # the form is disabled: no focus in it
    assert QApplication.activeModalWidget() is None


def test_alt_letters_reach_each_field(qtbot, kb, journal, skills, make_window):
    window = make_window()
    dialog = _open(qtbot, kb, window)
    alt = Qt.KeyboardModifier.AltModifier
    for key, field in ((Qt.Key.Key_D, dialog.date), (Qt.Key.Key_V, dialog.value),
                       (Qt.Key.Key_M, dialog.measure)):
        kb.press(key, alt)
        assert _focused_in(field), key
