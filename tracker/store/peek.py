"""A quick, read-only look at a journal's skills and factors before the store opens.

The check-in form needs only these definitions, so the window can appear before SQLAlchemy,
the integrity check and any migration run. Anything unusual — no file, another schema
version, a foreign or unreadable file — answers None, and the caller opens the store the
normal way (which explains or repairs the situation).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

from tracker.domain import Factor, Skill
from tracker.store.connection import APPLICATION_ID, NotADatabase, connect, read_header
from tracker.store.rows import factor_from_row, skill_from_row
from tracker.store.schema_version import SCHEMA_VERSION

SKILL_COLUMNS = "id, name, position, archived, anchor_low, anchor_mid, anchor_high"
FACTOR_COLUMNS = ("id, name, kind, minimum, maximum, step, unit, builtin, position, archived, "
                  "low_label, high_label")


def peek_definitions(path: Path) -> tuple[list[Skill], list[Factor]] | None:
    """All skills and factors (archived included, in display order), or None."""
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
    except sqlite3.Error:
        return None
    try:
        conn.row_factory = sqlite3.Row
        skills = [skill_from_row(SimpleNamespace(**dict(row)))
                  for row in conn.execute(f"SELECT {SKILL_COLUMNS} FROM skills")]
        factors = [factor_from_row(SimpleNamespace(**dict(row)))
                   for row in conn.execute(f"SELECT {FACTOR_COLUMNS} FROM factors")]
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
    order = lambda item: (item.position, item.name.casefold(), item.name)  # noqa: E731
    return sorted(skills, key=order), sorted(factors, key=order)
