"""Domain objects as rows to write: check-ins with their ratings, values and tags; skill and
factor upserts. Shared by the journal's and the reality repository."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.domain.models import CheckIn, Factor, FactorKind, Skill
from tracker.store import instants
from tracker.store.tables import CHECKIN_TAGS, CHECKINS, FACTOR_VALUES, RATINGS


def tag_key(tag: str) -> str:
    """The form tags are matched by: whitespace collapsed, casefolded."""
    return " ".join(tag.split()).casefold()


def rows_changed(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed (its result is a ``CursorResult``; typed as any)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of an UPDATE or DELETE: {result!r}")
    return result.rowcount


def upsert(session: Session, table: Table, params: list[dict]) -> None:
    stmt = sqlite_insert(table)
    columns = {c.name: stmt.excluded[c.name] for c in table.columns if not c.primary_key}
    session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=columns), params)


def insert_checkins(session: Session, checkins: Sequence[CheckIn]) -> None:
    if not checkins:
        return
    now = instants.utc_now_text()
    rows = []
    for checkin in checkins:
        at_us, offset = instants.encode(checkin.at)
        rows.append((checkin.id, at_us, offset, checkin.note, now, now))
    cursor = _driver_cursor(session)
    cursor.executemany(_CHECKIN_SQL, rows)
    insert_children(session, checkins, cursor)


def _driver_cursor(session: Session) -> Any:
    """A cursor of the DB-API connection under ``session``'s transaction. Plain inserts go
    through it: SQLAlchemy's per-statement machinery cost more than SQLite's work per save
    (benchmarks/bench_save.py), and these statements need none of it."""
    return session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


def _insert_sql(table: Table, *names: str) -> str:
    """``INSERT`` into the named columns of ``table`` (checked against the model), qmark style."""
    unknown = set(names) - set(table.columns.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {sorted(unknown)}")
    return f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


_CHECKIN_SQL = _insert_sql(
    CHECKINS, "id", "at_utc_us", "utc_offset_min", "note", "created_utc", "updated_utc"
)
_CHILD_SQL = (
    _insert_sql(RATINGS, "checkin_id", "skill_id", "value"),
    _insert_sql(FACTOR_VALUES, "checkin_id", "factor_id", "value"),
    _insert_sql(CHECKIN_TAGS, "checkin_id", "position", "tag", "tag_key"),
)


def insert_children(session: Session, checkins: Iterable[CheckIn], cursor: Any = None) -> None:
    ratings: list[tuple] = []
    values: list[tuple] = []
    tags: list[tuple] = []
    for c in checkins:  # tuples in the column order of _CHILD_SQL
        ratings.extend((c.id, k, int(v)) for k, v in c.ratings.items())
        values.extend((c.id, k, float(v)) for k, v in c.values.items() if v is not None)
        tags.extend((c.id, i, t, tag_key(t)) for i, t in enumerate(c.tags))
    cursor = cursor if cursor is not None else _driver_cursor(session)
    for sql, params in zip(_CHILD_SQL, (ratings, values, tags), strict=True):
        if params:
            cursor.executemany(sql, params)




def skill_params(skill: Skill) -> dict:
    return {
        "id": skill.id,
        "name": skill.name,
        "position": int(skill.position),
        "archived": bool(skill.archived),
        "anchor_low": skill.anchor_low,
        "anchor_mid": skill.anchor_mid,
        "anchor_high": skill.anchor_high,
    }


def factor_params(factor: Factor) -> dict:
    return {
        "id": factor.id,
        "name": factor.name,
        "kind": FactorKind(factor.kind).value,
        "minimum": None if factor.minimum is None else float(factor.minimum),
        "maximum": None if factor.maximum is None else float(factor.maximum),
        "step": float(factor.step),
        "unit": factor.unit,
        "builtin": bool(factor.builtin),
        "position": int(factor.position),
        "archived": bool(factor.archived),
        "low_label": factor.low_label,
        "high_label": factor.high_label,
    }
