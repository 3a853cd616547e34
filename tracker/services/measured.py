"""Felt vs measured, the use cases: record a timed probe, define measures and record their
daily outcomes (by hand or from a file), list them.

``MeasuredJournal`` is mixed into ``Journal``, so callers say ``journal.record_probe(probe)``.
Every mutation validates first (nothing is written on bad input) and returns a ``Change`` of
kind ``probes`` or ``outcomes``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from tracker.domain import new_id
from tracker.domain.validation import validate_name
from tracker.errors import ValidationError
from tracker.services.changes import Change, ChangeKind
from tracker.services.clock import local_now

if TYPE_CHECKING:  # the journal imports this mixin: its domain types load on first use
    from tracker.domain.measured import DailyOutcome, Measure, Probe
    from tracker.store import Store

CLOCK_SKEW = timedelta(minutes=5)  # a probe this far ahead of the clock is refused


class MeasuredJournal:
    """The probe and outcome use cases of ``Journal`` (which supplies ``store``)."""

    if TYPE_CHECKING:
        @property
        def store(self) -> Store: ...

        def _changed(self, change: Change) -> Change: ...

    # probes -------------------------------------------------------------------------------------
    def record_probe(self, probe: Probe) -> Change:
        """Validate and save a probe with every trial (a discarded one too, unscored)."""
        validate_probe(probe, local_now())
        if probe.checkin_id is not None and self.store.get_checkin(probe.checkin_id) is None:
            raise ValidationError("The check-in this probe follows is no longer in the journal.")
        self.store.measured.add_probe(probe)
        return self._changed(Change(ChangeKind.PROBES, (probe.id,), "Probe saved"))

    def list_probes(self) -> list[Probe]:
        """Every probe with its trials, oldest first."""
        return self.store.measured.list_probes()

    # measures -----------------------------------------------------------------------------------
    def list_measures(self, include_archived: bool = True) -> list[Measure]:
        return [m for m in self.store.measured.list_measures()
                if include_archived or not m.archived]

    def measure_by_name(self, name: str) -> Measure | None:
        """The measure called ``name`` (case-insensitive, spaces collapsed), or None."""
        wanted = " ".join(name.split()).casefold()
        return next((m for m in self.list_measures() if m.name.casefold() == wanted), None)

    def add_measure(self, name: str, unit: str = "", higher_is_better: bool = True) -> Change:
        """Define a new measure; its id is the change's only id."""
        measure = new_measure(name, unit, higher_is_better, self.list_measures())
        self.store.measured.save_measure(measure)
        return self._changed(Change(ChangeKind.OUTCOMES, (measure.id,),
                                    f"Measure {measure.name!r} added"))

    # outcomes -----------------------------------------------------------------------------------
    def add_outcome(self, measure_id: str, value: float, day: date | None = None,
                    source: str = "manual") -> Change:
        """Save one day's value of a measure (``day`` defaults to today), replacing a value
        already stored for that measure and day."""
        now = local_now()
        from tracker.domain.measured import DailyOutcome

        saved = self.add_outcomes([DailyOutcome(measure_id, day or now.date(), value, source,
                                                now)])
        return dataclasses.replace(saved, message="Outcome saved")

    def add_outcomes(self, outcomes: Sequence[DailyOutcome],
                     measures: Sequence[Measure] = ()) -> Change:
        """Save many outcomes, and the new ``measures`` they need, all or nothing."""
        known = {m.id for m in self.list_measures()} | {m.id for m in measures}
        existing = self.list_measures()
        for m in measures:
            new_measure(m.name, m.unit, m.higher_is_better,
                        [e for e in existing if e.id != m.id])
        today = local_now().date()
        for n, outcome in enumerate(outcomes, start=1):
            where = f"Outcome {n}: " if len(outcomes) > 1 else ""
            if outcome.measure_id not in known:
                raise ValidationError(f"{where}unknown measure {outcome.measure_id!r}.")
            check_outcome_value(outcome.value, where)
            check_outcome_day(outcome.day, today, where)
        self.store.measured.put_outcomes(outcomes, measures)
        return self._changed(Change(ChangeKind.OUTCOMES,
                                    tuple(sorted({o.measure_id for o in outcomes})),
                                    f"{len(outcomes)} outcome(s) saved"))

    def replace_source_outcomes(self, source: str, outcomes: Sequence[DailyOutcome],
                                removed: Sequence[tuple[str, date]] = (),
                                measures: Sequence[Measure] = ()) -> Change:
        """Bring the values of ``source`` (e.g. "source:<id>") to a new reading: save
        ``outcomes`` (new or changed) and the new ``measures``, drop the ``removed``
        (measure id, day) values; one transaction, checked whole before it."""
        known = {m.id for m in self.list_measures()} | {m.id for m in measures}
        for outcome in outcomes:
            where = f"{outcome.day.isoformat()}: "
            if outcome.measure_id not in known or outcome.source != source:
                raise ValidationError(f"{where}an outcome of another measure or source.")
            check_outcome_value(outcome.value, where)
        self.store.measured.replace_source_outcomes(source, outcomes, removed, measures)
        ids = {o.measure_id for o in outcomes} | {m for m, _ in removed}
        return self._changed(Change(ChangeKind.OUTCOMES, tuple(sorted(ids)),
                                    f"{len(outcomes) + len(removed)} outcome(s) read"))

    def remove_source_outcomes(self, source: str, measure_ids: Sequence[str]) -> int:
        """Drop the values of ``source`` and its ``measure_ids`` left without values."""
        dropped = self.store.measured.remove_source(source, measure_ids)
        self._changed(Change(ChangeKind.OUTCOMES, tuple(measure_ids), "Source removed"))
        return dropped

    def list_outcomes(self, measure_id: str | None = None) -> list[DailyOutcome]:
        """Daily outcomes (of one measure, or all), by day then measure."""
        return self.store.measured.list_outcomes(measure_id)


# validation -------------------------------------------------------------------------------------
def new_measure(name: str, unit: str, higher_is_better: bool,
                existing: Sequence[Measure]) -> Measure:
    """A new ``Measure`` with a fresh id, or a ValidationError for a bad or taken name."""
    clean = validate_name(name, "measure", [m.name for m in existing])
    from tracker.domain.measured import Measure

    return Measure(new_id(), clean, " ".join(unit.split()), bool(higher_is_better))


def check_outcome_value(value: object, where: str = "") -> float:
    """``value`` as a finite number, or a ValidationError saying what was wrong."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(f"{where}the value must be a number, not {value!r}.")
    if not math.isfinite(value):
        raise ValidationError(f"{where}the value must be a finite number, not {value!r}.")
    return float(value)


def check_outcome_day(day: date, today: date, where: str = "") -> None:
    if day > today:
        raise ValidationError(f"{where}{day.isoformat()} is in the future (today is "
                              f"{today.isoformat()}); an outcome is recorded once it happened.")


def validate_probe(probe: Probe, now: datetime) -> None:
    """Raise a ValidationError for a probe that cannot be stored as it is."""
    from tracker.domain.measured import ProbeKind

    kind = ProbeKind(probe.kind)
    if not probe.id:
        raise ValidationError("A probe needs an id.")
    if probe.at.utcoffset() is None:
        raise ValidationError("The time of a probe needs a UTC offset.")
    if probe.at > now + CLOCK_SKEW:
        raise ValidationError("A probe cannot start in the future.")
    if not (math.isfinite(probe.duration_s) and probe.duration_s > 0):
        raise ValidationError("A probe's length must be a positive number of seconds.")
    from tracker.domain.probe_scoring import PREDICTION_RANGE  # not on the first-paint path

    low, high = PREDICTION_RANGE[kind]
    if probe.prediction is not None and not (
            math.isfinite(probe.prediction) and low <= probe.prediction <= high):
        raise ValidationError(f"A prediction for this probe must lie between {low:g} and "
                              f"{high:g}, not {probe.prediction:g}.")
    if probe.discarded is not None and probe.score is not None:
        raise ValidationError("A discarded probe is never scored.")
    for label, number in (("score", probe.score), ("error variance", probe.error_variance)):
        if number is not None and not (math.isfinite(number) and number >= 0):
            raise ValidationError(f"A probe's {label} must be a finite number ≥ 0, not {number}.")
    for n, trial in enumerate(probe.trials, start=1):
        times = [trial.onset_ms] + ([] if trial.rt_ms is None else [trial.rt_ms])
        if not all(math.isfinite(t) for t in times):
            raise ValidationError(f"Trial {n} of the probe has a time that is not a number.")
