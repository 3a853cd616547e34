"""Probes, measures and daily outcomes in Touchstone JSON (``format_version`` 3), both ways.

::

    "probes": [{"id", "kind", "timestamp", "duration_s", "prediction", "score",
                "error_variance", "discarded", "checkin_id",
                "trials": [{"onset_ms", "rt_ms", "response", "correct", "false_start"}, ...]},
               ...],
    "measures": [{"id", "name", "unit", "higher_is_better", "archived"}, ...],
    "outcomes": [{"measure_id", "date", "value", "source", "recorded_at"}, ...]

Every trial is kept, in order, so any score can be recomputed. A probe's ``checkin_id`` and an
outcome's ``measure_id`` must name records of the same file; a discarded probe has no score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.domain.measured import (
    DailyOutcome,
    DiscardReason,
    Measure,
    Probe,
    ProbeKind,
    ProbeTrial,
)
from tracker.errors import ExchangeError, ValidationError
from tracker.exchange.dataset import is_finite_number, json_number, located_error, valid_id
from tracker.exchange.reality_json import (
    BadRecord,
    RealityDataset,
    optional_number,
    optional_text,
    optional_time,
    record_fields,
    reference,
    required_time,
    text_field,
)

MEASURED_SECTIONS = ("probes", "measures", "outcomes")
_PROBE_KEYS = {"id", "kind", "timestamp", "duration_s", "prediction", "score", "error_variance",
               "discarded", "checkin_id", "trials"}
_TRIAL_KEYS = {"onset_ms", "rt_ms", "response", "correct", "false_start"}
_MEASURE_KEYS = {"id", "name", "unit", "higher_is_better", "archived"}
_OUTCOME_KEYS = {"measure_id", "date", "value", "source", "recorded_at"}


@dataclass
class MeasuredDataset(RealityDataset):
    """A ``RealityDataset`` that also carries probes, measures and daily outcomes."""

    probes: list[Probe] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    outcomes: list[DailyOutcome] = field(default_factory=list)


def has_measured(data: object) -> bool:
    return any(getattr(data, section, None) for section in MEASURED_SECTIONS)


# dumping ------------------------------------------------------------------------------------
def _num(x: float | None) -> int | float | None:
    return None if x is None else json_number(x)


def probe_to_json(p: Probe) -> dict[str, Any]:
    return {
        "id": p.id, "kind": ProbeKind(p.kind).value, "timestamp": p.at.isoformat(),
        "duration_s": json_number(p.duration_s), "prediction": _num(p.prediction),
        "score": _num(p.score), "error_variance": _num(p.error_variance),
        "discarded": None if p.discarded is None else DiscardReason(p.discarded).value,
        "checkin_id": p.checkin_id,
        "trials": [{"onset_ms": json_number(t.onset_ms), "rt_ms": _num(t.rt_ms),
                    "response": t.response, "correct": t.correct,
                    "false_start": t.false_start} for t in p.trials],
    }


def measure_to_json(m: Measure) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "unit": m.unit, "higher_is_better": m.higher_is_better,
            "archived": m.archived}


def outcome_to_json(o: DailyOutcome) -> dict[str, Any]:
    return {"measure_id": o.measure_id, "date": o.day.isoformat(), "value": json_number(o.value),
            "source": o.source,
            "recorded_at": None if o.recorded_at is None else o.recorded_at.isoformat()}


def measured_to_json(data: object) -> dict[str, list[dict[str, Any]]]:
    """The three version-3 sections of ``data`` (empty lists where it has none)."""
    return {
        "probes": [probe_to_json(p) for p in getattr(data, "probes", [])],
        "measures": [measure_to_json(m) for m in getattr(data, "measures", [])],
        "outcomes": [outcome_to_json(o) for o in getattr(data, "outcomes", [])],
    }


# loading ------------------------------------------------------------------------------------
def _ident(record: dict[str, Any], key: str = "id") -> str:
    value = text_field(record, key)
    if not valid_id(value):
        raise BadRecord(f"{key!r} must be a non-empty text without surrounding spaces.")
    return value


def _flag(record: dict[str, Any], key: str, default: bool | None = False) -> bool | None:
    value = record.get(key, default)
    if value is None and default is None:
        return None
    if not isinstance(value, bool):
        raise BadRecord(f"{key!r} must be true or false.")
    return value


def _non_negative(record: dict[str, Any], key: str) -> float | None:
    value = optional_number(record, key)
    if value is not None and value < 0:
        raise BadRecord(f"{key!r} must not be negative.")
    return value


def _trial(raw: object, n: int) -> ProbeTrial:
    try:
        record = record_fields(raw, _TRIAL_KEYS, ("onset_ms",))
        onset = record["onset_ms"]
        if not is_finite_number(onset):
            raise BadRecord("'onset_ms' must be a number.")
        return ProbeTrial(float(onset), optional_number(record, "rt_ms"),
                          text_field(record, "response"),
                          _flag(record, "correct", None), bool(_flag(record, "false_start")))
    except BadRecord as exc:
        raise BadRecord(f"trial {n}: {exc}") from None


def probe_from_json(raw: object, checkin_ids: set[str]) -> Probe:
    record = record_fields(raw, _PROBE_KEYS, ("id", "kind", "timestamp", "duration_s"))
    kind_text = text_field(record, "kind")
    if kind_text not in {k.value for k in ProbeKind}:
        raise BadRecord(f"unknown kind of probe {kind_text!r}.")
    discarded_text = optional_text(record, "discarded")
    if discarded_text is not None and discarded_text not in {r.value for r in DiscardReason}:
        raise BadRecord(f"unknown reason for discarding {discarded_text!r}.")
    duration = optional_number(record, "duration_s")
    if duration is None or duration <= 0:
        raise BadRecord("'duration_s' must be a positive number of seconds.")
    trials = record.get("trials", [])
    if not isinstance(trials, list):
        raise BadRecord("'trials' must be a list.")
    probe = Probe(
        id=_ident(record), kind=ProbeKind(kind_text), at=required_time(record, "timestamp"),
        duration_s=duration, prediction=optional_number(record, "prediction"),
        trials=tuple(_trial(t, n) for n, t in enumerate(trials, start=1)),
        score=_non_negative(record, "score"),
        error_variance=_non_negative(record, "error_variance"),
        discarded=None if discarded_text is None else DiscardReason(discarded_text),
        checkin_id=reference(record, "checkin_id", checkin_ids, "a check-in"),
    )
    if probe.discarded is not None and probe.score is not None:
        raise BadRecord("a discarded probe has no score.")
    return probe


def measure_from_json(raw: object, earlier: list[Measure]) -> Measure:
    record = record_fields(raw, _MEASURE_KEYS, ("id", "name"))
    name = " ".join(text_field(record, "name").split())
    if not name:
        raise BadRecord("'name' must not be empty.")
    ident = _ident(record)
    if any(m.id == ident for m in earlier):
        raise BadRecord(f"the id {ident!r} is used by two measures.")
    if any(m.name.casefold() == name.casefold() for m in earlier):
        raise BadRecord(f"two measures are called {name!r}.")
    return Measure(ident, name, text_field(record, "unit"),
                   bool(_flag(record, "higher_is_better", True)),
                   bool(_flag(record, "archived")))


def outcome_from_json(raw: object, measure_ids: set[str]) -> DailyOutcome:
    record = record_fields(raw, _OUTCOME_KEYS, ("measure_id", "date", "value"))
    measure_id = reference(record, "measure_id", measure_ids, "a measure")
    day_text = text_field(record, "date")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise BadRecord(f"'date': {day_text!r} is not a date like 2026-12-01.") from None
    value = optional_number(record, "value")
    if value is None or not math.isfinite(value):
        raise BadRecord("'value' must be a number.")
    source = text_field(record, "source") if "source" in record else "manual"
    return DailyOutcome(measure_id or "", day, value, source or "manual",
                        optional_time(record, "recorded_at"))


def load_measured(document: dict[str, Any], checkin_ids: set[str]
                  ) -> tuple[list[Probe], list[Measure], list[DailyOutcome]]:
    """The version-3 sections (each may be missing: an empty list), checked record by record;
    an ``ExchangeError`` names the first bad one."""
    for section in MEASURED_SECTIONS:
        if not isinstance(document.get(section, []), list):
            raise ExchangeError(f"{section!r} must be a list.")
    probes: list[Probe] = []
    probe_ids: set[str] = set()
    for n, raw in enumerate(document.get("probes", []), start=1):
        try:
            probe = probe_from_json(raw, checkin_ids)
        except (BadRecord, ValidationError) as exc:
            raise located_error(f"probe {n}", n, str(exc)) from None
        if probe.id in probe_ids:
            raise located_error(f"probe {n}", n, f"the id {probe.id} is used again.")
        probe_ids.add(probe.id)
        probes.append(probe)
    measures: list[Measure] = []
    for n, raw in enumerate(document.get("measures", []), start=1):
        try:
            measures.append(measure_from_json(raw, measures))
        except (BadRecord, ValidationError) as exc:
            raise located_error(f"measure {n}", n, str(exc)) from None
    outcomes: list[DailyOutcome] = []
    days: set[tuple[str, date]] = set()
    for n, raw in enumerate(document.get("outcomes", []), start=1):
        try:
            outcome = outcome_from_json(raw, {m.id for m in measures})
        except (BadRecord, ValidationError) as exc:
            raise located_error(f"outcome {n}", n, str(exc)) from None
        if (outcome.measure_id, outcome.day) in days:
            raise located_error(f"outcome {n}", n, "a second value for the same measure and "
                                f"day ({outcome.day.isoformat()}).")
        days.add((outcome.measure_id, outcome.day))
        outcomes.append(outcome)
    return probes, measures, outcomes
