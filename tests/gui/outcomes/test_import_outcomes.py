"""Import outcomes… (File menu): a CSV ``date,measure,value[,unit]`` checked whole through the
service the CLI uses; a bad row is refused with its line and nothing is written; new measures
and replaced values are asked about first (answered by key); a second import adds nothing."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.ui import file_dialogs

pytestmark = pytest.mark.gui

TODAY = date.today()
D1, D2 = (TODAY - timedelta(days=2)).isoformat(), (TODAY - timedelta(days=1)).isoformat()
ALT = Qt.KeyboardModifier.AltModifier


def _rows(data_dir) -> list[tuple]:
    with sqlite3.connect(data_dir / "touchstone.db") as raw:
        return raw.execute(
            "SELECT m.name, m.unit, o.day, o.value, o.source FROM daily_outcomes o "
            "JOIN measures m ON m.id = o.measure_id ORDER BY o.day, m.name").fetchall()


@pytest.fixture
def csv_file(tmp_path, monkeypatch):
    """``write(text)``: the file the file dialog will choose."""
    path = tmp_path / "outcomes.csv"
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: (str(path), ""))

    def write(text: str):
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def window(make_window, skills):
    window = make_window()
    window.heard = []
    window.data_changed.connect(window.heard.append)
    return window


def _question(qtbot, window) -> QMessageBox:
    """The question the import asks, once it has the keyboard."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.parent() is window
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    return box


def test_a_bad_row_is_refused_with_its_line_and_nothing_is_written(window, csv_file, boxes,
                                                                   data_dir):
    for text, said in [
        (f"date,measure,value\n{D1},pages,3\n{D2},pages,three\n",
         "Line 3: the value 'three' is not a number"),
        (f"date,measure,value\n{D1},pages,3\n{(TODAY + timedelta(days=1)).isoformat()},pages,4"
         "\n", "Line 3: " + (TODAY + timedelta(days=1)).isoformat() + " is in the future"),
        (f"{D1},pages,3\n{D1},Pages,4\n", "Line 2: a second value for 'Pages'"),
    ]:
        csv_file(text)
        window.import_outcomes_action.trigger()
        assert said in boxes.texts("warning")[-1]
    assert _rows(data_dir) == [] and window.journal.list_measures() == []
    assert window.heard == []


def test_new_measures_are_created_when_asked_and_a_second_import_adds_nothing(
        qtbot, kb, window, csv_file, data_dir):
    csv_file(f"date,measure,value,unit\n{D1},pages,3,pages\n{D2},pages,5\n"
             f"{D2},problems solved,2\n")
    window.import_outcomes_action.trigger()
    box = _question(qtbot, window)
    assert box.text() == ("The file names measures your journal does not have yet: “pages” in "
                          "pages, “problems solved”. Create them?")
    assert _rows(data_dir) == []  # asked first
    kb.press(Qt.Key.Key_Return)  # Create is the default
    qtbot.waitUntil(lambda: window.heard == ["outcomes"])
    assert _rows(data_dir) == [("pages", "pages", D1, 3.0, "csv"), ("pages", "pages", D2, 5.0,
                                "csv"), ("problems solved", "", D2, 2.0, "csv")]
    assert window.status_label.text() == ("Imported outcomes.csv: 3 days added, 0 replaced, 0 "
                                          "unchanged. New measures: pages, problems solved.")
    window.import_outcomes_action.trigger()  # the same file again: nothing asked, nothing new
    assert QApplication.activeModalWidget() is None
    assert window.status_label.text() == ("Nothing new in outcomes.csv: every row is already in "
                                          "your journal (3 days).")
    assert window.heard == ["outcomes"] and len(_rows(data_dir)) == 3


def test_escape_on_the_create_question_imports_nothing(qtbot, kb, window, csv_file, data_dir):
    csv_file(f"{D1},pages,3\n")
    window.import_outcomes_action.trigger()
    _question(qtbot, window)
    kb.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert window.status_label.text() == "Nothing was imported."
    assert _rows(data_dir) == [] and window.journal.list_measures() == [] and window.heard == []


def test_a_conflict_offers_replace_or_cancel(qtbot, kb, window, csv_file, data_dir):
    journal = window.journal
    pages = journal.add_measure("pages", "pages").ids[0]
    journal.add_outcome(pages, 3, date.fromisoformat(D1))
    csv_file(f"date,measure,value\n{D1},pages,4\n{D2},pages,5\n")
    window.import_outcomes_action.trigger()
    box = _question(qtbot, window)
    assert box.informativeText() == f"Line 2: pages on {D1} is 3 in the journal, the file says 4"
    kb.press(Qt.Key.Key_Return)  # Cancel is the default: a stored value is kept unless asked
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert window.status_label.text() == "Nothing was imported."
    assert _rows(data_dir) == [("pages", "pages", D1, 3.0, "manual")] and window.heard == []

    window.import_outcomes_action.trigger()
    _question(qtbot, window)
    kb.press(Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: window.heard == ["outcomes"])
    assert _rows(data_dir) == [("pages", "pages", D1, 4.0, "csv"),
                               ("pages", "pages", D2, 5.0, "csv")]
    assert window.status_label.text() == ("Imported outcomes.csv: 1 day added, 1 replaced, 0 "
                                          "unchanged.")
