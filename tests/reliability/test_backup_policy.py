"""Backup thinning (7 daily, 4 weekly, 12 monthly), naming, and the daily schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tracker.paths import DataPaths
from tracker.services.backups import (
    AUTOMATIC,
    BEFORE_RESTORE,
    BEFORE_UPGRADE,
    Backups,
    backups_to_keep,
    parse_backup_name,
)
from tracker.services.journal import Journal

START = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)


def test_a_year_of_daily_backups_thins_to_7_daily_4_weekly_12_monthly():
    days = [START + timedelta(days=i) for i in range(400)]
    keep = backups_to_keep(days)
    newest = days[-1]
    assert set(days[-7:]) <= keep  # the last seven days
    week_ends, month_ends = {}, {}
    for d in days:  # oldest first: each period ends up holding its newest
        week_ends[d.isocalendar()[:2]] = d
        month_ends[(d.year, d.month)] = d
    assert set(sorted(week_ends.values())[-4:]) <= keep  # newest of the last four weeks
    assert set(sorted(month_ends.values())[-12:]) <= keep
    assert newest in keep and len(keep) <= 7 + 4 + 12
    assert days[0] not in keep


moments = st.lists(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
                   max_size=60)


@given(moments)
def test_thinning_keeps_the_newest_is_bounded_and_stable(created):
    keep = backups_to_keep(created)
    assert keep <= set(created)
    assert len(keep) <= 1 + 7 + 4 + 12
    if created:
        assert max(created) in keep
    assert backups_to_keep(keep) == keep  # thinning again removes nothing more


def test_backup_names():
    assert parse_backup_name("touchstone-20261127T120000Z.db") == (
        datetime(2026, 11, 27, 12, tzinfo=UTC), AUTOMATIC)
    assert parse_backup_name("touchstone-20261127T120000Z-2.db")[1] == AUTOMATIC
    assert parse_backup_name("touchstone-before-restore-20261127T120000Z.db")[1] == BEFORE_RESTORE
    assert parse_backup_name("touchstone-before-v2-20261127T120000.db")[1] == BEFORE_UPGRADE
    for other in ("touchstone.db", "notes-20261127T120000Z.db", "touchstone-2026.db",
                  "touchstone-20261327T120000Z.db"):
        assert parse_backup_name(other) is None


def test_at_most_one_automatic_backup_a_day_and_old_ones_thinned(data_dir):
    journal = Journal.open(data_dir)
    journal.add_skill("Overall")
    journal.close()
    backups = Backups(DataPaths(data_dir))
    now = datetime.now(UTC)
    first = backups.back_up_if_due(now)
    assert first is not None and first.checkins == 0
    assert backups.back_up_if_due(now) is None  # not due again today
    assert backups.last_backup() is not None
    for days in range(1, 40):  # a month and more of older automatic backups
        backups.back_up(now=now - timedelta(days=days))
    remaining = [e.created for e in backups.entries()]
    assert len(remaining) <= 7 + 4 + 12 and now.replace(microsecond=0) in remaining
    assert backups.back_up_if_due(now + timedelta(days=1)) is not None


def _journal_backups(data_dir) -> Backups:
    journal = Journal.open(data_dir)
    journal.add_skill("Overall")
    journal.close()
    return Backups(DataPaths(data_dir))


def test_a_backup_dated_in_the_future_does_not_stop_todays(data_dir):
    backups = _journal_backups(data_dir)
    now = datetime.now(UTC)
    ahead = now.replace(year=2040)  # the clock once ran ahead (dead CMOS battery, a VM)
    backups.back_up(now=ahead)
    assert backups.is_due(now)
    assert backups.newest_in_future(now) is not None
    made = backups.back_up_if_due(now)
    assert made is not None and made.path.name.startswith(f"touchstone-{now:%Y%m%d}")
    assert not backups.is_due(now)
    assert backups.newest_in_future(ahead + timedelta(seconds=1)) is None


def test_thinning_keeps_seven_real_days_beside_a_future_backup(data_dir):
    backups = _journal_backups(data_dir)
    now = datetime.now(UTC).replace(hour=12)
    for day in (1, 2, 3):  # the clock ran ahead for three days
        backups.back_up(now=datetime(2040, 1, day, 12, tzinfo=UTC))
    for days in range(10, -1, -1):  # eleven days, one backup each, the newest today
        backups.back_up(now=now - timedelta(days=days))
    days_kept = {e.created.date() for e in backups.entries() if e.created <= now}
    assert {(now - timedelta(days=d)).date() for d in range(7)} <= days_kept
    assert len([e for e in backups.entries() if e.created.year == 2040]) == 3


def test_an_empty_or_cut_off_file_named_like_todays_backup_does_not_count(data_dir):
    backups = _journal_backups(data_dir)
    now = datetime.now(UTC)
    backups.folder.mkdir(parents=True, exist_ok=True)
    (backups.folder / f"touchstone-{now:%Y%m%dT%H%M%S}Z.db").write_bytes(b"")
    assert backups.is_due(now)
    made = backups.back_up_if_due(now)
    assert made is not None and made.checkins == 0
    assert not backups.is_due(now)
