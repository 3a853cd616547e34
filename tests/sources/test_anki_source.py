"""The Anki reader on real collections built in the test (schema 18 as current Anki desktop
releases write it, and the classic schema 11; tests/sources/anki_collection.py): the rollover
hour, the journal's time zone, what counts as a review, incremental refresh, locks and bad
files, and that the collection file is never changed."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
import threading
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.sources.anki_collection import (
    FILTERED,
    LEARN,
    MANUAL,
    RELEARN,
    RESCHEDULED,
    REVIEW,
    add_reviews,
    connect,
    create_collection,
    ms,
)
from tracker.sources.anki import LAST_MS, LOCKED, AnkiReader
from tracker.sources.base import SourceError

BERLIN = ZoneInfo("Europe/Berlin")


def day_in(tz: ZoneInfo):
    """The journal's ``day_of`` for check-ins in ``tz``."""
    return lambda at: at.astimezone(tz).date()


def local(tz, *args: int) -> int:
    return ms(datetime(*args, tzinfo=tz))


def read(path: Path, tz=BERLIN, state=None, reader: AnkiReader | None = None):
    return (reader or AnkiReader()).read({"collection": str(path)}, day_in(tz), state)


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_a_review_before_the_rollover_hour_belongs_to_the_previous_anki_day(tmp_path):
    col = create_collection(tmp_path / "collection.anki2", rollover=4)
    add_reviews(col, [
        (local(BERLIN, 2026, 12, 1, 3, 59), 1, REVIEW),   # Anki's 30 Nov: wrong
        (local(BERLIN, 2026, 12, 1, 4, 0), 3, REVIEW),    # 1 Dec: right
        (local(BERLIN, 2026, 12, 1, 23, 30), 1, LEARN),   # 1 Dec: wrong
        (local(BERLIN, 2026, 12, 2, 2, 0), 4, RELEARN),   # still 1 Dec: right
        (local(BERLIN, 2026, 12, 2, 4, 1), 2, REVIEW),    # 2 Dec: Hard is right
    ])
    values = read(col).values
    assert values["reviews"] == {date(2026, 11, 30): 1.0, date(2026, 12, 1): 3.0,
                                 date(2026, 12, 2): 1.0}
    assert values["correct_share"] == {date(2026, 11, 30): 0.0, date(2026, 12, 1): 2 / 3,
                                       date(2026, 12, 2): 1.0}


@pytest.mark.parametrize(("ver", "rollover", "day"), [
    (18, 0, date(2026, 12, 2)),      # midnight rollover: 02:00 is the new day
    (18, 6, date(2026, 12, 1)),
    (18, None, date(2026, 12, 1)),   # no rollover stored: Anki's default, 4
    (11, 0, date(2026, 12, 2)),      # classic schema: the rollover in col.conf
    (11, None, date(2026, 12, 1)),
    (16, 0, date(2026, 12, 2)),      # 14–17: the config table, as in 18
])
def test_the_rollover_hour_is_read_where_the_schema_keeps_it(tmp_path, ver, rollover, day):
    col = create_collection(tmp_path / "collection.anki2", ver=ver, rollover=rollover)
    add_reviews(col, [(local(BERLIN, 2026, 12, 2, 2, 0), 3, REVIEW)])
    assert read(col).values["reviews"] == {day: 1.0}


def test_days_are_the_journals_local_days_in_its_own_utc_offset(tmp_path):
    col = create_collection(tmp_path / "collection.anki2", rollover=4)
    at = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    add_reviews(col, [(ms(at), 3, REVIEW)])
    # Los Angeles: 02:30 local on 1 Dec, before the rollover: Anki's 30 Nov
    assert read(col, ZoneInfo("America/Los_Angeles")).values["reviews"] == {
        date(2026, 11, 30): 1.0}
    # Kathmandu (+05:45): 16:15 local on 1 Dec
    assert read(col, ZoneInfo("Asia/Kathmandu")).values["reviews"] == {date(2026, 12, 1): 1.0}
    # +05:45 puts the rollover at 22:15 UTC: a minute either side lands on either day
    edge = datetime(2026, 12, 1, 22, 15, tzinfo=UTC)
    add_reviews(col, [(ms(edge - timedelta(seconds=1)), 3, REVIEW), (ms(edge), 1, REVIEW)])
    assert read(col, ZoneInfo("Asia/Kathmandu")).values["reviews"] == {
        date(2026, 12, 1): 2.0, date(2026, 12, 2): 1.0}


def test_only_answered_learn_review_relearn_and_filtered_rows_are_reviews(tmp_path):
    col = create_collection(tmp_path / "collection.anki2", rollover=4)
    t = local(BERLIN, 2026, 12, 1, 12, 0)
    add_reviews(col, [
        (t, 1, LEARN), (t + 1, 2, REVIEW), (t + 2, 3, RELEARN), (t + 3, 4, FILTERED),
        (t + 4, 0, MANUAL),          # "set due date" by hand: no answer
        (t + 5, 0, RESCHEDULED),     # rescheduled by FSRS: no answer
        (t + 6, 0, FILTERED),        # a filtered deck's card left without an answer
        (t + 7, 3, MANUAL),          # a manual row is never a review
    ])
    values = read(col).values
    assert values["reviews"] == {date(2026, 12, 1): 4.0}
    assert values["correct_share"] == {date(2026, 12, 1): 0.75}  # Again is the wrong answer


def test_an_empty_review_log_gives_no_days(tmp_path):
    col = create_collection(tmp_path / "collection.anki2")
    reading = read(col)
    assert reading.values == {"reviews": {}, "correct_share": {}}
    assert reading.notes == ()
    assert read(col, state=reading.state).values == reading.values


def test_a_refresh_with_state_reads_only_new_reviews_and_gives_the_same_values(tmp_path):
    col = create_collection(tmp_path / "collection.anki2")
    start = datetime(2026, 11, 1, 9, 0, tzinfo=BERLIN)
    add_reviews(col, [(ms(start + timedelta(hours=7 * i)), 1 + i % 4, REVIEW)
                      for i in range(200)])
    first = read(col)
    new = [(ms(start + timedelta(days=70, minutes=i)), 1 + i % 3, REVIEW) for i in range(5)]
    add_reviews(col, new)
    calls: list[datetime] = []

    def counting(at: datetime) -> date:
        calls.append(at)
        return at.astimezone(BERLIN).date()

    again = AnkiReader().read({"collection": str(col)}, counting, first.state)
    assert len(calls) == 5  # one day_of per new minute, none for the 200 read before
    assert again.values == read(col).values
    assert again.values["reviews"][date(2027, 1, 10)] == 5.0


def test_reviews_synced_from_another_device_before_the_last_read_are_not_missed(tmp_path):
    col = create_collection(tmp_path / "collection.anki2")
    add_reviews(col, [(local(BERLIN, 2026, 12, 1, 12, 0), 3, REVIEW)])
    first = read(col)
    # the phone's reviews of the morning arrive by sync after the desktop was read
    add_reviews(col, [(local(BERLIN, 2026, 12, 1, 8, 0), 1, REVIEW)], cid=2)
    again = read(col, state=first.state)
    assert again.values == read(col).values
    assert again.values["reviews"] == {date(2026, 12, 1): 2.0}


def test_a_new_rollover_hour_recounts_every_day(tmp_path):
    col = create_collection(tmp_path / "collection.anki2", rollover=4)
    add_reviews(col, [(local(BERLIN, 2026, 12, 2, 2, 0), 3, REVIEW)])
    first = read(col)
    with connect(col) as db:
        db.execute("UPDATE config SET val = ? WHERE KEY = 'rollover'", (b"0",))
    db.close()
    assert read(col, state=first.state).values["reviews"] == {date(2026, 12, 2): 1.0}


def test_a_rollover_that_is_no_hour_uses_the_default_and_says_so(tmp_path):
    col = create_collection(tmp_path / "collection.anki2", rollover=31)
    add_reviews(col, [(local(BERLIN, 2026, 12, 2, 2, 0), 3, REVIEW)])
    reading = read(col)
    assert reading.values["reviews"] == {date(2026, 12, 1): 1.0}
    assert any("31" in n and "4 is used" in n for n in reading.notes)


@pytest.mark.parametrize("ver", [10, 19, 99])
def test_an_unknown_schema_version_is_refused_with_a_clear_error(tmp_path, ver):
    col = create_collection(tmp_path / "collection.anki2", ver=ver)
    add_reviews(col, [(local(BERLIN, 2026, 12, 1, 12, 0), 3, REVIEW)])
    for call in (lambda: AnkiReader().check({"collection": str(col)}), lambda: read(col)):
        with pytest.raises(SourceError, match=f"schema version {ver}"):
            call()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    junk = tmp_path / "collection.anki2"
    junk.write_text("not a database, just words\n" * 200)
    before = digest(junk)
    with pytest.raises(SourceError, match="not an Anki collection"):
        read(junk)
    assert digest(junk) == before


def _sqlite_not_anki(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE t (x)")


@pytest.mark.parametrize("make", [
    lambda p: p.write_bytes(b""),                                   # empty file
    lambda p: _sqlite_not_anki(p),
])
def test_a_database_that_is_not_an_anki_collection_is_refused(tmp_path, make):
    path = tmp_path / "other.db"
    make(path)
    with pytest.raises(SourceError, match="not an Anki collection"):
        AnkiReader().check({"collection": str(path)})


def test_the_collection_option_names_a_file_or_a_profile_folder(tmp_path):
    with pytest.raises(SourceError, match="collection file"):
        AnkiReader().check({})
    with pytest.raises(SourceError, match="does not exist"):
        AnkiReader().check({"collection": str(tmp_path / "nowhere.anki2")})
    with pytest.raises(SourceError, match="No Anki collection"):
        AnkiReader().check({"collection": str(tmp_path)})
    create_collection(tmp_path / "collection.anki2")
    AnkiReader().check({"collection": str(tmp_path)})  # the profile folder holds it


def _hold_exclusive_rollback(path: Path) -> sqlite3.Connection:
    with connect(path) as db:
        db.execute("PRAGMA journal_mode = delete")
    db.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def _hold_like_anki(path: Path) -> sqlite3.Connection:
    """Anki desktop: WAL with locking_mode = exclusive, the lock kept after its first write."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode = exclusive")
    holder.execute("UPDATE col SET mod = mod + 1")
    return holder


@pytest.mark.parametrize("hold", [_hold_exclusive_rollback, _hold_like_anki])
def test_a_collection_locked_beyond_the_bound_is_a_source_error_and_nothing_is_written(
        tmp_path, hold):
    col = create_collection(tmp_path / "collection.anki2")
    add_reviews(col, [(local(BERLIN, 2026, 12, 1, 12, 0), 3, REVIEW)])
    holder = hold(col)
    before = digest(col)
    outcome: list[object] = []

    def attempt() -> None:
        try:
            outcome.append(read(col, reader=AnkiReader(lock_timeout=0.2)))
        except SourceError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(60)  # a hang guard only: the bound is 0.2 s
    try:
        assert not worker.is_alive(), "the reader waited on the lock without bound"
        assert len(outcome) == 1 and isinstance(outcome[0], SourceError)
        assert str(outcome[0]) == LOCKED + "."
        assert digest(col) == before
    finally:
        holder.close()
    assert read(col).values["reviews"] == {date(2026, 12, 1): 1.0}  # released: readable


def test_reviews_still_in_ankis_write_ahead_log_are_read(tmp_path):
    col = create_collection(tmp_path / "collection.anki2")
    writer = connect(col)  # a writer that keeps the collection open: nothing checkpointed yet
    try:
        with writer:
            writer.execute("INSERT INTO revlog VALUES (?, 1, -1, 3, 1, 0, 2500, 8000, 1)",
                           (local(BERLIN, 2026, 12, 1, 12, 0),))
        assert col.with_name(col.name + "-wal").stat().st_size > 0
        before = digest(col)
        assert read(col).values["reviews"] == {date(2026, 12, 1): 1.0}
        assert digest(col) == before
    finally:
        writer.close()


def test_reading_never_changes_the_collection_file(tmp_path):
    col = create_collection(tmp_path / "collection.anki2")
    add_reviews(col, [(local(BERLIN, 2026, 12, 1, h, 0), 1 + h % 4, REVIEW)
                      for h in range(5, 23)])
    before = digest(col)
    reader = AnkiReader()
    reader.check({"collection": str(col)})
    first = read(col)
    read(col, state=first.state)
    assert digest(col) == before
    wal = col.with_name(col.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing was written to the log
    beside = {p.name for p in tmp_path.iterdir()} - {col.name, wal.name, col.name + "-shm"}
    assert beside == set()  # the temporary copy is gone


# Fuzz: any review log read with and without state, in two batches, against a per-row model.
_ROW = st.tuples(
    st.one_of(st.integers(1_140_000_000_000, 2_240_000_000_000),  # 2006 … 2040 in epoch ms
              st.integers(-10**15, 10**17)),                        # and impossible times
    st.integers(-1, 6),    # ease
    st.integers(-1, 7),    # type
)
_TZ = [ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Kathmandu"), ZoneInfo("America/St_Johns")]


def _model(rows, rollover: int, tz: ZoneInfo) -> dict[date, list[int]]:
    days: dict[date, list[int]] = {}
    for rid, ease, kind in rows:
        if not (1 <= rid <= LAST_MS and kind in (0, 1, 2, 3) and 1 <= ease <= 4):
            continue
        at = datetime.fromtimestamp(rid // 60000 * 60 - rollover * 3600, tz=UTC)
        counts = days.setdefault(at.astimezone(tz).date(), [0, 0])
        counts[0] += 1
        counts[1] += ease > 1
    return days


@settings(max_examples=40, deadline=None)
@given(first=st.lists(_ROW, max_size=40), second=st.lists(_ROW, max_size=20),
       rollover=st.integers(0, 23), tz=st.sampled_from(_TZ))
def test_fuzzed_review_logs_read_the_same_with_and_without_state(first, second, rollover, tz):
    unique = list({r[0]: r for r in first + second}.values())
    first_rows = [r for r in unique if r in first]
    with tempfile.TemporaryDirectory() as tmp:
        col = create_collection(Path(tmp) / "collection.anki2", rollover=rollover)
        add_reviews(col, first_rows)
        one = read(col, tz)
        add_reviews(col, [r for r in unique if r not in first_rows])
        fresh, refreshed = read(col, tz), read(col, tz, state=one.state)
    assert refreshed.values == fresh.values
    expected = _model(unique, rollover, tz)
    assert fresh.values["reviews"] == {d: float(c[0]) for d, c in expected.items()}
    assert fresh.values["correct_share"] == {d: c[1] / c[0] for d, c in expected.items()}
    assert all(0.0 <= v <= 1.0 for v in fresh.values["correct_share"].values())
