"""Reminder scheduling with a fake clock and a seeded RNG: no waiting, no Qt."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import ValidationError
from tracker.services.reminders import (
    ReminderScheduler,
    check_settings,
    parse_clock,
    parse_window,
    plan_from_settings,
    wall_time,
)
from tracker.settings import Settings

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def set(self, day: date, clock: str, tz=BERLIN) -> None:
        self.at = wall_time(day, parse_clock(clock), tz)


def settings(**changes) -> Settings:
    s = Settings()
    for name, value in changes.items():
        setattr(s, name, value)
    return s


def scheduler(clock: Clock, checkins: list[datetime] | None = None, seed: int = 1, tz=BERLIN,
              **changes) -> ReminderScheduler:
    times = checkins if checkins is not None else []
    return ReminderScheduler(
        plan_from_settings(settings(**changes)),
        checkin_times=lambda day: [t for t in times if t.astimezone(tz).date() == day],
        now=clock, rng=random.Random(seed), tz=tz)


DAY = date(2026, 6, 10)


def at(clock: str, day: date = DAY, tz=BERLIN) -> datetime:
    return wall_time(day, parse_clock(clock), tz)


def test_default_is_one_random_moment_inside_the_day_window():
    plan = plan_from_settings(Settings())
    assert plan.mode == "random" and [s.name for s in plan.slots] == ["day"]
    clock = Clock(at("00:30"))
    due = scheduler(clock).next_due()
    assert at("09:00") <= due < at("21:00")


@given(seed=st.integers(0, 2**32), start_minute=st.integers(0, 24 * 60 - 1))
def test_random_moments_stay_inside_the_window(seed, start_minute):
    now = at("00:00") + timedelta(minutes=start_minute)
    s = scheduler(Clock(now), seed=seed, reminder_window="10:15-10:45")
    due = s.next_due()
    day = DAY if now < at("10:45") else DAY + timedelta(days=1)
    assert at("10:15", day) <= due < at("10:45", day)
    assert due >= now


def test_started_late_draws_in_what_is_left_and_after_the_window_tomorrow():
    clock = Clock(at("15:00"))
    for seed in range(50):
        due = scheduler(clock, seed=seed).next_due()
        assert at("15:00") <= due < at("21:00")
    clock.set(DAY, "21:30")
    due = scheduler(clock).next_due()
    assert at("09:00", DAY + timedelta(days=1)) <= due < at("21:00", DAY + timedelta(days=1))


def test_fire_only_when_due_then_tomorrow():
    clock = Clock(at("08:00"))
    s = scheduler(clock)
    due = s.next_due()
    clock.at = due - timedelta(seconds=1)
    assert s.fire() is None
    clock.at = due
    reminder = s.fire()
    assert reminder is not None and reminder.slot == "day" and reminder.day == DAY
    assert s.fire() is None  # shown once
    assert s.next_due().date() == DAY + timedelta(days=1)


def test_a_checkin_in_the_window_suppresses_the_reminder():
    clock = Clock(at("08:00"))
    checkins: list[datetime] = []
    s = scheduler(clock, checkins, reminder_window="12:00-18:00")
    due = s.next_due()
    checkins.append(at("12:00"))  # on the window's first minute
    clock.at = due
    assert s.fire() is None
    assert s.next_due().date() == DAY + timedelta(days=1)


def test_a_checkin_before_the_window_does_not_count():
    clock = Clock(at("08:00"))
    s = scheduler(clock, [at("07:30")], reminder_window="12:00-18:00")
    clock.at = s.next_due()
    assert s.fire() is not None


def test_snooze_shows_it_again_unless_checked_in_meanwhile():
    clock = Clock(at("08:00"))
    checkins: list[datetime] = []
    s = scheduler(clock, checkins, reminder_snooze_minutes=30)
    clock.at = s.next_due()
    reminder = s.fire()
    assert s.snooze(reminder) == clock.at + timedelta(minutes=30)
    assert s.next_due() == clock.at + timedelta(minutes=30)
    clock.at += timedelta(minutes=29)
    assert s.fire() is None
    clock.at += timedelta(minutes=1)
    again = s.fire()
    assert again is not None and again.snoozed and again.slot == "day"
    # snoozed a second time (60 min), then the user checks in: nothing more today
    s.snooze(again, 60)
    checkins.append(clock.at + timedelta(minutes=5))
    clock.at += timedelta(minutes=60)
    assert s.fire() is None
    assert s.next_due().date() == DAY + timedelta(days=1)


def test_morning_and_evening_windows_each_fire_once():
    clock = Clock(at("06:00"))
    s = scheduler(clock, reminder_twice=True, reminder_morning="08:00-12:00",
                  reminder_evening="17:00-22:00")
    fired = []
    for _ in range(4):
        clock.at = s.next_due()
        fired.append((s.fire().slot, clock.at))
    assert [name for name, _ in fired] == ["morning", "evening", "morning", "evening"]
    assert at("08:00") <= fired[0][1] < at("12:00")
    assert at("17:00") <= fired[1][1] < at("22:00")
    assert fired[2][1].date() == DAY + timedelta(days=1)


def test_morning_checkin_suppresses_only_the_morning():
    clock = Clock(at("06:00"))
    checkins = [at("08:00")]  # the morning window's first minute
    s = scheduler(clock, checkins, reminder_twice=True)
    clock.at = s.next_due()
    assert clock.at < at("12:00")
    assert s.fire() is None
    clock.at = s.next_due()
    assert at("17:00") <= clock.at and s.fire().slot == "evening"


def test_fixed_time_fires_at_that_minute_unless_checked_in_earlier_that_day():
    clock = Clock(at("06:00"))
    s = scheduler(clock, reminder_mode="fixed", reminder_time="20:00")
    assert s.next_due() == at("20:00")
    clock.at = at("20:00")
    assert s.fire().slot == "day"
    clock.at = at("06:00", DAY + timedelta(days=1))
    s2 = scheduler(clock, [at("10:00", clock.at.date())], reminder_mode="fixed",
                   reminder_time="20:00")
    clock.at = s2.next_due()
    assert s2.fire() is None


def test_fixed_twice_splits_the_day_at_the_midpoint():
    clock = Clock(at("06:00"))
    checkins = [at("09:30")]  # answered the morning reminder
    s = scheduler(clock, checkins, reminder_mode="fixed", reminder_twice=True,
                  reminder_morning_time="09:00", reminder_time="20:00")
    assert s.next_due() == at("09:00")
    clock.at = at("09:00")
    assert s.fire().slot == "morning"
    assert s.next_due() == at("20:00")
    clock.at = at("20:00")
    assert s.fire().slot == "evening"  # 09:30 is before the midpoint 14:30
    clock.at = at("06:00", DAY + timedelta(days=1))
    checkins.append(at("15:00", clock.at.date()))
    clock.at = s.next_due()
    assert s.fire() is not None  # morning: 15:00 is after it
    clock.at = s.next_due()
    assert clock.at == at("20:00", DAY + timedelta(days=1)) and s.fire() is None


def test_off_means_nothing_is_scheduled():
    s = scheduler(Clock(at("06:00")), reminder_mode="off")
    assert s.next_due() is None and s.fire() is None


def test_a_slept_through_window_is_dropped_not_shown_late():
    clock = Clock(at("06:00"))
    s = scheduler(clock, reminder_window="09:00-10:00")
    s.next_due()
    clock.at = at("23:00")  # the computer slept until after the window
    assert s.fire() is None
    assert s.next_due().date() == DAY + timedelta(days=1)


def test_spring_forward_gap_inside_the_window():
    day = date(2026, 3, 29)  # Berlin: 02:00 CET becomes 03:00 CEST
    clock = Clock(at("00:00", day))
    for seed in range(200):
        due = scheduler(clock, seed=seed, reminder_window="01:00-04:00").next_due()
        assert datetime(2026, 3, 29, 0, 0, tzinfo=UTC) <= due < datetime(
            2026, 3, 29, 2, 0, tzinfo=UTC)  # two real hours
        assert due.astimezone(BERLIN).hour != 2  # no wall time in the gap
    fixed = scheduler(clock, reminder_mode="fixed", reminder_time="02:30").next_due()
    assert fixed.astimezone(BERLIN).strftime("%H:%M %z") == "03:30 +0200"


def test_fall_back_window_is_four_real_hours():
    day = date(2026, 10, 25)  # Berlin: 03:00 CEST becomes 02:00 CET
    clock = Clock(at("00:00", day))
    dues = [scheduler(clock, seed=seed, reminder_window="01:00-04:00").next_due()
            for seed in range(300)]
    assert all(datetime(2026, 10, 24, 23, 0, tzinfo=UTC) <= d < datetime(
        2026, 10, 25, 3, 0, tzinfo=UTC) for d in dues)
    # the repeated hour is sampled, in both offsets
    assert {d.astimezone(BERLIN).utcoffset() for d in dues if d.astimezone(BERLIN).hour == 2} \
        == {timedelta(hours=1), timedelta(hours=2)}


def test_today_is_the_day_on_the_reminder_clock_not_utc():
    clock = Clock(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))  # 08:30 on 2 June in Tokyo
    due = scheduler(clock, tz=TOKYO).next_due().astimezone(TOKYO)
    assert due.date() == date(2026, 6, 2) and time(9) <= due.time() < time(21)


def test_changed_settings_redraw():
    clock = Clock(at("06:00"))
    s = scheduler(clock)
    s.next_due()
    s.set_plan(plan_from_settings(settings(reminder_window="07:00-07:30")))
    assert at("07:00") <= s.next_due() < at("07:30")


def test_odd_settings_fall_back_to_defaults():
    plan = plan_from_settings(settings(reminder_mode="hourly", reminder_window="21:00-09:00",
                                       reminder_snooze_minutes=-5))
    assert plan.mode == "random" and plan.snooze_minutes == 15
    assert (plan.slots[0].start, plan.slots[0].end) == (time(9), time(21))
    overlapping = plan_from_settings(settings(reminder_twice=True, reminder_morning="08:00-18:00",
                                              reminder_evening="17:00-22:00"))
    assert [(s.start, s.end) for s in overlapping.slots] == [(time(8), time(12)),
                                                            (time(17), time(22))]


@pytest.mark.parametrize(("args", "message"), [
    (("random", False, "9-21", "", "", "", ""), "'9' is not a time of day like 09:30."),
    (("random", False, "21:00-09:00", "", "", "", ""), "must end after it starts"),
    (("random", False, "25:00-26:00", "", "", "", ""), "'25:00' is not a time of day"),
    (("random", True, "", "08:00-18:00", "17:00-22:00", "", ""),
     "The morning window must end before the evening one starts."),
    (("fixed", True, "", "", "", "08:00", "09:00"),
     "The morning reminder must come before the evening one."),
    (("hourly", False, "", "", "", "", ""), "Unknown reminder mode 'hourly'."),
])
def test_check_settings_messages(args, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_settings(*args)


def test_parse_window_accepts_spaces():
    assert parse_window(" 08:00 - 12:30 ") == (time(8), time(12, 30))
