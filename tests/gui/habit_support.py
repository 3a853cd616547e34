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
