"""ReminderController: a QTimer that rings at the scheduler's next moment.

The decisions (when, whether suppressed, snooze) live in ``tracker.services.reminders``; this
class only waits for them. The timer never waits longer than ``MAX_WAIT_MS`` in one go, so a
computer that slept or a clock that jumped is noticed within minutes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo

from PySide6.QtCore import QObject, QTimer, Signal

from tracker.services.clock import local_now
from tracker.services.journal import CheckInFilter, Journal
from tracker.services.reminders import (
    Reminder,
    ReminderScheduler,
    plan_from_settings,
)
from tracker.settings import Settings

MAX_WAIT_MS = 10 * 60 * 1000


class ReminderController(QObject):
    """Emits ``reminded(Reminder)`` when a reminder is due and not suppressed."""

    reminded = Signal(object)

    def __init__(
        self,
        journal: Journal,
        settings: Settings,
        parent: QObject | None = None,
        *,
        now: Callable[[], datetime] = local_now,
        rng: random.Random | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.settings = settings
        self._now = now
        self.scheduler = ReminderScheduler(
            plan_from_settings(settings), self._checkin_times, now, rng or random.Random(), tz)
        self.pending: Reminder | None = None  # shown, not yet answered or snoozed
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.check_now)
        self.reschedule()

    def _checkin_times(self, day: date) -> list[datetime]:
        if self.journal.is_paused or self.journal.is_closed:
            return []  # locked: a reminder is better than none
        return [c.at for c in self.journal.checkins(CheckInFilter(since=day, until=day))]

    def next_due(self) -> datetime | None:
        return self.scheduler.next_due()

    def reschedule(self) -> None:
        """Start the timer for the next moment (capped), or stop it when reminders are off."""
        due = self.scheduler.next_due()
        if due is None:
            self.timer.stop()
            return
        wait = (due - self._now().astimezone(UTC)).total_seconds() * 1000
        self.timer.start(int(min(max(wait, 0), MAX_WAIT_MS)))

    def check_now(self) -> Reminder | None:
        """Ask the scheduler (the timer calls this); emit and return a due reminder."""
        reminder = self.scheduler.fire()
        if reminder is not None:
            self.pending = reminder
            self.reminded.emit(reminder)
        self.reschedule()
        return reminder

    def snooze(self, minutes: int | None = None) -> datetime | None:
        """Show the pending reminder again later; the new moment, or None if none is pending."""
        if self.pending is None:
            return None
        moment = self.scheduler.snooze(self.pending, minutes)
        self.pending = None
        self.reschedule()
        return moment

    def dismiss(self) -> None:
        """The user answered (checked in or opened the form): nothing pending."""
        self.pending = None

    def settings_changed(self) -> None:
        """Re-read the settings (new windows draw new moments)."""
        self.scheduler.set_plan(plan_from_settings(self.settings))
        self.pending = None
        self.reschedule()

    def stop(self) -> None:
        self.timer.stop()
