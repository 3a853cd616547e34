"""The Settings…, How to read this and About actions of a MainWindow and the dialogs they
open; the theme that follows the desktop's light/dark switch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from tracker.services.changes import ChangeKind
from tracker.settings import Settings

if TYPE_CHECKING:
    from tracker.services.journal import Journal
    from tracker.ui.main_window import MainWindow
    from tracker.ui.tray_and_reminders import TrayAndReminders


@dataclass
class SettingsAndHelp:
    """What ``install_settings_and_help`` built (the window keeps it: ``settings_and_help``)."""

    window: MainWindow
    journal: Journal
    settings: Settings
    companions: TrayAndReminders
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
                                self.window, tray_available=self.companions.tray.icon is not None,
                                autostart_home=self.autostart_home,
                                encryption_switch=encryption.switch if encryption else None)
        if encryption is not None:
            dialog.applied.connect(encryption.apply_settings)
        dialog.applied.connect(self.companions.reminders.settings_changed)
        for callback in self.after_settings:
            dialog.applied.connect(callback)
        return bool(dialog.exec())

    def open_methods(self) -> None:
        """How to read this: the user guide (docs/GUIDE.md), which links to the methods."""
        from tracker.ui.methods_page import DocPage

        DocPage(self.window).exec()

    def open_about(self) -> None:
        from tracker.ui.about_dialog import AboutDialog

        AboutDialog(self.journal.data_dir, self.window).exec()

    def refilter_form(self, kind: str = ChangeKind.FACTORS) -> None:
        """Show only the factors the settings keep (runs after the window's own refresh)."""
        if kind in (ChangeKind.SKILLS, ChangeKind.FACTORS, ChangeKind.ALL):
            self.window.form.set_definitions(
                self.journal.skills(), self.settings.shown_factors(self.journal.factors()))


def install_settings_and_help(window: MainWindow, journal: Journal, settings: Settings,
                              companions: TrayAndReminders, *,
                              autostart_home: Path | None = None) -> SettingsAndHelp:
    """The three actions (placed in the menus by ``MainWindow.add_settings_and_help``), the
    form's factor filter, and the theme following the desktop. ``autostart_home`` is
    injectable for tests."""
    settings_action = QAction(window.tr("&Settings…"), window)
    preferences = QKeySequence(QKeySequence.StandardKey.Preferences)
    settings_action.setShortcut(preferences if not preferences.isEmpty() else QKeySequence(
        "Ctrl+,"))  # most Linux desktops define no standard key for preferences
    settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    methods_action = QAction(window.tr("How to &read this"), window)
    methods_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    about_action = QAction(window.tr("&About Touchstone"), window)
    about_action.setMenuRole(QAction.MenuRole.AboutRole)

    extras = SettingsAndHelp(window, journal, settings, companions, settings_action,
                             methods_action, about_action, autostart_home)
    settings_action.triggered.connect(extras.open_settings)
    methods_action.triggered.connect(extras.open_methods)
    about_action.triggered.connect(extras.open_about)
    window.data_changed.connect(extras.refilter_form)
    if settings.hidden_factors:
        extras.refilter_form()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        follower = _ThemeFollower(settings, window)
        app.styleHints().colorSchemeChanged.connect(follower.follow)
    return extras


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
