"""TrayController: the tray icon and its menu, reminder notifications, close-to-tray.

Where the desktop has no tray (offscreen, Xvfb, some Wayland shells) the same actions exist
without an icon, and a reminder raises the window with a gentle status message and a Snooze
button in the status bar instead of a tray balloon.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QSystemTrayIcon,
    QToolButton,
)

from tracker import APP_ID
from tracker.paths import resources_dir
from tracker.services.reminders import SNOOZE_CHOICES, Reminder
from tracker.settings import Settings
from tracker.ui import counts

if TYPE_CHECKING:  # the checker only: the window module imports this one
    from tracker.ui.main_window import MainWindow

MESSAGE_MS = 20000


def app_icon() -> QIcon:
    """The application icon from ``resources/icons`` (every PNG size, source or frozen)."""
    icon = QIcon()
    hicolor = resources_dir() / "icons" / "hicolor"
    for png in sorted(hicolor.glob(f"*/apps/{APP_ID}.png")):
        icon.addFile(str(png))
    if icon.isNull():
        svg = resources_dir() / "icons" / f"{APP_ID}.svg"
        if svg.is_file():
            icon.addFile(str(svg))
    return icon


def reminder_text(reminder: Reminder) -> str:
    tr = QApplication.translate
    if reminder.slot == "morning":
        return tr("tray", "Time for your morning check-in.")
    if reminder.slot == "evening":
        return tr("tray", "Time for your evening check-in.")
    return tr("tray", "Time for a check-in: how skilled do you feel right now?")


def _minutes_label(minutes: int) -> str:
    return counts.minutes(minutes) if minutes < 60 else counts.hours(minutes // 60)


class TrayController(QObject):
    """Check in now / Open dashboard / Snooze / Quit, with or without a tray icon.

    ``window`` is the MainWindow (``tabs``, ``CHECKIN_TAB``, ``DASHBOARD_TAB``, ``dashboard()``,
    ``form.focus_first()``, ``show_message()``). ``available`` overrides the tray check (tests).
    """

    snooze_requested = Signal(int)
    check_in_requested = Signal()

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        parent: QObject | None = None,
        *,
        available: bool | None = None,
        on_quit: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window = window
        self.settings = settings
        self.quitting = False
        self._told_hidden = False
        self._on_quit = on_quit or QApplication.quit
        self.has_tray = (QSystemTrayIcon.isSystemTrayAvailable() if available is None
                         else available)

        self.menu = QMenu()
        self.check_in_action = QAction(self.tr("&Check in now"), self)
        self.check_in_action.triggered.connect(self.check_in_now)
        self.dashboard_action = QAction(self.tr("Open &dashboard"), self)
        self.dashboard_action.triggered.connect(self.open_dashboard)
        self.snooze_menu = QMenu(self.tr("&Snooze reminder"), self.menu)
        self.snooze_actions: dict[int, QAction] = {}
        for minutes in SNOOZE_CHOICES:
            action = QAction(_minutes_label(minutes), self)
            action.triggered.connect(lambda _=False, m=minutes: self.snooze(m))
            self.snooze_menu.addAction(action)
            self.snooze_actions[minutes] = action
        self.quit_action = QAction(self.tr("&Quit Touchstone"), self)
        self.quit_action.triggered.connect(self.quit)
        self.menu.addAction(self.check_in_action)
        self.menu.addAction(self.dashboard_action)
        self.menu.addMenu(self.snooze_menu)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.set_pending(False)

        self.icon: QSystemTrayIcon | None = None
        if self.has_tray:
            self.icon = QSystemTrayIcon(app_icon(), self)
            self.icon.setToolTip(self.tr("Touchstone"))
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.messageClicked.connect(self.check_in_now)
            self.icon.show()

        # without a tray: a Snooze button in the status bar while a reminder is pending
        self.snooze_button = QToolButton(window)
        self.snooze_button.setText(self.tr("Snooze"))
        self.snooze_button.setAccessibleName(self.tr("Snooze reminder"))
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button.clicked.connect(
            lambda: self.snooze(self.settings.reminder_snooze_minutes))
        self.snooze_button.hide()
        window.statusBar().addPermanentWidget(self.snooze_button)
        window.installEventFilter(self)

    # actions ------------------------------------------------------------------------------
    def show_window(self) -> None:
        w = self.window
        if w.isMinimized():
            w.showNormal()
        else:
            w.show()
        w.raise_()
        w.activateWindow()

    def check_in_now(self) -> None:
        """Bring the window up on the check-in form with the focus on the first rating."""
        self.show_window()
        self.window.tabs.setCurrentIndex(self.window.CHECKIN_TAB)
        self.window.form.focus_first()
        self.set_pending(False)
        self.check_in_requested.emit()

    def open_dashboard(self) -> None:
        self.show_window()
        self.window.tabs.setCurrentIndex(self.window.DASHBOARD_TAB)
        self.window.dashboard()

    def snooze(self, minutes: int) -> None:
        self.set_pending(False)
        self.snooze_requested.emit(minutes)
        self.window.show_message(self.tr("Reminder snoozed for %1.").replace(
            "%1", _minutes_label(minutes)))

    def quit(self) -> bool:
        """Close the window for real (it may still ask about a draft), then quit."""
        self.quitting = True
        if not self.window.close():
            self.quitting = False  # the user kept the window (Cancel on the draft question)
            return False
        self.hide_icon()
        self._on_quit()
        return True

    def hide_icon(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    # reminders ----------------------------------------------------------------------------
    def set_pending(self, pending: bool) -> None:
        """Snooze is offered only while a reminder waits for an answer."""
        self.snooze_menu.setEnabled(pending)
        for action in self.snooze_actions.values():
            action.setEnabled(pending)
        if hasattr(self, "snooze_button"):
            self.snooze_button.setVisible(pending and self.icon is None)

    def notify(self, reminder: Reminder) -> None:
        """A tray balloon where there is a tray; else raise the window with a status message."""
        text = reminder_text(reminder)
        self.set_pending(True)
        if self.icon is not None and self.icon.isVisible():
            self.icon.showMessage(self.tr("Touchstone"), text,
                                  QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
            return
        w = self.window
        if w.isHidden() or w.isMinimized():
            w.showNormal()
        w.raise_()
        QApplication.alert(w)
        w.show_message(text + " " + self.tr("(Snooze is in the status bar.)"))

    # close to tray ------------------------------------------------------------------------
    def hides_on_close(self) -> bool:
        return bool(self.settings.close_to_tray and self.icon is not None and not self.quitting)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Close and self.hides_on_close():
            event.ignore()
            self.window.hide()
            if self.icon is not None and not self._told_hidden:
                self._told_hidden = True
                self.icon.showMessage(self.tr("Touchstone"), self.tr(
                    "Touchstone keeps running in the tray. Quit it from the tray menu."),
                    QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)
            return True
        return super().eventFilter(obj, event)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide() if self.settings.close_to_tray else self.window.raise_()
            else:
                self.check_in_now()

