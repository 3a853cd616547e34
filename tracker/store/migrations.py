"""Ordered schema migrations, run at start-up only when the stored version is older.

``MIGRATIONS[i]`` brings a database from version ``i`` to ``i + 1``; version 1 creates the core
schema. Each step gets a raw ``sqlite3`` connection inside the one ``BEGIN IMMEDIATE``
transaction that runs all pending steps and sets ``PRAGMA user_version`` after each, so a
failed upgrade leaves the database as it was. Steps are frozen SQL: they must never import the
current table models, which describe only the newest schema. (A future step that rebuilds a
table must keep foreign keys consistent itself: ``PRAGMA foreign_keys`` cannot change inside a
transaction; use ``PRAGMA defer_foreign_keys = ON``.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tracker.errors import StoreError
from tracker.store.engine import APPLICATION_ID
from tracker.store.schema_version import too_new_message

Migration = Callable[[sqlite3.Connection], None]

_V1_CORE_SCHEMA = (
    """CREATE TABLE skills (
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        archived BOOLEAN NOT NULL,
        anchor_low TEXT NOT NULL,
        anchor_mid TEXT NOT NULL,
        anchor_high TEXT NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE factors (
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        minimum REAL,
        maximum REAL,
        step REAL NOT NULL,
        unit TEXT NOT NULL,
        builtin BOOLEAN NOT NULL,
        position INTEGER NOT NULL,
        archived BOOLEAN NOT NULL,
        low_label TEXT NOT NULL,
        high_label TEXT NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT factor_kind CHECK (kind IN ('number', 'scale', 'yesno'))
    )""",
    """CREATE TABLE checkins (
        id TEXT NOT NULL,
        at_utc_us INTEGER NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        note TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT checkin_offset CHECK (utc_offset_min BETWEEN -1439 AND 1439)
    )""",
    "CREATE INDEX ix_checkins_at ON checkins (at_utc_us, id)",
    """CREATE TABLE ratings (
        checkin_id TEXT NOT NULL,
        skill_id TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (checkin_id, skill_id),
        CONSTRAINT rating_range CHECK (value BETWEEN 1 AND 10),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE CASCADE,
        FOREIGN KEY (skill_id) REFERENCES skills (id)
    ) WITHOUT ROWID""",
    "CREATE INDEX ix_ratings_skill ON ratings (skill_id, checkin_id, value)",
    """CREATE TABLE factor_values (
        checkin_id TEXT NOT NULL,
        factor_id TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (checkin_id, factor_id),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE CASCADE,
        FOREIGN KEY (factor_id) REFERENCES factors (id)
    ) WITHOUT ROWID""",
    "CREATE INDEX ix_factor_values_factor ON factor_values (factor_id, checkin_id, value)",
    """CREATE TABLE checkin_tags (
        checkin_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        tag TEXT NOT NULL,
        tag_key TEXT NOT NULL,
        PRIMARY KEY (checkin_id, position),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    "CREATE INDEX ix_checkin_tags_key ON checkin_tags (tag_key, checkin_id)",
)


def _v1_core_schema(conn: sqlite3.Connection) -> None:
    """Version 1: skills, factors, check-ins with ratings, factor values and tags."""
    for statement in _V1_CORE_SCHEMA:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_V2_REALITY_SCHEMA = (
    """CREATE TABLE evaluations (
        id TEXT NOT NULL,
        at_utc_us INTEGER NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        kind TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        purpose TEXT NOT NULL,
        expected_by TEXT,
        notes TEXT NOT NULL,
        scale_min REAL,
        scale_max REAL,
        has_prediction BOOLEAN NOT NULL,
        probability REAL,
        expected_score REAL,
        predicted_utc_us INTEGER,
        predicted_offset_min INTEGER,
        checkin_id TEXT,
        outcome TEXT,
        score REAL,
        reason TEXT NOT NULL,
        resolved_utc_us INTEGER,
        resolved_offset_min INTEGER,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT evaluation_kind CHECK (kind IN ('application', 'interview', 'work_trial',
            'performance_review', 'peer_review', 'exam', 'first_impression', 'other')),
        CONSTRAINT evaluation_probability CHECK (
            probability IS NULL OR probability BETWEEN 0 AND 1),
        CONSTRAINT evaluation_outcome CHECK (outcome IS NULL OR outcome IN ('accepted', 'rejected',
            'no_answer')),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX ix_evaluations_at ON evaluations (at_utc_us, id)",
    """CREATE TABLE revisits (
        id TEXT NOT NULL,
        checkin_id TEXT NOT NULL,
        skill_id TEXT NOT NULL,
        at_utc_us INTEGER NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        rating_then INTEGER NOT NULL,
        rating_now INTEGER NOT NULL,
        now_checkin_id TEXT,
        created_utc TEXT NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT revisit_ratings CHECK (rating_then BETWEEN 1 AND 10 AND rating_now BETWEEN 1
            AND 10),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE CASCADE,
        FOREIGN KEY (skill_id) REFERENCES skills (id),
        FOREIGN KEY (now_checkin_id) REFERENCES checkins (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX ix_revisits_checkin ON revisits (checkin_id, skill_id)",
)


def _v2_reality(conn: sqlite3.Connection) -> None:
    """Version 2: external evaluations (prediction, outcome) and blind re-ratings."""
    for statement in _V2_REALITY_SCHEMA:
        conn.execute(statement)


_V3_MEASURED_SCHEMA = (
    """CREATE TABLE probes (
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        at_utc_us INTEGER NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        duration_s REAL NOT NULL,
        prediction REAL,
        score REAL,
        error_variance REAL,
        discarded TEXT,
        checkin_id TEXT,
        created_utc TEXT NOT NULL,
        PRIMARY KEY (id),
        CONSTRAINT probe_kind CHECK (kind IN ('vigilance', 'digit_symbol')),
        CONSTRAINT probe_discarded CHECK (discarded IS NULL OR discarded IN ('cancelled',
            'focus_lost', 'clock_jump', 'event_loop_blocked', 'too_few_trials')),
        CONSTRAINT probe_discarded_unscored CHECK (discarded IS NULL OR score IS NULL),
        CONSTRAINT probe_error_variance CHECK (error_variance IS NULL OR error_variance >= 0),
        FOREIGN KEY (checkin_id) REFERENCES checkins (id) ON DELETE SET NULL
    )""",
    "CREATE INDEX ix_probes_at ON probes (at_utc_us, id)",
    """CREATE TABLE probe_trials (
        probe_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        onset_ms REAL NOT NULL,
        rt_ms REAL,
        response TEXT NOT NULL,
        correct BOOLEAN,
        false_start BOOLEAN NOT NULL,
        PRIMARY KEY (probe_id, position),
        FOREIGN KEY (probe_id) REFERENCES probes (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    """CREATE TABLE measures (
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        higher_is_better BOOLEAN NOT NULL,
        archived BOOLEAN NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE daily_outcomes (
        measure_id TEXT NOT NULL,
        day TEXT NOT NULL,
        value REAL NOT NULL,
        source TEXT NOT NULL,
        recorded_utc_us INTEGER,
        recorded_offset_min INTEGER,
        PRIMARY KEY (measure_id, day),
        FOREIGN KEY (measure_id) REFERENCES measures (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    "CREATE INDEX ix_daily_outcomes_day ON daily_outcomes (day, measure_id)",
)


def _v3_measured(conn: sqlite3.Connection) -> None:
    """Version 3: timed probes with every trial, measures and their daily outcomes."""
    for statement in _V3_MEASURED_SCHEMA:
        conn.execute(statement)


MIGRATIONS: list[Migration] = [_v1_core_schema, _v2_reality, _v3_measured]


def migrate(conn: sqlite3.Connection, path: Path, backups_dir: Path, target: int) -> int:
    """Bring the database on ``conn`` to ``target``, backing it up first if it holds data.

    Runs in one ``BEGIN IMMEDIATE`` transaction, so two processes starting at once cannot
    both migrate, and a failure leaves the database unchanged. The backup is read through a
    second connection while this one holds the write lock: nothing can commit in between, and
    SQLite's backup cannot read from a connection that has a write transaction open.
    """
    if len(MIGRATIONS) != target:
        raise RuntimeError(f"{len(MIGRATIONS)} migrations known for schema version {target}")
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current > target:
            raise StoreError(too_new_message(path, current))
        if current < target:
            if current > 0:
                from tracker.store.backup import backup_before_migration

                backup_before_migration(path, backups_dir, target)
            for version in range(current + 1, target + 1):
                MIGRATIONS[version - 1](conn)
                conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return target
