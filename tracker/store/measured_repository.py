"""``store.measured``: probes with their trials, measures and daily outcomes in, domain
dataclasses out (schema version 3).

Same rules as ``Store``: every call is one unit of work (its own transaction); writes begin
with ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import Row, bindparam, delete, func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from tracker.domain.measured import (
    DailyOutcome,
    DiscardReason,
    Measure,
    Probe,
    ProbeKind,
    ProbeTrial,
)
from tracker.store import instants
from tracker.store.measured_tables import DAILY_OUTCOMES, MEASURES, PROBE_TRIALS, PROBES
from tracker.store.row_writes import upsert

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session


class Units(Protocol):
    """What the repository needs of its ``Store``: units of work (``Store.unit``)."""

    def unit(self, write: bool = False) -> AbstractContextManager[Session]: ...


class MeasuredRepository:
    """Probes, measures and daily outcomes of one ``Store``."""

    def __init__(self, store: Units) -> None:
        self._store = store

    # probes -------------------------------------------------------------------------------------
    def add_probe(self, probe: Probe) -> None:
        """Insert ``probe`` with every trial, in one transaction."""
        with self._store.unit(write=True) as session:
            insert_probes(session, [probe])

    def get_probe(self, probe_id: str) -> Probe | None:
        with self._store.unit() as session:
            found = _select_probes(session, probe_id)
        return found[0] if found else None

    def delete_probe(self, probe_id: str) -> Probe | None:
        """Delete a probe (its trials go with it); what it was, or None."""
        with self._store.unit(write=True) as session:
            found = _select_probes(session, probe_id)
            if found:
                session.execute(delete(PROBES).where(PROBES.c.id == probe_id))
        return found[0] if found else None

    def list_probes(self) -> list[Probe]:
        """All probes with their trials, oldest first."""
        with self._store.unit() as session:
            return _select_probes(session)

    # measures and outcomes ----------------------------------------------------------------------
    def save_measure(self, measure: Measure) -> None:
        """Insert ``measure``, or update the measure with its id."""
        with self._store.unit(write=True) as session:
            upsert(session, MEASURES, [_measure_params(measure)])

    def list_measures(self) -> list[Measure]:
        """Every measure (archived too), by name."""
        with self._store.unit() as session:
            rows = session.execute(select(MEASURES)).all()
        measures = [Measure(r.id, r.name, r.unit, bool(r.higher_is_better), bool(r.archived))
                    for r in rows]
        return sorted(measures, key=lambda m: (m.name.casefold(), m.name, m.id))

    def put_outcomes(self, outcomes: Sequence[DailyOutcome],
                     measures: Sequence[Measure] = ()) -> None:
        """Save ``outcomes`` (and first ``measures``) in one transaction; a stored value of the
        same measure and day is replaced."""
        with self._store.unit(write=True) as session:
            upsert_measures(session, measures)
            put_outcomes(session, outcomes)

    def replace_source_outcomes(self, source: str, outcomes: Sequence[DailyOutcome],
                                removed: Sequence[tuple[str, date]] = (),
                                measures: Sequence[Measure] = ()) -> None:
        """In one transaction: save ``measures``, drop the ``removed`` (measure id, day) values
        of ``source`` and save ``outcomes`` (what a source's new reading changed)."""
        with self._store.unit(write=True) as session:
            upsert_measures(session, measures)
            if removed:
                c = DAILY_OUTCOMES.c
                session.execute(
                    delete(DAILY_OUTCOMES).where(c.source == source, c.measure_id == bindparam(
                        "m"), c.day == bindparam("d")),
                    [{"m": m, "d": d.isoformat()} for m, d in removed])
            put_outcomes(session, outcomes)

    def remove_source(self, source: str, measure_ids: Sequence[str]) -> int:
        """Drop the outcomes of ``source`` and those of ``measure_ids`` left without any
        outcome; the number of outcomes dropped."""
        with self._store.unit(write=True) as session:
            mine = DAILY_OUTCOMES.c.source == source
            dropped = session.execute(select(func.count()).where(mine)).scalar_one()
            session.execute(delete(DAILY_OUTCOMES).where(mine))
            used = set(session.execute(select(DAILY_OUTCOMES.c.measure_id).where(
                DAILY_OUTCOMES.c.measure_id.in_(list(measure_ids))).distinct()).scalars())
            unused = [m for m in measure_ids if m not in used]
            if unused:
                session.execute(delete(MEASURES).where(MEASURES.c.id.in_(unused)))
            return int(dropped or 0)

    def list_outcomes(self, measure_id: str | None = None) -> list[DailyOutcome]:
        """Daily outcomes (of one measure, or all), by day then measure."""
        query = select(DAILY_OUTCOMES).order_by(DAILY_OUTCOMES.c.day, DAILY_OUTCOMES.c.measure_id)
        if measure_id is not None:
            query = query.where(DAILY_OUTCOMES.c.measure_id == measure_id)
        with self._store.unit() as session:
            return [_outcome(row) for row in session.execute(query).all()]


# rows <-> domain (shared with the whole-journal import) -------------------------------------
def insert_probes(session: Session, probes: Sequence[Probe]) -> None:
    """Insert probes and their trials (positions from 0, in the order given)."""
    if not probes:
        return
    now = instants.utc_now_text()
    rows, trials = [], []
    for p in probes:
        at_us, offset = instants.encode(p.at)
        rows.append({
            "id": p.id, "kind": ProbeKind(p.kind).value, "at_utc_us": at_us,
            "utc_offset_min": offset, "duration_s": float(p.duration_s),
            "prediction": p.prediction, "score": p.score, "error_variance": p.error_variance,
            "discarded": None if p.discarded is None else DiscardReason(p.discarded).value,
            "checkin_id": p.checkin_id, "created_utc": now,
        })
        trials += [{
            "probe_id": p.id, "position": n, "onset_ms": t.onset_ms, "rt_ms": t.rt_ms,
            "response": t.response, "correct": t.correct, "false_start": t.false_start,
        } for n, t in enumerate(p.trials)]
    session.execute(PROBES.insert(), rows)
    if trials:
        session.execute(PROBE_TRIALS.insert(), trials)


def put_outcomes(session: Session, outcomes: Sequence[DailyOutcome]) -> None:
    """Insert daily outcomes; one already stored for the same measure and day is replaced."""
    if not outcomes:
        return
    params = [_outcome_params(o) for o in outcomes]
    stmt = sqlite_insert(DAILY_OUTCOMES)
    columns = {c.name: stmt.excluded[c.name] for c in DAILY_OUTCOMES.columns
               if not c.primary_key}
    session.execute(stmt.on_conflict_do_update(index_elements=["measure_id", "day"],
                                               set_=columns), params)


def import_measured(session: Session, probes: Sequence[Probe], measures: Sequence[Measure],
                    outcomes: Sequence[DailyOutcome]) -> None:
    """Write an import's probes, measures (upserted) and outcomes in ``session``."""
    upsert_measures(session, measures)
    insert_probes(session, probes)
    put_outcomes(session, outcomes)


def upsert_measures(session: Session, measures: Sequence[Measure]) -> None:
    if measures:
        upsert(session, MEASURES, [_measure_params(m) for m in measures])


def _measure_params(m: Measure) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "unit": m.unit,
            "higher_is_better": bool(m.higher_is_better), "archived": bool(m.archived)}


def _outcome_params(o: DailyOutcome) -> dict[str, Any]:
    recorded = (None, None) if o.recorded_at is None else instants.encode(o.recorded_at)
    return {"measure_id": o.measure_id, "day": o.day.isoformat(), "value": float(o.value),
            "source": o.source, "recorded_utc_us": recorded[0],
            "recorded_offset_min": recorded[1]}


def _outcome(row: Row[Any]) -> DailyOutcome:
    recorded = (None if row.recorded_utc_us is None
                else instants.decode(row.recorded_utc_us, row.recorded_offset_min))
    return DailyOutcome(row.measure_id, date.fromisoformat(row.day), row.value, row.source,
                        recorded)


def _select_probes(session: Session, probe_id: str | None = None) -> list[Probe]:
    query = select(PROBES).order_by(PROBES.c.at_utc_us, PROBES.c.id)
    trial_query = select(PROBE_TRIALS).order_by(PROBE_TRIALS.c.probe_id,
                                                PROBE_TRIALS.c.position)
    if probe_id is not None:
        query = query.where(PROBES.c.id == probe_id)
        trial_query = trial_query.where(PROBE_TRIALS.c.probe_id == probe_id)
    trials: dict[str, list[ProbeTrial]] = defaultdict(list)
    for t in session.execute(trial_query).all():
        trials[t.probe_id].append(ProbeTrial(
            t.onset_ms, t.rt_ms, t.response, None if t.correct is None else bool(t.correct),
            bool(t.false_start)))
    return [Probe(
        id=r.id, kind=ProbeKind(r.kind), at=instants.decode(r.at_utc_us, r.utc_offset_min),
        duration_s=r.duration_s, prediction=r.prediction, trials=tuple(trials.get(r.id, ())),
        score=r.score, error_variance=r.error_variance,
        discarded=None if r.discarded is None else DiscardReason(r.discarded),
        checkin_id=r.checkin_id,
    ) for r in session.execute(query).all()]
