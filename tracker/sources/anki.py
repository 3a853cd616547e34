"""Anki reviews per local day, read from the user's collection file without ever writing to it.

**What is read.** ``options["collection"]``: the collection file (``collection.anki2``, or the
older ``collection.anki21``), or the profile folder holding it. It is opened read-only
(``mode=ro``) and copied with SQLite's backup API into a temporary file, which is then read
and deleted. Anki desktop keeps its collection open with an exclusive lock while it runs; the
reader waits at most ``lock_timeout`` seconds (2 s) for a shared lock and otherwise stops with
"Anki is holding its collection locked; close Anki or try later". The lock is held only while
the pages are copied. A collection in WAL mode (as Anki leaves it) gets SQLite's usual side
files beside it (an empty ``-wal``, a ``-shm``), as when Anki opens it; the collection file
itself is never changed (tests/sources/test_anki_source.py checks its hash and mtime).

**Schemas.** ``col.ver`` 11 (the classic schema, the rollover hour in the ``col.conf`` JSON)
and 14–18 (the ``config`` table, where the rollover is the JSON value of key ``rollover``);
18 is what current desktop releases write (``SCHEMA_MAX_VERSION`` in Anki's rslib). ``revlog``
has the same layout in all of them: ``id`` = the answer time in epoch milliseconds, ``ease`` =
the button (1 Again, 2 Hard, 3 Good, 4 Easy; 0 = no answer), ``type`` = 0 learn, 1 review,
2 relearn, 3 filtered (cram), 4 manual, 5 rescheduled. Any other version is refused with a
``SourceError``.

**Measures.** ``reviews``: rows answered with a button (ease 1–4) of types learn, review,
relearn or filtered; manual and rescheduled rows (a due date set by hand or by FSRS, ease 0)
and filtered rows without an answer are not reviews. ``correct_share``: of those, the share
answered with ease > 1 (Hard, Good or Easy; Again is the wrong answer). Days without a review
are absent.

**Days.** Anki's day starts at its rollover hour (default 4 when the collection has none): a
review at 02:00 belongs to the previous Anki day. The reader shifts each answer time back by the
rollover hours and gives that instant to ``day_of``, the journal's local day (METHODS §0): a
review at 02:00 local with rollover 4 is 22:00 of the day before, so it lands on that day.
The shift is in elapsed hours, so on a daylight-saving change day the boundary moves by that
hour. Answer times are grouped by minute before ``day_of`` (every UTC offset in use today is a
whole number of minutes, so no day boundary falls inside a minute).

**State.** The last ``revlog`` id read, a fingerprint (row count and id sum) of the rows up to
it, the collection's creation time and rollover hour, and the per-day counts. A refresh reads
only rows after that id; when the fingerprint, creation time or rollover differ (a sync
brought older reviews, rows were deleted, another collection, a new rollover) it reads
everything again, so the values are the same with or without state. The days in the state come
from the ``day_of`` of that read: when the journal's day mapping changes, pass no state.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.sources.base import DayOf, MeasureSpec, Reader, Reading, SourceError

SCHEMAS = frozenset({11, 14, 15, 16, 17, 18})
DEFAULT_ROLLOVER = 4
LOCK_TIMEOUT_S = 2.0
COLLECTION_NAMES = ("collection.anki2", "collection.anki21")
LOCKED = "Anki is holding its collection locked; close Anki or try later"
FIRST_MS, LAST_MS = 1, 221_845_392_000_000  # answer times (epoch ms) kept: 1970 to 9000
_FINGERPRINT_MOD = 1_000_000_007  # keeps the id sum inside SQLite's 64-bit integers
_STATE_VERSION = 1
_REVIEWS_SQL = (
    "SELECT id / 60000, count(*), sum(ease > 1) FROM revlog"
    " WHERE id > ? AND id >= ? AND id <= ? AND type IN (0, 1, 2, 3) AND ease BETWEEN 1 AND 4"
    " GROUP BY id / 60000")


class AnkiReader:
    """Reviews per day and the share answered correctly, from an Anki collection."""

    kind = "anki"
    measures: tuple[MeasureSpec, ...] = (
        MeasureSpec("reviews", "Anki reviews", "reviews"),
        MeasureSpec("correct_share", "Anki answered correctly", "share"),
    )

    def __init__(self, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        self.lock_timeout = lock_timeout

    def check(self, options: dict[str, Any]) -> None:
        with self._copy(collection_path(options)) as db:
            _schema_and_rollover(db)

    def read(self, options: dict[str, Any], day_of: DayOf,
             state: dict[str, Any] | None = None) -> Reading:
        with self._copy(collection_path(options)) as db:
            return _read(db, day_of, state)

    @contextmanager
    def _copy(self, path: Path) -> Iterator[sqlite3.Connection]:
        """A connection to a temporary copy of the collection at ``path``, made read-only."""
        with tempfile.TemporaryDirectory(prefix="touchstone-anki-") as tmp:
            copy = sqlite3.connect(Path(tmp) / "copy.db")
            try:
                _backup(path, copy, self.lock_timeout)
                yield copy
            finally:
                copy.close()


def collection_path(options: dict[str, Any]) -> Path:
    """The collection file named by ``options["collection"]`` (a file, or a profile folder)."""
    raw = options.get("collection")
    if not isinstance(raw, str | Path) or not str(raw).strip():
        raise SourceError("An Anki source needs its collection file (collection.anki2).")
    path = Path(raw).expanduser()
    if path.is_dir():
        for name in COLLECTION_NAMES:
            if (path / name).is_file():
                return path / name
        raise SourceError(f"No Anki collection (collection.anki2) in the folder {path}.")
    if not path.is_file():
        raise SourceError(f"The Anki collection {path} does not exist.")
    return path


def _backup(path: Path, copy: sqlite3.Connection, lock_timeout: float) -> None:
    """Copy ``path`` into ``copy`` under one shared lock, waited for at most ``lock_timeout``.

    The read transaction is begun first so that waiting is bounded by the busy timeout
    (Python's ``backup`` itself retries a busy source without end)."""
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        source = sqlite3.connect(uri, uri=True, timeout=lock_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise SourceError(f"The Anki collection {path} cannot be opened ({exc}).") from exc
    with closing(source):
        try:
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
            source.backup(copy)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise SourceError(LOCKED + ".") from exc
            raise SourceError(f"The Anki collection {path} cannot be read ({exc}).") from exc
        except sqlite3.DatabaseError as exc:
            raise SourceError(f"{path} is not an Anki collection ({exc}).") from exc
        finally:
            if source.in_transaction:
                source.execute("ROLLBACK")


def _schema_and_rollover(db: sqlite3.Connection) -> tuple[int, int, int, list[str]]:
    """The collection's schema version, creation time and rollover hour, with notes."""
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"col", "revlog"} <= tables:
            raise SourceError("This file is not an Anki collection (no col or revlog table).")
        row = db.execute("SELECT ver, crt FROM col LIMIT 1").fetchone()
        columns = {r[1] for r in db.execute("PRAGMA table_info(revlog)")}
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"This file is not an Anki collection ({exc}).") from exc
    if row is None or not isinstance(row[0], int):
        raise SourceError("This Anki collection has no schema version (its col table is empty).")
    ver, crt = row[0], row[1] if isinstance(row[1], int) else 0
    if ver not in SCHEMAS:
        raise SourceError(f"This Anki collection has schema version {ver}, which Touchstone does"
                          " not read (it reads 11 and 14–18).")
    if not {"id", "ease", "type"} <= columns:
        raise SourceError("This Anki collection's review log lacks the id, ease or type column.")
    raw = _rollover_value(db, ver)
    if raw is None:
        return ver, crt, DEFAULT_ROLLOVER, []
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 23:
        return ver, crt, raw, []
    return ver, crt, DEFAULT_ROLLOVER, [
        f"Anki's rollover hour {raw!r} is not an hour of the day; 4 is used."]


def _rollover_value(db: sqlite3.Connection, ver: int) -> Any:
    """The stored rollover (JSON-decoded), or None when the collection has none."""
    try:
        if ver == 11:
            row = db.execute("SELECT conf FROM col LIMIT 1").fetchone()
            conf = json.loads(row[0]) if row and row[0] else {}
            return conf.get("rollover") if isinstance(conf, dict) else None
        row = db.execute("SELECT val FROM config WHERE key = 'rollover'").fetchone()
        return json.loads(row[0]) if row else None
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        raise SourceError(f"This Anki collection's settings cannot be read ({exc}).") from exc


def _fingerprint(db: sqlite3.Connection, last_id: int) -> list[int]:
    row = db.execute("SELECT count(*), coalesce(sum(id % ?), 0) FROM revlog WHERE id <= ?",
                     (_FINGERPRINT_MOD, last_id)).fetchone()
    return [int(row[0]), int(row[1])]


def _usable_state(state: dict[str, Any] | None, db: sqlite3.Connection, crt: int,
                  rollover: int) -> dict[str, Any] | None:
    """``state`` when it still describes the start of this review log, else None."""
    if not state or state.get("v") != _STATE_VERSION or state.get("crt") != crt \
            or state.get("rollover") != rollover:
        return None
    last_id = state.get("last_id")
    if not isinstance(last_id, int) or not isinstance(state.get("days"), dict):
        return None
    return state if _fingerprint(db, last_id) == state.get("fingerprint") else None


def _read(db: sqlite3.Connection, day_of: DayOf, state: dict[str, Any] | None) -> Reading:
    _ver, crt, rollover, notes = _schema_and_rollover(db)
    try:
        prior = _usable_state(state, db, crt, rollover)
        after = prior["last_id"] if prior else None
        days: dict[str, list[int]] = (
            {k: [int(v[0]), int(v[1])] for k, v in prior["days"].items()} if prior else {})
        shift_s = rollover * 3600
        rows = db.execute(_REVIEWS_SQL, (after if after is not None else -(2**63),
                                          FIRST_MS, LAST_MS))
        for minute, n, correct in rows:
            day = day_of(datetime.fromtimestamp(minute * 60 - shift_s, tz=UTC)).isoformat()
            counts = days.setdefault(day, [0, 0])
            counts[0] += n
            counts[1] += correct
        last_id = db.execute("SELECT coalesce(max(id), 0) FROM revlog").fetchone()[0]
        odd = db.execute("SELECT count(*) FROM revlog WHERE (id < ? OR id > ?)"
                         " AND type IN (0, 1, 2, 3) AND ease BETWEEN 1 AND 4",
                         (FIRST_MS, LAST_MS)).fetchone()[0]
        fingerprint = _fingerprint(db, last_id)
    except sqlite3.DatabaseError as exc:
        raise SourceError(f"This Anki collection's review log cannot be read ({exc}).") from exc
    if odd:
        notes.append(f"{odd} Anki review(s) with an impossible time were left out.")
    reviews = {date.fromisoformat(d): float(c[0]) for d, c in days.items() if c[0] > 0}
    share = {date.fromisoformat(d): c[1] / c[0] for d, c in days.items() if c[0] > 0}
    new_state = {"v": _STATE_VERSION, "crt": crt, "rollover": rollover, "last_id": last_id,
                 "fingerprint": fingerprint, "days": days}
    return Reading(values={"reviews": reviews, "correct_share": share}, notes=tuple(notes),
                   state=new_state)


if TYPE_CHECKING:
    _reader: Reader = AnkiReader()  # mypy checks the class against the protocol
