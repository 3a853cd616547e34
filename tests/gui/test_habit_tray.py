"""Tray actions called directly (offscreen there is no tray), close-to-tray, notifications."""

from __future__ import annotations

from datetime import date

import pytest
from habit_support import install_all
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from tracker.services.reminders import Reminder
from tracker.ui.tray import app_icon

pytestmark = pytest.mark.gui


@pytest.fixture
def quits() -> list[bool]:
    return []


@pytest.fixture
def habit_window(make_window, skills, journal, quits):
    """A shown MainWindow with the habit installed; no tray unless a test asks for one."""
    made = []

    def make(tray: bool = False, close_to_tray: bool = False):
        window = make_window()
        window.settings.close_to_tray = close_to_tray
        habit = install_all(window, journal, window.settings, tray_available=tray,
                              on_quit=lambda: quits.append(True))
        made.append(habit)
        return window, habit

    yield make
    for habit in made:
        habit.shutdown()


def test_offscreen_has_no_tray_but_every_action(habit_window):
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    window, habit = habit_window()
    tray = habit.tray
    assert tray.icon is None
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == ["&Check in now", "Open &dashboard", "&Snooze reminder", "&Quit Touchstone"]
    assert not tray.snooze_menu.isEnabled()  # nothing to snooze yet


def test_app_icon_comes_from_resources(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def test_check_in_now_brings_up_the_form_with_focus(qtbot, habit_window):
    window, habit = habit_window()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    window.showMinimized()
    habit.tray.check_in_action.trigger()
    assert window.tabs.currentIndex() == window.CHECKIN_TAB and not window.isMinimized()
    first = window.form.input_widgets()[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)


def test_open_dashboard_builds_it(qtbot, habit_window):
    window, habit = habit_window()
    window.hide()
    habit.tray.dashboard_action.trigger()
    assert window.isVisible() and window.tabs.currentIndex() == window.DASHBOARD_TAB
    assert window.dashboard().parent() is not None


def test_quit_closes_and_quits(habit_window, quits):
    window, habit = habit_window()
    habit.tray.quit_action.trigger()
    assert quits == [True] and not window.isVisible()


def test_quit_is_called_off_when_the_user_keeps_a_draft_open(habit_window, quits, boxes):
    window, habit = habit_window()
    window.form.note_edit.setPlainText("half a thought")
    boxes.draft_answer = "cancel"
    assert habit.tray.quit() is False
    assert quits == [] and window.isVisible() and not habit.tray.quitting
    boxes.draft_answer = "keep"
    assert habit.tray.quit() is True and quits == [True]


def test_close_keeps_running_in_the_tray_only_when_asked(qtbot, habit_window, boxes):
    window, habit = habit_window(tray=True, close_to_tray=True)
    assert habit.tray.icon is not None
    window.form.note_edit.setPlainText("draft stays in memory")
    window.close()
    assert not window.isVisible() and not window.closed
    assert boxes.texts("keep-draft") == []  # not asked: nothing is closing
    habit.tray.check_in_action.trigger()
    assert window.isVisible() and window.form.note() == "draft stays in memory"
    # Quit from the tray really closes, even with close-to-tray on
    boxes.draft_answer = "discard"
    assert habit.tray.quit() and window.closed


def test_close_really_closes_by_default_even_with_a_tray(habit_window):
    window, habit = habit_window(tray=True, close_to_tray=False)
    window.close()
    assert window.closed


def test_close_to_tray_without_a_tray_closes(habit_window):
    window, habit = habit_window(tray=False, close_to_tray=True)
    window.close()
    assert window.closed


def test_reminder_without_tray_raises_the_window_with_a_message_and_snooze(qtbot, habit_window):
    window, habit = habit_window()
    window.hide()
    habit.tray.notify(Reminder("evening", date.today()))
    assert window.isVisible()
    assert window.status_label.text().startswith("Time for your evening check-in.")
    button = habit.tray.snooze_button
    assert button.isVisible() and habit.tray.snooze_menu.isEnabled()
    with qtbot.waitSignal(habit.tray.snooze_requested) as signal:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert signal.args == [15] and not button.isVisible()
    assert window.status_label.text() == "Reminder snoozed for 15 minutes."


def test_reminder_with_tray_uses_a_tray_message(habit_window, monkeypatch):
    window, habit = habit_window(tray=True)
    shown = []
    monkeypatch.setattr(habit.tray.icon, "showMessage", lambda *args: shown.append(args[1]))
    habit.tray.notify(Reminder("day", date.today()))
    assert shown == ["Time for a check-in: how skilled do you feel right now?"]
    assert not habit.tray.snooze_button.isVisible()  # the tray menu has Snooze
    assert all(a.isEnabled() for a in habit.tray.snooze_actions.values())


def test_settings_methods_about_actions(habit_window, monkeypatch):
    from tracker.ui import about_dialog, methods_page, settings_dialog

    window, habit = habit_window()
    seen = []
    for module, cls in ((settings_dialog, "SettingsDialog"), (methods_page, "DocPage"),
                        (about_dialog, "AboutDialog")):
        monkeypatch.setattr(getattr(module, cls), "exec",
                            lambda self, name=cls: seen.append((name, self.windowTitle())) or 0)
    habit.settings_action.trigger()
    habit.methods_action.trigger()
    habit.about_action.trigger()
    assert seen == [("SettingsDialog", "Settings"), ("DocPage", "How to read this"),
                    ("AboutDialog", "About Touchstone")]
    assert not habit.settings_action.shortcut().isEmpty()
