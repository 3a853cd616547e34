"""The reminder timer with a fake clock, the real journal and the real window: no waiting."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from habit_support import BERLIN, Clock, berlin, install_all

from tracker.ui.reminders import MAX_WAIT_MS

pytestmark = pytest.mark.gui

DAY = date(2026, 6, 10)


@pytest.fixture
def clock() -> Clock:
    return Clock(berlin(DAY, "06:00"))


@pytest.fixture
def habit(make_window, skills, journal, clock):
    window = make_window()
    s = window.settings
    s.reminder_window = "10:00-10:05"  # a short window: the draw is easy to reach
    h = install_all(window, journal, s, tray_available=False, now=clock,
                      rng=random.Random(4), tz=BERLIN)
    yield h
    h.shutdown()


def test_timer_waits_for_the_next_moment_capped(habit, clock):
    due = habit.reminders.next_due()
    assert berlin(DAY, "10:00") <= due < berlin(DAY, "10:05")
    assert habit.reminders.timer.isActive()
    assert habit.reminders.timer.interval() == MAX_WAIT_MS  # four hours away: wake up early
    clock.at = due - timedelta(seconds=90)
    habit.reminders.reschedule()
    assert habit.reminders.timer.interval() == 90_000


def test_timer_rings_at_the_moment_and_the_window_shows_it(qtbot, habit, clock):
    clock.at = habit.reminders.next_due()
    with qtbot.waitSignal(habit.reminders.reminded, timeout=5000) as signal:
        habit.reminders.reschedule()  # due now: a zero timer
    assert signal.args[0].slot == "day" and signal.args[0].day == DAY
    assert habit.window.status_label.text().startswith("Time for a check-in")
    assert habit.tray.snooze_button.isVisible()
    assert habit.reminders.next_due().date() == DAY + timedelta(days=1)


def test_early_wake_up_rings_nothing(habit, clock):
    clock.at = habit.reminders.next_due() - timedelta(minutes=1)
    assert habit.reminders.check_now() is None
    assert habit.reminders.timer.interval() == 60_000


def test_a_checkin_in_the_window_suppresses_it(habit, clock, journal, skills):
    due = habit.reminders.next_due()
    journal.record(ratings={skills[0]: 6}, at=berlin(DAY, "10:00"))
    clock.at = due
    assert habit.reminders.check_now() is None
    assert habit.window.status_label.text() == ""


def test_a_checkin_the_day_before_does_not(habit, clock, journal, skills):
    journal.record(ratings={skills[0]: 6}, at=berlin(DAY - timedelta(days=1), "10:02"))
    clock.at = habit.reminders.next_due()
    assert habit.reminders.check_now() is not None


def test_snooze_from_the_tray_menu_then_again(qtbot, habit, clock):
    clock.at = habit.reminders.next_due()
    habit.reminders.check_now()
    habit.tray.snooze_actions[30].trigger()
    assert habit.reminders.next_due() == clock.at + timedelta(minutes=30)
    assert not habit.tray.snooze_menu.isEnabled()
    clock.at += timedelta(minutes=30)
    with qtbot.waitSignal(habit.reminders.reminded, timeout=5000) as signal:
        habit.reminders.reschedule()
    assert signal.args[0].snoozed


def test_saving_a_checkin_answers_the_reminder(habit, clock, journal, skills):
    clock.at = habit.reminders.next_due()
    habit.reminders.check_now()
    assert habit.reminders.pending is not None
    habit.window.form.rating_input(skills[0]).setValue(7)
    assert habit.window.save_checkin()
    assert habit.reminders.pending is None and not habit.tray.snooze_button.isVisible()


def test_turning_reminders_off_in_settings_stops_the_timer(habit, monkeypatch):
    from tracker.ui import settings_dialog

    def choose_off(self):
        self.mode.setCurrentIndex(self.mode.findData("off"))
        self.accept()
        return 1

    monkeypatch.setattr(settings_dialog.SettingsDialog, "exec", choose_off)
    called = []
    habit.after_settings.append(lambda: called.append(habit.settings.reminder_mode))
    assert habit.open_settings()
    assert called == ["off"]
    assert habit.reminders.next_due() is None and not habit.reminders.timer.isActive()
