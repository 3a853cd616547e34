"""The tray icon and the daily reminders around a MainWindow, wired to each other and to the
window's ``data_changed`` (a saved check-in answers the reminder)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from tracker.services.changes import ChangeKind
from tracker.settings import Settings

if TYPE_CHECKING:  # imported by the installer: the window paints before they load
    import random
    from datetime import datetime, tzinfo

    from tracker.services.journal import Journal
    from tracker.services.reminders import Reminder
    from tracker.ui.main_window import MainWindow
    from tracker.ui.reminders import ReminderController
    from tracker.ui.tray import TrayController


@dataclass
class TrayAndReminders:
    """What ``install_tray_and_reminders`` built; keep a reference so it lives."""

    tray: TrayController
    reminders: ReminderController

    def shutdown(self) -> None:
        self.reminders.stop()
        self.tray.hide_icon()


def install_tray_and_reminders(
    window: MainWindow,
    journal: Journal,
    settings: Settings,
    *,
    tray_available: bool | None = None,
    now: Callable[[], datetime] | None = None,
    rng: random.Random | None = None,
    tz: tzinfo | None = None,
    on_quit: Callable[[], object] | None = None,
) -> TrayAndReminders:
    """The tray (where there is one) and the reminders for ``window`` (the MainWindow).

    The clock, RNG, zone, tray availability and quit function are injectable for tests
    (``now`` defaults to the computer's clock).
    """
    from tracker.services.clock import local_now
    from tracker.ui.reminders import ReminderController
    from tracker.ui.tray import TrayController

    tray = TrayController(window, settings, available=tray_available, on_quit=on_quit)
    reminders = ReminderController(journal, settings, window, now=now or local_now, rng=rng,
                                   tz=tz)

    def on_reminder(reminder: Reminder) -> None:
        tray.notify(reminder)

    def on_data_changed(kind: str) -> None:
        if kind in (ChangeKind.CHECKINS, ChangeKind.ALL) and reminders.pending is not None:
            reminders.dismiss()  # answered: no snooze offered any more
            tray.set_pending(False)

    reminders.reminded.connect(on_reminder)
    tray.snooze_requested.connect(reminders.snooze)
    tray.check_in_requested.connect(reminders.dismiss)
    window.data_changed.connect(on_data_changed)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        # bound to QObjects parented to the window: disconnected when the window goes
        app.aboutToQuit.connect(reminders.stop)
        app.aboutToQuit.connect(tray.hide_icon)
    return TrayAndReminders(tray, reminders)
