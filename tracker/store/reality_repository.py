"""``store.reality``: evaluations and revisits in, domain dataclasses out (schema version 2).

Same rules as ``Store``: every call is one unit of work (its own transaction); writes begin
with ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Row, delete, select, update

from tracker.domain.models import CheckIn, Factor, Skill
from tracker.domain.reality import (
    Evaluation,
    EvaluationKind,
    Outcome,
    OutcomeResult,
    Prediction,
    Revisit,
)
from tracker.errors import StoreError
from tracker.store import instants
from tracker.store.reality_tables import EVALUATIONS, REVISITS
from tracker.store.row_writes import rows_changed

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session

GONE = "That evaluation is no longer in the journal (it may have been deleted)."


class Units(Protocol):
    """What the reality repository needs of its ``Store``: units of work (``Store.unit``)."""

    def unit(self, write: bool = False) -> AbstractContextManager[Session]: ...


class RealityRepository:
    """Evaluations and revisits of one ``Store``."""

    def __init__(self, store: Units) -> None:
        self._store = store

    # evaluations ------------------------------------------------------------------------------
    def add_evaluation(self, evaluation: Evaluation) -> None:
        with self._store.unit(write=True) as session:
            _insert_evaluations(session, [evaluation])

    def update_evaluation(self, evaluation: Evaluation) -> None:
        """Replace the stored evaluation with ``evaluation.id``."""
        params = _evaluation_params(evaluation)
        params.pop("id")
        params.pop("created_utc")
        with self._store.unit(write=True) as session:
            done = session.execute(
                update(EVALUATIONS).where(EVALUATIONS.c.id == evaluation.id).values(**params)
            )
            if rows_changed(done) == 0:
                raise StoreError(GONE)

    def delete_evaluation(self, evaluation_id: str) -> Evaluation | None:
        with self._store.unit(write=True) as session:
            found = _select_evaluations(session, EVALUATIONS.c.id == evaluation_id)
            if found:
                session.execute(delete(EVALUATIONS).where(EVALUATIONS.c.id == evaluation_id))
        return found[0] if found else None

    def get_evaluation(self, evaluation_id: str) -> Evaluation | None:
        with self._store.unit() as session:
            found = _select_evaluations(session, EVALUATIONS.c.id == evaluation_id)
        return found[0] if found else None

    def list_evaluations(self) -> list[Evaluation]:
        """All evaluations, oldest first."""
        with self._store.unit() as session:
            return _select_evaluations(session)

    # revisits -----------------------------------------------------------------------------------
    def add_revisits(self, revisits: Sequence[Revisit], checkin: CheckIn | None = None) -> None:
        """Insert ``revisits`` (and the check-in of the state now, if any) in one transaction."""
        from tracker.store.row_writes import insert_checkins

        with self._store.unit(write=True) as session:
            if checkin is not None:
                insert_checkins(session, [checkin])
            _insert_revisits(session, revisits)

    def list_revisits(self) -> list[Revisit]:
        """All revisits, oldest first."""
        query = select(REVISITS).order_by(REVISITS.c.at_utc_us, REVISITS.c.id)
        with self._store.unit() as session:
            return [_revisit(row) for row in session.execute(query).all()]

    def revisited_checkin_ids(self) -> set[str]:
        with self._store.unit() as session:
            return set(session.scalars(select(REVISITS.c.checkin_id).distinct()))

    # import -------------------------------------------------------------------------------------
    def import_all(
        self,
        skills: list[Skill],
        factors: list[Factor],
        checkins: list[CheckIn],
        evaluations: list[Evaluation],
        revisits: list[Revisit],
        also: Callable[[Session], None] | None = None,
    ) -> None:
        """``Store.import_all`` plus evaluations and revisits, all in ONE transaction; ``also``
        writes more in it (probes, outcomes: ``measured_repository.import_measured``)."""
        from tracker.store.row_writes import factor_params, insert_checkins, skill_params, upsert
        from tracker.store.tables import FACTORS, SKILLS

        with self._store.unit(write=True) as session:
            if skills:
                upsert(session, SKILLS, [skill_params(s) for s in skills])
            if factors:
                upsert(session, FACTORS, [factor_params(f) for f in factors])
            insert_checkins(session, checkins)
            _insert_evaluations(session, evaluations)
            _insert_revisits(session, revisits)
            if also is not None:
                also(session)


# rows <-> domain ------------------------------------------------------------------------------
def _pair(at) -> tuple[int | None, int | None]:
    return (None, None) if at is None else instants.encode(at)


def _evaluation_params(ev: Evaluation) -> dict:
    at_us, offset = instants.encode(ev.at)
    p, o = ev.prediction, ev.outcome
    predicted = _pair(p.made_at if p else None)
    resolved = _pair(o.at if o else None)
    now = instants.utc_now_text()
    return {
        "id": ev.id,
        "at_utc_us": at_us,
        "utc_offset_min": offset,
        "kind": EvaluationKind(ev.kind).value,
        "evaluator": ev.evaluator,
        "purpose": ev.purpose,
        "expected_by": ev.expected_by.isoformat() if ev.expected_by else None,
        "notes": ev.notes,
        "scale_min": ev.scale_min,
        "scale_max": ev.scale_max,
        "has_prediction": p is not None,
        "probability": p.probability if p else None,
        "expected_score": p.expected_score if p else None,
        "predicted_utc_us": predicted[0],
        "predicted_offset_min": predicted[1],
        "checkin_id": p.checkin_id if p else None,
        "outcome": OutcomeResult(o.result).value if o else None,
        "score": o.score if o else None,
        "reason": o.reason if o else "",
        "resolved_utc_us": resolved[0],
        "resolved_offset_min": resolved[1],
        "created_utc": now,
        "updated_utc": now,
    }


def _insert_evaluations(session: Session, evaluations: Sequence[Evaluation]) -> None:
    if evaluations:
        session.execute(EVALUATIONS.insert(), [_evaluation_params(e) for e in evaluations])


def _insert_revisits(session: Session, revisits: Sequence[Revisit]) -> None:
    if not revisits:
        return
    now = instants.utc_now_text()
    rows = []
    for r in revisits:
        at_us, offset = instants.encode(r.at)
        rows.append({
            "id": r.id, "checkin_id": r.checkin_id, "skill_id": r.skill_id,
            "at_utc_us": at_us, "utc_offset_min": offset, "rating_then": int(r.rating_then),
            "rating_now": int(r.rating_now), "now_checkin_id": r.now_checkin_id,
            "created_utc": now,
        })
    session.execute(REVISITS.insert(), rows)


def _select_evaluations(session: Session, *conditions) -> list[Evaluation]:
    query = select(EVALUATIONS).where(*conditions).order_by(
        EVALUATIONS.c.at_utc_us, EVALUATIONS.c.id)
    return [_evaluation(row) for row in session.execute(query).all()]


def _evaluation(row: Row) -> Evaluation:
    prediction = None
    if row.has_prediction:
        made = (None if row.predicted_utc_us is None
                else instants.decode(row.predicted_utc_us, row.predicted_offset_min))
        prediction = Prediction(row.probability, row.expected_score, made, row.checkin_id)
    outcome = None
    if row.outcome is not None:
        outcome = Outcome(
            result=OutcomeResult(row.outcome),
            at=instants.decode(row.resolved_utc_us, row.resolved_offset_min),
            score=row.score,
            reason=row.reason,
            reason_given=bool(row.reason),
        )
    return Evaluation(
        id=row.id,
        at=instants.decode(row.at_utc_us, row.utc_offset_min),
        kind=EvaluationKind(row.kind),
        evaluator=row.evaluator,
        purpose=row.purpose,
        expected_by=date.fromisoformat(row.expected_by) if row.expected_by else None,
        notes=row.notes,
        scale_min=row.scale_min,
        scale_max=row.scale_max,
        prediction=prediction,
        outcome=outcome,
    )


def _revisit(row: Row) -> Revisit:
    return Revisit(
        id=row.id,
        checkin_id=row.checkin_id,
        skill_id=row.skill_id,
        at=instants.decode(row.at_utc_us, row.utc_offset_min),
        rating_then=row.rating_then,
        rating_now=row.rating_now,
        now_checkin_id=row.now_checkin_id,
    )
