"""The window's outcome sources: the background refresh, the "Outcome sources…" dialog (by
keys where keys are claimed), and nothing of the sources before the first paint."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.start_stages import add_checkin, loaded_at_each_stage
from tracker.services.outcome_sources import SourceBook, add_source
from tracker.settings import Settings
from tracker.ui.outcome_sources import refresher as refresher_module
from tracker.ui.outcome_sources.dialog import OutcomeSourcesDialog

pytestmark = pytest.mark.gui
TODAY = date.today()
D1, D2 = TODAY - timedelta(days=2), TODAY - timedelta(days=1)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    f = tmp_path / "words.csv"
    f.write_text(f"date,words\n{D1},500\n{D2},300\n", "utf-8")
    return f


def source_values(journal) -> dict[date, float]:
    return {o.day: o.value for o in journal.list_outcomes() if o.source.startswith("source:")}


def test_sources_are_read_after_start_then_hourly(
        qtbot, make_window, journal, data_dir, sheet, monkeypatch):
    settings = Settings.load(data_dir / "settings.json")
    add_source(SourceBook(settings), "metric", "Words", {"file": str(sheet)}, "words")
    monkeypatch.setattr(refresher_module, "START_DELAY_MS", 0)
    window = make_window(settings=settings)
    qtbot.waitUntil(lambda: source_values(journal) == {D1: 500.0, D2: 300.0}, timeout=20_000)
    qtbot.waitUntil(lambda: not window.outcome_sources.running)
    assert SourceBook(settings).status(SourceBook(settings).find("Words")).days == 2
    assert window.outcome_sources.timer.isActive()  # then hourly
    assert window.outcome_sources.timer.interval() == 60 * 60 * 1000


def test_the_dialog_adds_by_keys_refuses_bad_input_and_removes_after_asking(
        qtbot, make_window, journal, data_dir, sheet, kb, boxes):
    window = make_window()
    dialog = OutcomeSourcesDialog(window, window.outcome_sources)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.kind.setFocus()
    qtbot.waitUntil(dialog.kind.hasFocus)
    kb.press(Qt.Key.Key_Down)
    kb.press(Qt.Key.Key_Down)  # the daily-metric file, by keys
    assert dialog.kind.currentData() == "metric" and dialog.pages.currentIndex() == 2
    # bad input: a message in the dialog, nothing saved, the form kept
    dialog.name.setFocus()
    kb.type("Words written")
    dialog.file.setFocus()
    kb.type(str(sheet.parent / "missing.csv"))
    kb.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "&Add and read" (animated)
    qtbot.waitUntil(lambda: "is not there" in dialog.message.text())
    assert dialog.message.property("problem")
    assert dialog.name.text() == "Words written" and window.settings.outcome_sources == []
    # corrected: added, read in the background, listed with its days
    dialog.file.selectAll()
    kb.type(str(sheet))
    dialog.unit.setFocus()
    kb.type("words")
    with qtbot.waitSignal(window.outcome_sources.finished, timeout=20_000):
        kb.press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert source_values(journal) == {D1: 500.0, D2: 300.0}
    assert journal.measure_by_name("Words written").unit == "words"
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "2"
    assert dialog.name.text() == "" and dialog.message.text() == "Sources read."
    # a refresh now after the file changed
    sheet.write_text(f"date,words\n{D1},700\n", "utf-8")
    with qtbot.waitSignal(window.outcome_sources.finished, timeout=20_000):
        dialog.refresh_button.click()
    assert source_values(journal) == {D1: 700.0}
    # remove: asks; No keeps everything, Yes drops the values and the measure
    dialog.table.selectRow(0)
    boxes.confirm_answer = False
    assert not dialog.remove_selected()
    assert source_values(journal) == {D1: 700.0}
    boxes.confirm_answer = True
    assert dialog.remove_selected()
    assert any("Remove Words written" in t for t in boxes.texts("question"))
    assert source_values(journal) == {} and journal.measure_by_name("Words written") is None
    assert dialog.table.rowCount() == 0 and window.settings.outcome_sources == []
    dialog.grab().save(str(data_dir / "sources-dialog.png"))


def test_the_menu_opens_the_dialog(make_window, monkeypatch):
    window = make_window()
    opened = []
    monkeypatch.setattr(OutcomeSourcesDialog, "exec", lambda self: opened.append(self) or 0)
    window.actions_by_id["outcome_sources"].trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "Outcome sources"


def test_nothing_of_the_sources_is_imported_before_the_first_paint(data_dir, sheet):
    add_checkin(data_dir)
    settings = Settings.load(data_dir / "settings.json")
    add_source(SourceBook(settings), "metric", "Words", {"file": str(sheet)})
    lines = loaded_at_each_stage(data_dir, ("tracker.sources", "tracker.services.outcome_sources",
                                            "tracker.ui.outcome_sources.refresher"))
    assert lines[0] == "first_paint: none"
    assert lines[-1] == "exit: tracker.ui.outcome_sources.refresher"  # the read comes later
