"""Drafts, restart, first run, external changes, lazy imports, crash hook, screenshots."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.errors import ValidationError
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui.welcome import WelcomeDialog, needs_welcome

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def _type_partial(qtbot, kb, window, overall: str) -> None:
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.type("6")
    kb.tab(2)
    kb.type("4")  # mood
    window.form.note_edit.setFocus()
    kb.type("half done")


def test_draft_is_written_while_typing_and_survives_a_crash(qtbot, kb, journal, skills,
                                                            make_window, data_dir):
    overall, _ = skills
    window = make_window()
    _type_partial(qtbot, kb, window, overall)
    draft_file = data_dir / "draft.json"
    qtbot.waitUntil(lambda: draft_file.exists(), timeout=3000)
    draft = json.loads(draft_file.read_text())
    assert draft["ratings"] == {overall: 6}
    assert draft["choices"] == {"mood": 4}
    assert draft["note"] == "half done"
    assert draft["at"] is None
    # "crash": the window is gone without closeEvent; a new one restores the draft
    window.drafting.timer.stop()
    second = make_window()
    assert second.form.rating_input(overall).value() == 6
    assert second.form.factor_input("mood").value() == 4
    assert second.form.note() == "half done"
    assert second.status_label.text() == "Your unfinished check-in was restored."


def test_closing_with_a_draft_asks_and_keeps_it(qtbot, kb, boxes, journal, skills,
                                                make_window):
    overall, _ = skills
    window = make_window()
    _type_partial(qtbot, kb, window, overall)
    boxes.draft_answer = "cancel"
    assert not window.close()
    assert window.isVisible()
    boxes.draft_answer = "keep"
    assert window.close()
    assert boxes.texts("keep-draft") == ["Keep the unfinished check-in as a draft?"] * 2
    reopened = make_window()
    assert reopened.form.rating_input(overall).value() == 6
    assert reopened.form.note() == "half done"
    assert journal.count() == 0


def test_closing_and_discarding_removes_the_draft(qtbot, kb, boxes, journal, skills,
                                                  make_window, data_dir):
    overall, _ = skills
    window = make_window()
    _type_partial(qtbot, kb, window, overall)
    boxes.draft_answer = "discard"
    window.close()
    assert not (data_dir / "draft.json").exists()
    assert make_window().form.is_empty()


def test_closing_an_empty_form_asks_nothing(qtbot, boxes, skills, make_window):
    window = make_window()
    assert window.close()
    assert boxes.shown == []


def test_restart_on_same_data_dir_finds_everything(qtbot, kb, journal, skills, make_window,
                                                   data_dir):
    overall, _ = skills
    window = make_window()
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.type("8")
    window.form.tags_edit.setFocus()
    kb.type("travel")
    kb.press(Qt.Key.Key_Return, CTRL)
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    window.close()
    journal.close()
    settings = Settings.load(data_dir / "settings.json")
    assert settings.last_tab == window.HISTORY_TAB
    assert settings.window_geometry

    again = Journal.open(data_dir)
    try:
        reopened = make_window(again)
        assert reopened.tabs.currentIndex() == reopened.HISTORY_TAB
        view = reopened.history
        assert view.model.rowCount() == 1
        checkin = view.model.checkin(0)
        assert checkin.ratings == {overall: 8} and checkin.tags == ("travel",)
        assert [s.name for s in again.skills()] == ["Overall", "Writing"]
        reopened.close()
    finally:
        again.close()


def test_welcome_with_custom_anchors(qtbot, journal, data_dir):
    settings = Settings.load(data_dir / "settings.json")
    assert needs_welcome(journal, settings)
    dialog = WelcomeDialog(journal, settings)
    qtbot.addWidget(dialog)
    first = dialog.blocks[0]
    assert first.name.text() == "Overall"
    first.low.setText("cannot do it alone")
    first.mid.setText("solid, sometimes stuck")
    first.high.setText("best I know")
    second = dialog.add_block("")
    second.name.setText("Writing")
    second.high.setText("publishable first draft")
    dialog.start_button.click()
    skills = journal.skills()
    assert [(s.name, s.anchor_low, s.anchor_mid, s.anchor_high) for s in skills] == [
        ("Overall", "cannot do it alone", "solid, sometimes stuck", "best I know"),
        ("Writing", "", "", "publishable first draft"),
    ]
    assert Settings.load(data_dir / "settings.json").welcome_done
    assert not needs_welcome(journal, settings)


def test_welcome_with_a_bad_name_keeps_the_dialog(qtbot, boxes, journal, data_dir):
    dialog = WelcomeDialog(journal, Settings.load(data_dir / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.blocks[0].name.setText("Coding=fun")
    dialog.start_button.click()
    assert boxes.texts("warning") == [
        "A skill name cannot contain '=', ';' or ',': 'Coding=fun'."]
    assert journal.skills() == []
    assert not dialog.settings.welcome_done


def test_welcome_skip_creates_overall_without_anchors(qtbot, journal, data_dir):
    settings = Settings.load(data_dir / "settings.json")
    dialog = WelcomeDialog(journal, settings)
    qtbot.addWidget(dialog)
    dialog.blocks[0].low.setText("ignored on skip")
    dialog.skip_button.click()
    [skill] = journal.skills()
    assert (skill.name, skill.anchor_low, skill.anchor_mid, skill.anchor_high) == (
        "Overall", "", "", "")
    assert Settings.load(data_dir / "settings.json").welcome_done


def test_anchors_are_shown_beside_the_scale(qtbot, skills, make_window):
    window = make_window()
    texts = [label.text() for label in window.form.findChildren(type(window.status_label))]
    assert any("world class" in t and "lost" in t and "solid" in t for t in texts)
    assert any("not hungry" in t and "starving" in t for t in texts)


def test_write_from_another_process_refreshes_the_views(qtbot, journal, skills, make_window,
                                                        data_dir):
    overall, _ = skills
    window = make_window()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    assert window.history.model.rowCount() == 0
    other = Journal.open(data_dir)  # as the CLI would
    try:
        other.record(ratings={overall: 3}, tags=["from-cli"])
    finally:
        other.close()
    with qtbot.waitSignal(window.data_changed) as signal:
        assert window.check_external_change()
    assert signal.args == ["all"]
    assert window.history.model.rowCount() == 1
    assert not window.check_external_change()  # only once


def test_skill_management_updates_the_form(qtbot, boxes, journal, skills, make_window):
    from tracker.ui.manage_dialog import ManageDialog

    overall, writing = skills
    window = make_window()
    dialog = ManageDialog(journal, window.apply_change, window)
    qtbot.addWidget(dialog)
    page = dialog.skills_page
    page.list.setCurrentRow(1)
    dialog.skill_name.setText("Prose")
    dialog.anchor_mid.setText("readable")
    page.apply_button.click()
    assert window.form.labels[window.form.rating_input(writing)].text() == "Prose"
    page.up_button.click()
    assert [s.name for s in journal.skills()] == ["Prose", "Overall"]
    page.archive_button.click()
    assert [s.name for s in journal.skills()] == ["Overall"]
    assert window.form.ratings() == {} and len(window.form.input_widgets()) == 1 + 6 + 3
    page.list.setCurrentRow(0)
    assert page.list.currentItem().text() == "Prose  (archived)"
    dialog.skill_name.setText("Overall")
    page.apply_button.click()
    assert boxes.texts("warning") == ["There is already a skill called 'Overall'."]


def test_custom_factor_added_in_the_dialog_appears_in_the_form(qtbot, journal, skills,
                                                               make_window, monkeypatch):
    from tracker.ui.manage_dialog import FactorDialog, ManageDialog

    window = make_window()
    dialog = ManageDialog(journal, window.apply_change, window)
    qtbot.addWidget(dialog)

    def fill(factor_dialog: FactorDialog) -> int:
        factor_dialog.name.setText("Coffee")
        factor_dialog.unit.setText("cups")
        factor_dialog.minimum.setValue(0)
        factor_dialog.maximum.setValue(8)
        return 1

    monkeypatch.setattr(FactorDialog, "exec", fill)
    dialog.factors_page.add_button.click()
    coffee = next(f for f in journal.factors() if f.name == "Coffee")
    box = window.form.factor_input(coffee.id)
    window.form.rating_input(skills[0]).setValue(5)
    box.setValue(2)
    assert window.save_checkin()
    assert journal.checkins()[0].values == {coffee.id: 2.0}


def test_user_error_gets_a_warning_and_a_bug_a_crash_dialog(qtbot, boxes, monkeypatch,
                                                            tmp_path):
    from tracker.ui.crash import install_excepthook

    log = logging.getLogger("touchstone-test-crash")
    log.propagate = False
    handler = logging.FileHandler(tmp_path / "touchstone.log")
    log.addHandler(handler)
    crash_texts: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        crash_texts.append(box.text() + "\n" + box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        install_excepthook(log)
        try:
            raise ValidationError("Mood: 12 is outside 1–10.")
        except ValidationError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        assert boxes.texts("warning") == ["Mood: 12 is outside 1–10."]
        assert crash_texts == []
        secret = "secret " + "note text"
        try:
            raise RuntimeError(secret)
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        [text] = crash_texts
        assert "RuntimeError" in text and str(tmp_path / "touchstone.log") in text
        handler.flush()
        logged = (tmp_path / "touchstone.log").read_text()
        assert "unexpected RuntimeError" in logged and "Traceback" not in logged
        assert "secret note text" not in logged  # messages may quote user input
    finally:
        log.removeHandler(handler)
        handler.close()


def test_screenshots_are_rendered(qtbot, journal, skills, data_dir, tmp_path):
    from tracker.services.drafts import DraftStore
    from tracker.ui.screenshots import render_screenshots

    journal.record(ratings={skills[0]: 6}, values={"mood": 5}, tags=["work"], note="fine")
    drafts = DraftStore(data_dir / "draft.json")
    drafts.save({"note": "the user's own draft"})
    paths = render_screenshots(journal, Settings.load(data_dir / "settings.json"), drafts,
                               tmp_path / "shots", (900, 640))
    names = [p.name for p in paths]
    assert names[:4] == ["checkin-empty.png", "checkin-filled.png", "history.png",
                         "dashboard.png"]
    assert {n for n in names if n.startswith("dashboard-")} == {
        f"dashboard-{v}.png" for v in ("timeline", "scatter", "effects", "share",
                                       "time_of_day", "calendar", "insights", "measured")}
    for path in paths[:4]:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (900, 640)
    assert QImage(str(paths[0])) != QImage(str(paths[1]))
    assert drafts.load() == {"note": "the user's own draft"}  # left alone
    assert journal.count() == 1  # nothing saved


def test_main_window_start_does_not_import_heavy_modules(tmp_path):
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from tracker.services.drafts import DraftStore
        from tracker.services.journal import Journal
        from tracker.settings import Settings
        from tracker.ui.main_window import MainWindow
        app = QApplication([])
        data = Path({str(tmp_path / "data")!r})
        journal = Journal.open(data)
        journal.add_skill("Overall")
        window = MainWindow(journal, Settings.load(data / "settings.json"),
                            DraftStore(data / "draft.json"))
        window.show()
        app.processEvents()
        heavy = [m for m in ("pyqtgraph", "scipy", "tracker.analysis")
                 if m in sys.modules or any(k.startswith(m + ".") for k in sys.modules)]
        print(",".join(heavy) or "none")
        window.outside.timer.stop()
        journal.close()
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "none"


def test_crash_dialog_names_the_log_directory_form(qtbot, monkeypatch, tmp_path):
    from tracker.ui.crash import install_excepthook

    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.informativeText()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook(tmp_path / "logs")
    try:
        raise KeyError("x")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert str(tmp_path / "logs" / "touchstone.log") in texts[0]


def test_export_and_import_from_the_file_menu(qtbot, monkeypatch, boxes, journal, skills,
                                              make_window, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    journal.record(ratings={skills[0]: 7}, values={"sleep_hours": 6.5}, note="exported")
    window = make_window()
    target = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "JSON, full fidelity (*.json)"))
    window.export_action.trigger()
    assert window.status_label.text() == "Exported 1 check-in to out.json"
    assert json.loads(target.read_text())["format"] == "touchstone"

    other = Journal.open(tmp_path / "other")
    try:
        second = make_window(other)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
        with qtbot.waitSignal(second.data_changed):
            second.import_action.trigger()
        assert second.status_label.text() == "Imported: 1 new, 0 already present."
        assert other.checkins()[0].note == "exported"
        assert [s.name for s in other.skills()] == ["Overall", "Writing"]
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
        second.import_action.trigger()
        assert len(boxes.texts("warning")) == 1 and other.count() == 1
        second.close()
    finally:
        other.close()


def test_welcome_opens_with_the_keyboard_on_the_first_skill(qtbot, kb, journal, data_dir):
    """The focus sat on an invisible scroll area: typing did nothing. Now the first skill's name
    has it (selected, so typing replaces "Overall"), and Tab walks to what a 1 means."""
    dialog = WelcomeDialog(journal, Settings.load(data_dir / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.blocks[0].name)
    kb.type("Writing")
    kb.tab()
    kb.type("a blank page")
    assert dialog.blocks[0].name.text() == "Writing"
    assert dialog.blocks[0].low.text() == "a blank page"
    kb.press(Qt.Key.Key_Return)
    assert [(s.name, s.anchor_low) for s in journal.skills()] == [("Writing", "a blank page")]
