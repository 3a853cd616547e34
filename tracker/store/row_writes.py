"""Domain objects as rows to write: check-ins with their ratings, values and tags; skill and
factor upserts. Shared by the journal's and the reality repository."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import CursorResult, Result, Table
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.domain.models import CheckIn, Factor, FactorKind, Skill
from tracker.domain.validation import tag_key
from tracker.store import instants
from tracker.store.tables import CHECKIN_TAGS, CHECKINS, FACTOR_VALUES, RATINGS


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
        rows.append(
            {
                "id": checkin.id,
                "at_utc_us": at_us,
                "utc_offset_min": offset,
                "note": checkin.note,
                "created_utc": now,
                "updated_utc": now,
            }
        )
    session.execute(CHECKINS.insert(), rows)
    insert_children(session, checkins)


def insert_children(session: Session, checkins: Iterable[CheckIn]) -> None:
    ratings: list[dict] = []
    values: list[dict] = []
    tags: list[dict] = []
    for c in checkins:
        ratings.extend(
            {"checkin_id": c.id, "skill_id": k, "value": int(v)} for k, v in c.ratings.items()
        )
        values.extend(
            {"checkin_id": c.id, "factor_id": k, "value": float(v)}
            for k, v in c.values.items()
            if v is not None
        )
        tags.extend(
            {"checkin_id": c.id, "position": i, "tag": t, "tag_key": tag_key(t)}
            for i, t in enumerate(c.tags)
        )
    for table, params in ((RATINGS, ratings), (FACTOR_VALUES, values), (CHECKIN_TAGS, tags)):
        if params:
            session.execute(table.insert(), params)




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
