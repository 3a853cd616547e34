"""Shared helpers for the habit GUI tests: a fake clock, palette reset, a window with habit."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QApplication

from tracker.services.reminders import parse_clock, wall_time

BERLIN = ZoneInfo("Europe/Berlin")


class Clock:
    """A clock the test moves by hand (aware datetimes)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def berlin(day: date, clock: str) -> datetime:
    """The instant shown as ``clock`` on ``day`` in Berlin, with Berlin's offset."""
    return wall_time(day, parse_clock(clock), BERLIN).astimezone(BERLIN)


def reset_style() -> None:
    from tracker.ui.style import apply_style

    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_style(app, "light")


class Installed:
    """The tray and reminders and the Settings/help actions around one window, as the
    application installs them; attributes come from whichever of the two has them."""

    def __init__(self, companions, extras) -> None:
        self.companions = companions
        self.extras = extras

    def __getattr__(self, name: str):
        if hasattr(self.companions, name):
            return getattr(self.companions, name)
        return getattr(self.extras, name)


def install_all(window, journal, settings, *, autostart_home=None, **kwargs) -> Installed:
    """``install_tray_and_reminders`` then ``install_settings_and_help`` (``tracker.app``)."""
    from tracker.ui.settings_and_help import install_settings_and_help
    from tracker.ui.tray_and_reminders import install_tray_and_reminders

    companions = install_tray_and_reminders(window, journal, settings, **kwargs)
    extras = install_settings_and_help(window, journal, settings, companions,
                                       autostart_home=autostart_home)
    return Installed(companions, extras)
