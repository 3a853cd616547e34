"""A quick, read-only look at a journal's skills and factors before the store opens.

The check-in form needs only these definitions, so the window can appear before SQLAlchemy,
the integrity check and any migration run. Anything unusual — no file, another schema
version, a foreign or unreadable file — answers None, and the caller opens the store the
normal way (which explains or repairs the situation).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tracker.domain import Factor, Skill
from tracker.store.connection import (
    APPLICATION_ID,
    NotADatabase,
    connect,
    driver_errors,
    read_header,
)
from tracker.store.header import encrypted_salt
from tracker.store.rows import factor_from_row, in_display_order, skill_from_row
from tracker.store.schema_version import SCHEMA_VERSION

SKILL_COLUMNS = "id, name, position, archived, anchor_low, anchor_mid, anchor_high"
FACTOR_COLUMNS = ("id, name, kind, minimum, maximum, step, unit, builtin, position, archived, "
                  "low_label, high_label")


def peek_definitions(path: Path) -> tuple[list[Skill], list[Factor]] | None:
    """All skills and factors (archived included, in display order), or None.

    An encrypted journal is read once unlocked; its header is checked inside.
    """
    encrypted = encrypted_salt(path) is not None
    if encrypted:
        from tracker.store import cipher  # only for an encrypted journal

        if cipher.key_for(path) is None:
            return None  # locked: the normal open says so
    else:
        try:
            header = read_header(path)
        except (NotADatabase, OSError):
            return None
        if header is None or header.user_version != SCHEMA_VERSION:
            return None
        if header.application_id != APPLICATION_ID:
            return None
    try:
        conn = connect(path, busy_timeout_ms=200, read_only=True)
    except driver_errors():
        return None
    try:
        conn.row_factory = _as_dict
        if encrypted and (conn.execute("PRAGMA user_version").fetchone()["user_version"]
                          != SCHEMA_VERSION or conn.execute("PRAGMA application_id")
                          .fetchone()["application_id"] != APPLICATION_ID):
            return None
        skills = [skill_from_row(SimpleNamespace(**row))
                  for row in conn.execute(f"SELECT {SKILL_COLUMNS} FROM skills")]
        factors = [factor_from_row(SimpleNamespace(**row))
                   for row in conn.execute(f"SELECT {FACTOR_COLUMNS} FROM factors")]
    except driver_errors(also=(ValueError,)):
        return None
    finally:
        conn.close()
    return in_display_order(skills), in_display_order(factors)


def _as_dict(cursor, row: tuple) -> dict:
    """Rows as column -> value (works for sqlite3 and SQLCipher connections alike)."""
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}
