"""Outcome sources (issue #18): first and incremental refresh times of each reader.

Anki: a schema-18 collection (tests/sources/anki_collection.py) with 20,000 notes and cards and
200,000 reviews over three years, 180 a day in sessions, generated here; the first read (no
state), then an incremental read after 100 new reviews (with the first read's state). Each
read copies the whole collection with SQLite's backup API, so the incremental read is bounded
below by that copy. Readers run off the UI thread (the framework's worker); the figures are
reported without a target.

Git: ``sources_git.bench_git``: a repository of 20,000 commits generated with ``git
fast-import``; the first read, an incremental read after 10 new commits, one with nothing new,
and the longest stall of the main thread while an incremental read runs in a worker thread.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import spread, timings  # noqa: E402
from sources_git import bench_git  # noqa: E402

from tests.sources.anki_collection import add_reviews, connect, create_collection, ms  # noqa: E402
from tracker.sources.anki import AnkiReader  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS_SOURCES", "5"))
ANKI_REVIEWS = 200_000
ANKI_CARDS = 20_000
BERLIN = ZoneInfo("Europe/Berlin")


def anki_collection(path: Path, reviews: int = ANKI_REVIEWS, seed: int = 3) -> datetime:
    """A collection at ``path``; returns the time just after its last review."""
    rng = random.Random(seed)
    create_collection(path)
    with connect(path) as db:
        db.executemany(
            "INSERT INTO notes VALUES (?, ?, 1, 0, -1, '', ?, ?, 0, 0, '')",
            ((n, f"g{n}", f"word {n}\x1f" + "a meaning of some length " * 6, f"word {n}")
             for n in range(1, ANKI_CARDS + 1)))
        db.executemany(
            "INSERT INTO cards VALUES (?, ?, 1, 0, 0, -1, 2, 2, 100, 10, 2500, 5, 0, 0, 0, 0,"
            " 0, '')", ((n, n) for n in range(1, ANKI_CARDS + 1)))
    db.close()
    at = datetime(2023, 12, 1, 8, 0, tzinfo=UTC)
    rows: dict[int, tuple[int, int, int]] = {}
    while len(rows) < reviews:
        session = at + timedelta(hours=rng.choice([6, 11, 19, 22]), minutes=rng.randrange(60))
        for i in range(90):
            rid = ms(session + timedelta(seconds=8 * i))
            while rid in rows:  # as Anki does when two answers share a millisecond
                rid += 1
            rows[rid] = (rid, rng.choice([1, 3, 3, 3, 4]), rng.choice([0, 1, 1, 1, 2]))
        at += timedelta(hours=12)
    add_reviews(path, list(rows.values())[:reviews])
    return at + timedelta(days=1)


def _day(at: datetime) -> date:
    return at.astimezone(BERLIN).date()


def bench_anki() -> list[tuple[str, list[float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        col = Path(tmp) / "collection.anki2"
        end = anki_collection(col)
        size_mb = col.stat().st_size / 1e6
        reader = AnkiReader()
        options = {"collection": str(col)}
        first_reading = reader.read(options, _day)

        def first() -> None:
            reader.read(options, _day)

        def add_100() -> None:
            add_reviews(col, [(ms(end + timedelta(seconds=8 * i)), 3, 1) for i in range(100)])

        base = timings(first, repeat=ROUNDS)
        incremental: list[float] = []
        for r in range(ROUNDS):
            state = reader.read(options, _day).state
            end += timedelta(hours=1)
            add_100()
            incremental += timings(lambda s=state: reader.read(options, _day, s), repeat=1)
            if r == 0:  # the incremental read gives what a full read gives
                assert reader.read(options, _day, state).values == reader.read(
                    options, _day).values
        days = len(first_reading.values["reviews"])
        print(f"\n== Anki source: {ANKI_REVIEWS:,} reviews on {days} days, {ANKI_CARDS:,} cards"
              f" ({size_mb:.1f} MB collection), {ROUNDS} rounds")
    return [("first refresh (no state)", base),
            ("incremental refresh after 100 new reviews", incremental)]


def _print(rows: list[tuple[str, list[float]]]) -> None:
    for what, samples in rows:
        print(f"  {what:<50} {statistics.median(samples) * 1000:8.1f} ms  {spread(samples)}")


PARTS: list[Callable[[], list[tuple[str, list[float]]]]] = [bench_anki, bench_git]


def main() -> int:
    for part in PARTS:
        _print(part())
    return 0


if __name__ == "__main__":
    sys.exit(main())
