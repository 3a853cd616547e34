"""The daily habit wired into a MainWindow: tray, reminders, settings, help pages.

``install_habit(window, journal, settings)`` is the single call the composition root makes.
It does not touch the window's menus; it returns ready QActions to place in them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from tracker.services.changes import ChangeKind
from tracker.settings import Settings

if TYPE_CHECKING:  # imported by install_habit: the window paints before they load
    import random
    from datetime import datetime, tzinfo

    from tracker.services.journal import Journal
    from tracker.services.reminders import Reminder
    from tracker.ui.reminders import ReminderController
    from tracker.ui.tray import TrayController


@dataclass
class Habit:
    """What ``install_habit`` built; keep a reference (``window.habit``) so it lives."""

    window: QMainWindow
    journal: Journal
    settings: Settings
    tray: TrayController
    reminders: ReminderController
    settings_action: QAction
    methods_action: QAction
    about_action: QAction
    autostart_home: Path | None = None
    # called after the Settings dialog saved (e.g. the window's backup label, the dashboard)
    after_settings: list[Callable[[], object]] = field(default_factory=list)

    def open_settings(self) -> bool:
        """The Settings dialog; True when the user pressed OK and it was applied."""
        from tracker.ui.settings_dialog import SettingsDialog

        encryption = getattr(self.window, "encryption", None)
        dialog = SettingsDialog(self.settings, self.journal, self.window.apply_change,
                                self.window, tray_available=self.tray.icon is not None,
                                autostart_home=self.autostart_home,
                                encryption_switch=encryption.switch if encryption else None)
        if encryption is not None:
            dialog.applied.connect(encryption.apply_settings)
        dialog.applied.connect(self.reminders.settings_changed)
        for callback in self.after_settings:
            dialog.applied.connect(callback)
        return bool(dialog.exec())

    def open_methods(self) -> None:
        from tracker.ui.methods_page import MethodsPage

        MethodsPage(self.window).exec()

    def open_about(self) -> None:
        from tracker.ui.about_dialog import AboutDialog

        AboutDialog(self.journal.data_dir, self.window).exec()

    def refilter_form(self, kind: str = ChangeKind.FACTORS) -> None:
        """Show only the factors the settings keep (runs after the window's own refresh)."""
        if kind in (ChangeKind.SKILLS, ChangeKind.FACTORS, ChangeKind.ALL):
            self.window.form.set_definitions(
                self.journal.skills(), self.settings.shown_factors(self.journal.factors()))

    def shutdown(self) -> None:
        self.reminders.stop()
        self.tray.hide_icon()


def install_habit(
    window: QMainWindow,
    journal: Journal,
    settings: Settings,
    *,
    tray_available: bool | None = None,
    now: Callable[[], datetime] | None = None,
    rng: random.Random | None = None,
    tz: tzinfo | None = None,
    on_quit: Callable[[], object] | None = None,
    autostart_home: Path | None = None,
) -> Habit:
    """Tray (where there is one), reminders, and the Settings / How to read this / About actions.

    ``window`` is the MainWindow. The clock, RNG, zone, tray availability, quit function and
    autostart folder are injectable for tests (``now`` defaults to the computer's clock).
    """
    from tracker.services.journal import local_now
    from tracker.ui.reminders import ReminderController
    from tracker.ui.tray import TrayController

    now = now or local_now
    tray = TrayController(window, settings, available=tray_available, on_quit=on_quit)
    reminders = ReminderController(journal, settings, window, now=now, rng=rng, tz=tz)

    settings_action = QAction(window.tr("&Settings…"), window)
    preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
    settings_action.setShortcut(preferences if not preferences.isEmpty() else QKeySequence(
        "Ctrl+,"))  # most Linux desktops define no standard key for preferences
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    methods_action = QAction(window.tr("How to &read this"), window)
    methods_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    about_action = QAction(window.tr("&About Touchstone"), window)
    about_action.setMenuRole(QAction.MenuRole.AboutRole)

    habit = Habit(window, journal, settings, tray, reminders, settings_action, methods_action,
                  about_action, autostart_home)
    settings_action.triggered.connect(habit.open_settings)
    methods_action.triggered.connect(habit.open_methods)
    about_action.triggered.connect(habit.open_about)

    def on_reminder(reminder: Reminder) -> None:
        tray.notify(reminder)

    def on_data_changed(kind: str) -> None:
        habit.refilter_form(kind)
        if kind in (ChangeKind.CHECKINS, ChangeKind.ALL) and reminders.pending is not None:
            reminders.dismiss()  # answered: no snooze offered any more
            tray.set_pending(False)

    reminders.reminded.connect(on_reminder)
    tray.snooze_requested.connect(reminders.snooze)
    tray.check_in_requested.connect(reminders.dismiss)
    window.data_changed.connect(on_data_changed)
    if settings.hidden_factors:
        habit.refilter_form()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        # bound to QObjects parented to the window: disconnected when the window goes
        app.aboutToQuit.connect(reminders.stop)
        app.aboutToQuit.connect(tray.hide_icon)
        follower = _ThemeFollower(settings, window)
        app.styleHints().colorSchemeChanged.connect(follower.follow)
    return habit


class _ThemeFollower(QObject):
    """The desktop switched light/dark: follow it when the theme is "system"."""

    def __init__(self, settings: Settings, parent: QObject) -> None:
        super().__init__(parent)
        self.settings = settings

    def follow(self, *_args: object) -> None:
        app = QApplication.instance()
        if self.settings.theme == "system" and isinstance(app, QApplication):
            from tracker.ui.style import apply_style

            apply_style(app, "system")
