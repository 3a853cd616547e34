"""When to remind the user to check in: pure scheduling with an injected clock and RNG.

The default is experience sampling: one moment drawn uniformly inside a window the user sets
(optionally a morning and an evening window), because prompts at a fixed hour would confound
the time-of-day analysis. A fixed time is the alternative. A reminder is skipped when a check-in
already happened in its window; a snooze moves it later.

Wall-clock times are read in ``tz`` (default: the computer's zone). A window is the span
between its two wall times *as instants*, so a daylight-saving jump inside it shortens or
lengthens it; a wall time that does not exist that day (spring forward) moves forward by the gap.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeVar

from tracker.errors import ValidationError

_T = TypeVar("_T")

MODES = ("random", "fixed", "off")
SNOOZE_CHOICES = (5, 10, 15, 30, 60)


def parse_clock(text: str) -> time:
    """``"HH:MM"`` as a time, or a ValidationError naming the text."""
    try:
        hours, minutes = text.strip().split(":")
        value = time(int(hours), int(minutes))
    except (ValueError, AttributeError):
        raise ValidationError(f"{text!r} is not a time of day like 09:30.") from None
    return value


def parse_window(text: object) -> tuple[time, time]:
    """``"HH:MM-HH:MM"`` as (start, end) with start before end, or a ValidationError."""
    parts = text.split("-") if isinstance(text, str) else []
    if len(parts) != 2:
        raise ValidationError(f"{text!r} is not a window like 09:00-21:00.")
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if start >= end:
        raise ValidationError(
            f"The window {str(text).strip()} must end after it starts "
            "(windows stay within one day).")
    return start, end


def format_window(start: time, end: time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


@dataclass(frozen=True, slots=True)
class Slot:
    """One daily reminder: fires inside [start, end] (random) or at ``start`` (fixed).

    ``covers`` is the part of the day in which a check-in counts as "already done".
    """

    name: str  # "day", "morning" or "evening"
    start: time
    end: time
    covers: tuple[time, time | None]  # None: until midnight


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    """The user's reminder settings, checked."""

    mode: str = "random"
    slots: tuple[Slot, ...] = ()
    snooze_minutes: int = 15

    @property
    def enabled(self) -> bool:
        return self.mode != "off" and bool(self.slots)


def plan_from_settings(settings: object) -> ReminderPlan:
    """Build a plan from ``tracker.settings.Settings`` (or anything with the same fields).

    A value that does not parse falls back to the field's default, so an odd settings file
    never stops reminders; ``check_settings`` gives the message for the dialog.
    """
    from tracker.settings import Settings

    defaults = Settings()

    def pick(name: str, parse: Callable[[str], _T]) -> _T:
        try:
            return parse(getattr(settings, name))
        except ValidationError:
            return parse(getattr(defaults, name))

    mode = getattr(settings, "reminder_mode", "random")
    mode = mode if mode in MODES else "random"
    twice = bool(getattr(settings, "reminder_twice", False))
    snooze = getattr(settings, "reminder_snooze_minutes", 15)
    snooze = snooze if isinstance(snooze, int) and 1 <= snooze <= 24 * 60 else 15
    if mode == "fixed":
        times = ([pick("reminder_morning_time", parse_clock), pick("reminder_time", parse_clock)]
                 if twice else [pick("reminder_time", parse_clock)])
        if len(times) == 2 and times[0] >= times[1]:
            times = [parse_clock(defaults.reminder_morning_time),
                     parse_clock(defaults.reminder_time)]
        slots = _fixed_slots(times)
    else:
        if twice:
            windows = [pick("reminder_morning", parse_window),
                       pick("reminder_evening", parse_window)]
            if windows[0][1] > windows[1][0]:
                windows = [parse_window(defaults.reminder_morning),
                           parse_window(defaults.reminder_evening)]
            names: tuple[str, ...] = ("morning", "evening")
        else:
            windows = [pick("reminder_window", parse_window)]
            names = ("day",)
        slots = tuple(Slot(n, s, e, (s, e)) for n, (s, e) in zip(names, windows, strict=True))
    return ReminderPlan(mode, slots, snooze)


def check_settings(mode: str, twice: bool, window: str, morning: str, evening: str,
                   fixed: str, morning_fixed: str) -> None:
    """Raise a ValidationError with a clear message for settings the dialog must refuse."""
    if mode not in MODES:
        raise ValidationError(f"Unknown reminder mode {mode!r}.")
    if mode == "fixed":
        at = parse_clock(fixed)
        if twice and parse_clock(morning_fixed) >= at:
            raise ValidationError("The morning reminder must come before the evening one.")
    elif mode == "random":
        if twice:
            first, second = parse_window(morning), parse_window(evening)
            if first[1] > second[0]:
                raise ValidationError("The morning window must end before the evening one starts.")
        else:
            parse_window(window)


def _fixed_slots(times: Sequence[time]) -> tuple[Slot, ...]:
    """Fixed times; each covers the day up to halfway to its neighbours."""
    names = ("morning", "evening") if len(times) == 2 else ("day",)
    bounds: list[time | None] = [time(0)]
    for a, b in zip(times, times[1:], strict=False):
        bounds.append(_midpoint(a, b))
    bounds.append(None)
    return tuple(
        Slot(names[i], t, t, (bounds[i] or time(0), bounds[i + 1])) for i, t in enumerate(times))


def _midpoint(a: time, b: time) -> time:
    minutes = ((a.hour * 60 + a.minute) + (b.hour * 60 + b.minute)) // 2
    return time(minutes // 60, minutes % 60)


def wall_time(day: date, clock: time, tz: tzinfo | None) -> datetime:
    """The instant (in UTC) at which the wall clock in ``tz`` shows ``day clock``.

    A wall time in a spring-forward gap lands after the gap; in a fall-back fold, the first.
    Instants are kept in UTC because Python compares and subtracts datetimes that share a
    ``tzinfo`` by wall clock, which is wrong across a daylight-saving change.
    """
    naive = datetime.combine(day, clock)
    if tz is None:
        return naive.astimezone().astimezone(UTC)  # the OS's rules for the local zone
    return naive.replace(tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Reminder:
    """A reminder that is due now."""

    slot: str  # "day", "morning", "evening"
    day: date
    snoozed: bool = False


@dataclass
class ReminderScheduler:
    """Decides the next reminder moment and whether a due reminder is shown.

    ``now`` returns an aware datetime; ``checkin_times(day)`` returns the aware times of that
    day's check-ins (from the journal); ``rng`` draws the random moments; ``tz`` is the zone of
    the wall-clock times (None: the computer's).
    """

    plan: ReminderPlan
    checkin_times: Callable[[date], Sequence[datetime]]
    now: Callable[[], datetime]
    rng: random.Random = field(default_factory=random.Random)
    tz: tzinfo | None = None
    _drawn: dict[tuple[date, int], datetime] = field(default_factory=dict, repr=False)
    _done: set[tuple[date, int]] = field(default_factory=set, repr=False)
    _snoozed: tuple[datetime, date, int] | None = field(default=None, repr=False)

    def set_plan(self, plan: ReminderPlan) -> None:
        """New settings: forget drawn moments (they are drawn again) but not what was done."""
        self.plan = plan
        self._drawn.clear()
        self._snoozed = None

    def _today(self) -> date:
        current = self.now()
        return current.astimezone(self.tz).date() if self.tz else current.astimezone().date()

    def _moment(self, day: date, index: int, after: datetime) -> datetime | None:
        """The slot's moment on ``day`` (drawn once), or None when it can no longer come."""
        key = (day, index)
        if key in self._done:
            return None
        if key in self._drawn:
            return self._drawn[key]
        slot = self.plan.slots[index]
        start = wall_time(day, slot.start, self.tz)
        if self.plan.mode == "fixed":
            moment = start
            if moment < after:
                return None
        else:
            end = wall_time(day, slot.end, self.tz)
            start = max(start, after)  # started late: draw in what is left of the window
            span = int((end - start).total_seconds())
            if span <= 0:
                return None
            moment = start + timedelta(seconds=self.rng.randrange(span))
        self._drawn[key] = moment
        return moment

    def next_due(self) -> datetime | None:
        """The next moment a reminder may fire (a missed one that is still due: now)."""
        if not self.plan.enabled:
            return None
        now = self.now().astimezone(UTC)
        if self._snoozed is not None:
            return self._snoozed[0]
        today = self._today()
        for offset in range(3):
            day = today + timedelta(days=offset)
            for index in range(len(self.plan.slots)):
                moment = self._moment(day, index, now if offset == 0 else datetime.min.replace(
                    tzinfo=UTC))
                if moment is not None:
                    return moment
        return None

    def fire(self) -> Reminder | None:
        """Called when the timer rings: the reminder to show, or None (not due / suppressed)."""
        if not self.plan.enabled:
            return None
        now = self.now().astimezone(UTC)
        if self._snoozed is not None:
            moment, day, index = self._snoozed
            if now < moment:
                return None
            self._snoozed = None
            self._done.add((day, index))
            if self._checked_in(day, index, now):
                return None
            return Reminder(self.plan.slots[index].name, day, snoozed=True)
        for (day, index), moment in sorted(self._drawn.items(), key=lambda kv: kv[1]):
            if (day, index) in self._done or moment > now:
                continue
            self._done.add((day, index))
            if now > self._covers(day, index)[1] or self._checked_in(day, index, now):
                continue  # too late (the computer slept through it) or already checked in
            return Reminder(self.plan.slots[index].name, day)
        return None

    def snooze(self, reminder: Reminder, minutes: int | None = None) -> datetime:
        """Show ``reminder`` again after ``minutes`` (default: the plan's snooze length)."""
        index = next(i for i, s in enumerate(self.plan.slots) if s.name == reminder.slot)
        moment = self.now().astimezone(UTC) + timedelta(minutes=minutes or self.plan.snooze_minutes)
        self._snoozed = (moment, reminder.day, index)
        return moment

    def _covers(self, day: date, index: int) -> tuple[datetime, datetime]:
        """The instants bounding the slot's part of ``day``."""
        first, last = self.plan.slots[index].covers
        start = wall_time(day, first, self.tz)
        end = wall_time(day, last, self.tz) if last is not None else wall_time(
            day + timedelta(days=1), time(0), self.tz)
        return start, end

    def _checked_in(self, day: date, index: int, now: datetime) -> bool:
        """True when a check-in of ``day`` lies in the slot's part of the day (up to now)."""
        start, end = self._covers(day, index)
        end = min(end, now)
        return any(start <= at.astimezone(UTC) <= end for at in self.checkin_times(day))
