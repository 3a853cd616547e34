"""Where probes start: the offer after a saved check-in (per the setting), the menu's
Ctrl+Shift+M, the setting in the Settings dialog; a probe lands in the journal."""

from __future__ import annotations

import json
import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.probes.probe_driver import FakeTime, key, type_text
from tracker.domain.measured import ProbeKind
from tracker.settings import Settings
from tracker.ui.probes.offer import offered
from tracker.ui.probes.timing import Timing
from tracker.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _window_with_a_saved_checkin(qtbot, kb, skills, make_window, data_dir, offer: str):
    settings = Settings.load(data_dir / "settings.json")
    settings.probe_offer = offer
    window = make_window(settings=settings)
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(skills[0]))
    kb.type("6")
    kb.press(Qt.Key.Key_Return, CTRL)
    return window


def _sprint(dialog, time: FakeTime, qtbot, answers: int = 7) -> None:
    """The digit-symbol sprint chosen by keyboard, predicted, answered right, timed out."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.vigilance_button)
    key(Qt.Key.Key_Tab, pressed_at=time.now, time=time)
    assert QApplication.focusWidget() is dialog.digit_symbol_button
    key(Qt.Key.Key_Space, " ", pressed_at=time.now, time=time)
    type_text("30\r", time)
    type_text("\r", time)
    task = dialog.task
    for _ in range(answers):
        qtbot.waitUntil(lambda: task.onset is not None)
        key(Qt.Key(Qt.Key.Key_0.value + task.current), str(task.current),
            pressed_at=task.onset + 1200, time=time)
    time.fire_next()


def test_after_a_check_in_the_offer_opens_a_probe_linked_to_it_and_saved_in_the_journal(
        qtbot, kb, journal, skills, make_window, data_dir):
    window = _window_with_a_saved_checkin(qtbot, kb, skills, make_window, data_dir, "every")
    [checkin] = journal.checkins()  # saved before anything about a probe
    offer = window.probe_offer
    assert offer.button is not None and offer.button.isVisible()
    time = FakeTime()
    offer.timing = Timing(mono=time.mono, wall=time.wall, scheduler=time, heartbeat=False)
    kb.press(Qt.Key.Key_M, CTRL | SHIFT)  # the menu action's key, from the form
    dialog = offer.dialog
    assert dialog is not None and dialog.isVisible() and not offer.button.isVisible()
    _sprint(dialog, time, qtbot)
    [probe] = journal.list_probes()
    assert probe.kind == ProbeKind.DIGIT_SYMBOL and probe.checkin_id == checkin.id
    assert probe.score == pytest.approx(7 * 60 / 90) and probe.prediction == 30
    assert len(probe.trials) == 8  # every trial kept, the last one unanswered
    assert window.status_label.text() == "Probe saved"


def test_the_menu_opens_a_probe_without_a_check_in(qtbot, kb, journal, skills, make_window):
    window = make_window()
    assert window.probe_action.shortcut().toString() == "Ctrl+Shift+M"
    time = FakeTime()
    window.probe_offer.timing = Timing(mono=time.mono, wall=time.wall, scheduler=time,
                                       heartbeat=False)
    window.probe_action.trigger()
    _sprint(window.probe_offer.dialog, time, qtbot)
    [probe] = journal.list_probes()
    assert probe.checkin_id is None and probe.scored


def test_never_offers_nothing(qtbot, kb, journal, skills, make_window, data_dir):
    window = _window_with_a_saved_checkin(qtbot, kb, skills, make_window, data_dir, "never")
    assert len(journal.checkins()) == 1
    assert window.probe_offer.button is None


def test_a_random_third_is_offered_about_a_third_of_the_time():
    rng = random.Random(11)
    draws = [offered("third", rng) for _ in range(3000)]
    assert 900 < sum(draws) < 1100
    assert all(offered("every", rng) for _ in range(20))
    assert not any(offered(odd, rng) for odd in ("never", "sometimes") for _ in range(20))


def test_a_probe_the_journal_refuses_says_why(qtbot, kb, boxes, journal, skills, make_window,
                                              data_dir):
    window = _window_with_a_saved_checkin(qtbot, kb, skills, make_window, data_dir, "every")
    time = FakeTime()
    window.probe_offer.timing = Timing(mono=time.mono, wall=time.wall, scheduler=time,
                                       heartbeat=False)
    window.probe_offer.open()
    [checkin] = journal.checkins()
    journal.delete(checkin.id)  # (meanwhile, from the History tab)
    _sprint(window.probe_offer.dialog, time, qtbot)
    assert boxes.texts("warning") == [
        "The check-in this probe follows is no longer in the journal."]
    assert journal.list_probes() == []


def test_the_setting_in_the_settings_dialog(qtbot, journal, data_dir, tmp_path):
    path = data_dir / "settings.json"
    dialog = SettingsDialog(Settings.load(path), journal, lambda change: None,
                            autostart_home=tmp_path / "config")
    qtbot.addWidget(dialog)
    assert dialog.probe_offer.currentData() == "third"  # the default
    assert [dialog.probe_offer.itemData(i) for i in range(3)] == ["never", "every", "third"]
    dialog.probe_offer.setCurrentIndex(dialog.probe_offer.findData("every"))
    assert dialog.apply()
    assert json.loads(path.read_text())["probe_offer"] == "every"
    again = SettingsDialog(Settings.load(path), journal, lambda change: None,
                           autostart_home=tmp_path / "config")
    qtbot.addWidget(again)
    assert again.probe_offer.currentData() == "every"


def test_no_offer_while_the_journal_is_read_only(qtbot, kb, journal, skills, make_window,
                                                 data_dir):
    window = _window_with_a_saved_checkin(qtbot, kb, skills, make_window, data_dir, "every")
    window.probe_action.setEnabled(False)  # as read-only mode leaves it (WRITING_ACTIONS)
    window.probe_offer.withdraw()
    assert not window.probe_offer.after_checkin(journal.checkins()[0].id)
    assert not window.probe_offer.button.isVisible()
