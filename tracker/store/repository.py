"""``Store``: the repository. Domain dataclasses in, domain dataclasses out.

Every public call is one unit of work: its own ``Session`` and transaction, committed or rolled
back before it returns. Writes begin with ``BEGIN IMMEDIATE`` so they wait for the write lock
(up to the busy timeout) rather than failing half-way. Reads of many check-ins are a handful of
Core selects, not one query per row.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Engine, Select, Table, delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.domain.models import BUILTIN_FACTORS, CheckIn, Factor, Skill
from tracker.errors import StoreError
from tracker.paths import DataPaths
from tracker.store import instants
from tracker.store.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    WRITE_OPTION,
    connect,
    create_store_engine,
)
from tracker.store.failures import opening_errors, store_errors
from tracker.store.integrity import DEFAULT_TIME_LIMIT_S
from tracker.store.row_writes import (
    factor_params,
    insert_checkins,
    insert_children,
    rows_changed,
    skill_params,
    tag_key,
    upsert,
)
from tracker.store.rows import factor_from_row, skill_from_row
from tracker.store.tables import (
    CHECKIN_TAGS,
    CHECKINS,
    FACTOR_VALUES,
    FACTORS,
    RATINGS,
    SKILLS,
)
from tracker.store.versioning import prepare_database

if TYPE_CHECKING:
    from tracker.store.measured_repository import MeasuredRepository
    from tracker.store.reality_repository import RealityRepository


@dataclass(frozen=True, slots=True)
class RemovedCheckIn:
    """A deleted check-in with what was deleted or unlinked along with it."""

    checkin: CheckIn
    revisits: tuple[dict, ...]  # its blind re-ratings, as stored rows
    now_of_revisits: tuple[str, ...]  # re-ratings made while checking in with it
    predicted_at: tuple[str, ...]  # evaluations whose prediction it recorded the state of
    probed_after: tuple[str, ...] = ()  # probes run right after it


class Store:
    """The journal database: skills, factors and check-ins."""

    def __init__(self, path: Path, engine: Engine, watcher: sqlite3.Connection) -> None:
        self.path = path
        self.engine = engine
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._watcher = watcher
        self._watch_lock = threading.Lock()
        self._closed = False
        self._reality: RealityRepository | None = None
        self._measured: MeasuredRepository | None = None
        self.read_only: str | None = None  # why the folder cannot be written, if it cannot

    @property
    def reality(self) -> RealityRepository:
        """Evaluations and revisits (their tables load on first use, not before a save)."""
        if self._reality is None:
            from tracker.store.reality_repository import RealityRepository

            self._reality = RealityRepository(self)
        return self._reality

    @property
    def measured(self) -> MeasuredRepository:
        """Probes, measures and daily outcomes (their tables load on first use)."""
        if self._measured is None:
            from tracker.store.measured_repository import MeasuredRepository

            self._measured = MeasuredRepository(self)
        return self._measured

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        check_time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
        backup_folders: Sequence[Path] = (),
    ) -> Store:
        """Open (creating or migrating as needed) the journal in ``data_dir``.

        An existing file is quick-checked first (bounded by ``check_time_limit_s``); a damaged
        one is moved aside unchanged and ``DamagedJournalError`` (a ``StoreError``) raised.
        ``backup_folders``: where backups are besides ``data_dir/backups`` (a stray -wal or an
        empty journal is judged against them).
        """
        paths = DataPaths(Path(data_dir))
        why = paths.read_only() if paths.root.is_dir() else None
        if why:  # read-only media: reads work, writes are refused (``unit``)
            from tracker.store.read_only import open_read_only

            engine, watcher = open_read_only(paths.database, why, busy_timeout_ms,
                                             check_time_limit_s)
            store = cls(paths.database, engine, watcher)
            store.read_only = why
            return store
        try:
            paths.ensure()
        except OSError as error:
            raise StoreError(
                f"The data folder {paths.root} cannot be created: {error.strerror}."
            ) from None
        path = paths.database
        with opening_errors(path):  # an encryption switch renaming a file over it: "replaced"
            try:
                prepare_database(path, paths.backups, busy_timeout_ms, check_time_limit_s,
                                 backup_folders)
            except OSError as error:  # creating the file itself (permissions, full disk)
                raise StoreError(
                    f"The journal {path} cannot be created: {error.strerror}.") from None
            watcher = connect(path, busy_timeout_ms)
        store = cls(path, create_store_engine(path, busy_timeout_ms), watcher)
        try:
            store._add_missing_builtin_factors()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close every connection (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()
        with self._watch_lock:
            self._watcher.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # sessions -----------------------------------------------------------------------------
    @contextmanager
    def unit(self, write: bool = False) -> Iterator[Session]:
        """One unit of work: its own ``Session`` and transaction, committed or rolled back on
        leaving; known database failures come out as ``StoreError``."""
        if self._closed:
            raise RuntimeError("the store is closed")
        if write and self.read_only:
            from tracker.store.read_only import refused_write

            raise StoreError(refused_write(self.path.parent, self.read_only))
        with store_errors():
            bind = self._write_engine if write else self.engine
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session

    # skills and factors --------------------------------------------------------------------
    def list_skills(self, include_archived: bool = True) -> list[Skill]:
        """Skills by position, then name."""
        query = select(SKILLS)
        if not include_archived:
            query = query.where(SKILLS.c.archived.is_(False))
        with self.unit() as session:
            rows = session.execute(query).all()
        skills = [skill_from_row(row) for row in rows]
        return sorted(skills, key=lambda s: (s.position, s.name.casefold(), s.name))

    def save_skill(self, skill: Skill) -> None:
        """Insert ``skill``, or update the skill with its id."""
        with self.unit(write=True) as session:
            upsert(session, SKILLS, [skill_params(skill)])

    def list_factors(self, include_archived: bool = True) -> list[Factor]:
        """Factors by position, then name."""
        query = select(FACTORS)
        if not include_archived:
            query = query.where(FACTORS.c.archived.is_(False))
        with self.unit() as session:
            rows = session.execute(query).all()
        factors = [factor_from_row(row) for row in rows]
        return sorted(factors, key=lambda f: (f.position, f.name.casefold(), f.name))

    def save_factor(self, factor: Factor) -> None:
        """Insert ``factor``, or update the factor with its id."""
        with self.unit(write=True) as session:
            upsert(session, FACTORS, [factor_params(factor)])

    def _add_missing_builtin_factors(self) -> None:
        with self.unit() as session:
            present = set(session.scalars(select(FACTORS.c.id)))
        missing = [f for f in BUILTIN_FACTORS if f.id not in present]
        if missing:
            with self.unit(write=True) as session:
                stmt = sqlite_insert(FACTORS).on_conflict_do_nothing(index_elements=["id"])
                session.execute(stmt, [factor_params(f) for f in missing])

    # check-ins -----------------------------------------------------------------------------
    def add_checkin(self, checkin: CheckIn) -> None:
        """Insert a new check-in; a ``StoreError`` if its id is taken or it names unknown ids."""
        with self.unit(write=True) as session:
            insert_checkins(session, [checkin])

    def update_checkin(self, checkin: CheckIn) -> None:
        """Replace the content of the stored check-in with ``checkin.id``."""
        at_us, offset = instants.encode(checkin.at)
        with self.unit(write=True) as session:
            result = session.execute(
                update(CHECKINS)
                .where(CHECKINS.c.id == checkin.id)
                .values(
                    at_utc_us=at_us,
                    utc_offset_min=offset,
                    note=checkin.note,
                    updated_utc=instants.utc_now_text(),
                )
            )
            if rows_changed(result) == 0:
                raise StoreError(
                    "That check-in is no longer in the journal (it may have been deleted)."
                )
            for table in (RATINGS, FACTOR_VALUES, CHECKIN_TAGS):
                session.execute(delete(table).where(table.c.checkin_id == checkin.id))
            insert_children(session, [checkin])

    def delete_checkin(self, checkin_id: str) -> CheckIn | None:
        """Delete a check-in and return it as it was, or None if there was none."""
        removed = self.remove_checkin(checkin_id)
        return None if removed is None else removed.checkin

    def remove_checkin(self, checkin_id: str) -> RemovedCheckIn | None:
        """Delete a check-in; what ``put_back`` needs to undo it (its blind re-ratings and the
        links evaluations and re-ratings had to it), or None if there was none."""
        from tracker.store.measured_tables import PROBES
        from tracker.store.reality_tables import EVALUATIONS, REVISITS

        with self.unit(write=True) as session:
            found = _load_checkins(session, [CHECKINS.c.id == checkin_id])
            if not found:
                return None
            revisits = [dict(row._mapping) for row in session.execute(
                select(REVISITS).where(REVISITS.c.checkin_id == checkin_id))]
            now_of = list(session.scalars(
                select(REVISITS.c.id).where(REVISITS.c.now_checkin_id == checkin_id)))
            predicted_at = list(session.scalars(
                select(EVALUATIONS.c.id).where(EVALUATIONS.c.checkin_id == checkin_id)))
            probed = session.scalars(select(PROBES.c.id).where(PROBES.c.checkin_id == checkin_id))
            probed_after = tuple(probed)
            session.execute(delete(CHECKINS).where(CHECKINS.c.id == checkin_id))
        return RemovedCheckIn(found[0], tuple(revisits), tuple(now_of), tuple(predicted_at),
                              probed_after)

    def put_back(self, removed: RemovedCheckIn) -> None:
        """Undo ``remove_checkin``: the check-in, its re-ratings and its links, in one go."""
        from tracker.store.measured_tables import PROBES
        from tracker.store.reality_tables import EVALUATIONS, REVISITS

        checkin_id = removed.checkin.id
        with self.unit(write=True) as session:
            insert_checkins(session, [removed.checkin])
            if removed.revisits:
                session.execute(REVISITS.insert(), [dict(r) for r in removed.revisits])
            if removed.now_of_revisits:
                session.execute(update(REVISITS).where(REVISITS.c.id.in_(removed.now_of_revisits))
                                .values(now_checkin_id=checkin_id))
            if removed.predicted_at:
                session.execute(update(EVALUATIONS)
                                .where(EVALUATIONS.c.id.in_(removed.predicted_at))
                                .values(checkin_id=checkin_id))
            if removed.probed_after:
                session.execute(update(PROBES).where(PROBES.c.id.in_(removed.probed_after))
                                .values(checkin_id=checkin_id))

    def erase_checkin(self, checkin_id: str) -> tuple[CheckIn | None, bool]:
        """Delete a check-in for good: ``(what it was or None, whether the WAL was wiped)``.

        Every connection runs with ``secure_delete``, so the freed pages are overwritten; a
        ``wal_checkpoint(TRUNCATE)`` then moves the change into the main file and empties the
        write-ahead log, which still held the old pages. The WAL can only be emptied when no
        other connection (another process) is reading at that moment.
        """
        erased = self.delete_checkin(checkin_id)
        return erased, self.checkpoint()

    def checkpoint(self) -> bool:
        """``PRAGMA wal_checkpoint(TRUNCATE)``; True when the whole WAL was written back."""
        with store_errors():
            pooled = self.engine.raw_connection()  # no BEGIN: a checkpoint runs outside one
            try:
                driver = pooled.driver_connection
                assert driver is not None  # open: raw_connection() just checked it out
                row = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = row.fetchone()[0]
            finally:
                pooled.close()
        return busy == 0

    def get_checkin(self, checkin_id: str) -> CheckIn | None:
        """The check-in with ``checkin_id``, or None."""
        with self.unit() as session:
            found = _load_checkins(session, [CHECKINS.c.id == checkin_id])
        return found[0] if found else None

    def list_checkins(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        tag: str | None = None,
        skill_id: str | None = None,
        search: str | None = None,
    ) -> list[CheckIn]:
        """Check-ins matching every given filter, oldest first.

        ``since``/``until`` are aware datetimes compared by instant (``until`` exclusive);
        ``tag`` matches a whole tag case-insensitively; ``skill_id`` keeps check-ins that rate
        that skill; ``search`` is a case-insensitive substring of the note.
        """
        conditions: list[ColumnElement[bool]] = []
        if since is not None:
            conditions.append(CHECKINS.c.at_utc_us >= instants.instant_us(since))
        if until is not None:
            conditions.append(CHECKINS.c.at_utc_us < instants.instant_us(until))
        if tag is not None:
            tagged = select(CHECKIN_TAGS.c.checkin_id).where(CHECKIN_TAGS.c.tag_key == tag_key(tag))
            conditions.append(CHECKINS.c.id.in_(tagged))
        if skill_id is not None:
            rated = select(RATINGS.c.checkin_id).where(RATINGS.c.skill_id == skill_id)
            conditions.append(CHECKINS.c.id.in_(rated))
        if search:
            needle = search.casefold()
            conditions.append(func.instr(func.ts_casefold(CHECKINS.c.note), needle) > 0)
        with self.unit() as session:
            return _load_checkins(session, conditions)

    def count_checkins(self) -> int:
        """How many check-ins the journal holds."""
        with self.unit() as session:
            return session.scalar(select(func.count()).select_from(CHECKINS)) or 0

    def all_tags(self) -> list[str]:
        """Every tag once (case-insensitively; its most used spelling), sorted ignoring case."""
        query = select(CHECKIN_TAGS.c.tag, func.count()).group_by(CHECKIN_TAGS.c.tag)
        with self.unit() as session:
            rows = session.execute(query).all()
        best: dict[str, tuple[int, str]] = {}
        for tag, uses in rows:
            key = tag_key(tag)
            current = best.get(key)
            if current is None or (-uses, tag) < (-current[0], current[1]):
                best[key] = (uses, tag)
        return sorted((spelling for _, spelling in best.values()), key=lambda t: (t.casefold(), t))

    def import_all(
        self, skills: list[Skill], factors: list[Factor], checkins: list[CheckIn]
    ) -> None:
        """Upsert ``skills`` and ``factors`` and insert ``checkins`` in ONE transaction.

        All or nothing: any failure (an id already present, an unknown skill) leaves the
        journal as it was.
        """
        with self.unit(write=True) as session:
            if skills:
                upsert(session, SKILLS, [skill_params(s) for s in skills])
            if factors:
                upsert(session, FACTORS, [factor_params(f) for f in factors])
            insert_checkins(session, checkins)

    # versions ------------------------------------------------------------------------------
    def data_version(self) -> int:
        """``PRAGMA data_version`` of a long-lived connection: changes after any other
        connection (another process, or this store's own pool) commits a write."""
        return self._watch_pragma("data_version")

    def schema_version(self) -> int:
        """The schema version (``PRAGMA user_version``) of the open database."""
        return self._watch_pragma("user_version")

    def _watch_pragma(self, name: str) -> int:
        if self._closed:
            raise RuntimeError("the store is closed")
        with self._watch_lock, store_errors():
            return int(self._watcher.execute(f"PRAGMA {name}").fetchone()[0])


# helpers -------------------------------------------------------------------------------------
def _load_checkins(session: Session, conditions: list[ColumnElement[bool]]) -> list[CheckIn]:
    """Check-ins matching ``conditions`` with their ratings, values and tags: four queries."""
    with _gc_paused():
        heads = _fetch(
            session,
            select(CHECKINS.c.id, CHECKINS.c.at_utc_us, CHECKINS.c.utc_offset_min, CHECKINS.c.note)
            .where(*conditions)
            .order_by(CHECKINS.c.at_utc_us, CHECKINS.c.id),
        )
        if not heads:
            return []
        chosen = select(CHECKINS.c.id).where(*conditions) if conditions else None

        def children(table: Table, key: ColumnElement, value: ColumnElement) -> list[tuple]:
            query = select(table.c.checkin_id, key, value).order_by(table.c.checkin_id, key)
            if chosen is not None:
                query = query.where(table.c.checkin_id.in_(chosen))
            return _fetch(session, query)

        ratings: dict[str, dict[str, int]] = defaultdict(dict)
        for checkin_id, skill_id, rating in children(RATINGS, RATINGS.c.skill_id, RATINGS.c.value):
            ratings[checkin_id][skill_id] = rating
        values: dict[str, dict[str, float]] = defaultdict(dict)
        for checkin_id, factor_id, value in children(
            FACTOR_VALUES, FACTOR_VALUES.c.factor_id, FACTOR_VALUES.c.value
        ):
            values[checkin_id][factor_id] = value  # REAL affinity: always a float
        tags: dict[str, list[str]] = defaultdict(list)
        for checkin_id, _position, tag in children(
            CHECKIN_TAGS, CHECKIN_TAGS.c.position, CHECKIN_TAGS.c.tag
        ):
            tags[checkin_id].append(tag)  # in position order

        decode = instants.decode
        no_tags: list[str] = []
        return [
            CheckIn(
                checkin_id,
                decode(at_us, offset),
                ratings.get(checkin_id) or {},
                values.get(checkin_id) or {},
                tuple(tags.get(checkin_id, no_tags)),
                note,
            )
            for checkin_id, at_us, offset, note in heads
        ]


def _fetch(session: Session, query: Select) -> list[tuple]:
    """Run a Core select on the session's DB-API connection and return plain tuples.

    The bulk read path: the SQL comes from SQLAlchemy, but skipping its per-row ``Row``
    objects makes loading 10,000 check-ins markedly faster. Only for columns whose types need
    no result processing (text, integers, REAL).
    """
    connection = session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    params = [compiled.params[name] for name in compiled.positiontup or ()]
    driver = connection.connection.driver_connection
    assert driver is not None  # the session's connection is open
    cursor = driver.execute(compiled.string, params)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects at once.

    Each generation-0 threshold crossing would otherwise scan the growing result again; the
    objects built here hold no reference cycles, so nothing is lost by waiting.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
