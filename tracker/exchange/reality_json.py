"""Evaluations and revisits in Touchstone JSON (``format_version`` 2), both directions.

::

    "evaluations": [{"id", "timestamp", "kind", "evaluator", "purpose", "expected_by",
                     "notes", "scale": [min, max] | null,
                     "prediction": {"probability", "expected_score", "made_at",
                                    "checkin_id"} | null,
                     "outcome": {"result", "timestamp", "score", "reason"} | null}, ...],
    "revisits": [{"id", "checkin_id", "skill_id", "timestamp", "rating_then", "rating_now",
                  "now_checkin_id"}, ...]

Check-in and skill ids must name records of the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tracker.domain.models import CheckIn, Skill
from tracker.domain.reality import (
    Evaluation,
    Outcome,
    Prediction,
    Revisit,
    evaluation_kind,
    outcome_result,
    validate_evaluation,
    validate_revisit,
)
from tracker.errors import ExchangeError, ValidationError
from tracker.exchange.dataset import (
    Dataset,
    is_finite_number,
    json_number,
    located_error,
    parse_timestamp,
)

REALITY_SECTIONS = ("evaluations", "revisits")
_EVAL_KEYS = {"id", "timestamp", "kind", "evaluator", "purpose", "expected_by", "notes",
              "scale", "prediction", "outcome"}
_PREDICTION_KEYS = {"probability", "expected_score", "made_at", "checkin_id"}
_OUTCOME_KEYS = {"result", "timestamp", "score", "reason"}
_REVISIT_KEYS = {"id", "checkin_id", "skill_id", "timestamp", "rating_then", "rating_now",
                 "now_checkin_id"}


@dataclass
class RealityDataset(Dataset):
    """A ``Dataset`` that also carries evaluations and revisits."""

    evaluations: list[Evaluation] = field(default_factory=list)
    revisits: list[Revisit] = field(default_factory=list)


class BadRecord(Exception):
    """A problem inside one record (the caller adds its location)."""


# dumping ------------------------------------------------------------------------------------
def _num(x: float | None) -> int | float | None:
    return None if x is None else json_number(x)


def evaluation_to_json(e: Evaluation) -> dict[str, Any]:
    p, o = e.prediction, e.outcome
    return {
        "id": e.id,
        "timestamp": e.at.isoformat(),
        "kind": e.kind.value,
        "evaluator": e.evaluator,
        "purpose": e.purpose,
        "expected_by": e.expected_by.isoformat() if e.expected_by else None,
        "notes": e.notes,
        "scale": [_num(e.scale_min), _num(e.scale_max)] if e.has_scale else None,
        "prediction": None if p is None else {
            "probability": _num(p.probability), "expected_score": _num(p.expected_score),
            "made_at": p.made_at.isoformat() if p.made_at else None,
            "checkin_id": p.checkin_id},
        "outcome": None if o is None else {
            "result": o.result.value, "timestamp": o.at.isoformat(), "score": _num(o.score),
            "reason": o.reason},
    }


def revisit_to_json(r: Revisit) -> dict[str, Any]:
    return {"id": r.id, "checkin_id": r.checkin_id, "skill_id": r.skill_id,
            "timestamp": r.at.isoformat(), "rating_then": r.rating_then,
            "rating_now": r.rating_now, "now_checkin_id": r.now_checkin_id}


# loading ------------------------------------------------------------------------------------
def record_fields(raw: object, allowed: set[str], required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BadRecord(f"expected an object with {', '.join(required)}.")
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise BadRecord(f"unknown field {unknown[0]!r}.")
    for key in required:
        if key not in raw:
            raise BadRecord(f"the field {key!r} is missing.")
    return raw


def text_field(record: dict[str, Any], key: str) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise BadRecord(f"{key!r} must be text.")
    return value


def optional_text(record: dict[str, Any], key: str) -> str | None:
    return None if record.get(key) is None else text_field(record, key)


def optional_time(record: dict[str, Any], key: str) -> datetime | None:
    text = optional_text(record, key)
    if text is None:
        return None
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise BadRecord(f"{key!r}: {exc}.") from None


def required_time(record: dict[str, Any], key: str) -> datetime:
    """A time that must be there (null is refused like a missing one)."""
    at = optional_time(record, key)
    if at is None:
        raise BadRecord(f"{key!r}: the time is missing.")
    return at


def optional_number(record: dict[str, Any], key: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    if not is_finite_number(value):
        raise BadRecord(f"{key!r} must be a number or null.")
    return float(value)


def reference(record: dict[str, Any], key: str, known: set[str], what: str) -> str | None:
    value = optional_text(record, key)
    if value is not None and value not in known:
        raise BadRecord(f"{key!r} names {what} {value!r}, which is not in the file.")
    return value


def evaluation_from_json(raw: object, checkin_ids: set[str]) -> Evaluation:
    record = record_fields(raw, _EVAL_KEYS, ("id", "timestamp", "kind"))
    ident = text_field(record, "id")
    if not ident or len(ident) > 200 or ident.strip() != ident:
        raise BadRecord("'id' must be a non-empty text without surrounding spaces.")
    expected_text = optional_text(record, "expected_by")
    try:
        expected_by = date.fromisoformat(expected_text) if expected_text else None
    except ValueError:
        raise BadRecord(f"'expected_by': {expected_text!r} is not a date like 2026-11-27.") \
            from None
    scale = record.get("scale")
    if scale is not None and (not isinstance(scale, list) or len(scale) != 2
                              or not all(is_finite_number(v) for v in scale)):
        raise BadRecord("'scale' must be [minimum, maximum] or null.")
    prediction = None
    if record.get("prediction") is not None:
        p = record_fields(record["prediction"], _PREDICTION_KEYS, ())
        prediction = Prediction(optional_number(p, "probability"),
                                optional_number(p, "expected_score"), optional_time(p, "made_at"),
                                reference(p, "checkin_id", checkin_ids, "a check-in"))
    outcome = None
    if record.get("outcome") is not None:
        o = record_fields(record["outcome"], _OUTCOME_KEYS, ("result", "timestamp"))
        outcome = Outcome(result=outcome_result(text_field(o, "result")),
                          at=required_time(o, "timestamp"),
                          score=optional_number(o, "score"), reason=text_field(o, "reason"))
    return validate_evaluation(Evaluation(
        id=ident, at=required_time(record, "timestamp"),
        kind=evaluation_kind(text_field(record, "kind")),
        evaluator=text_field(record, "evaluator"), purpose=text_field(record, "purpose"),
        expected_by=expected_by, notes=text_field(record, "notes"),
        scale_min=float(scale[0]) if scale else None,
        scale_max=float(scale[1]) if scale else None,
        prediction=prediction, outcome=outcome))


def revisit_from_json(raw: object, checkins: dict[str, CheckIn],
                      skills: dict[str, Skill]) -> Revisit:
    record = record_fields(raw, _REVISIT_KEYS, ("id", "checkin_id", "skill_id", "timestamp",
                                          "rating_then", "rating_now"))
    ident = text_field(record, "id")
    if not ident or len(ident) > 200 or ident.strip() != ident:
        raise BadRecord("'id' must be a non-empty text without surrounding spaces.")
    known = set(checkins)
    checkin_id = reference(record, "checkin_id", known, "a check-in")
    skill_id = reference(record, "skill_id", set(skills), "a skill")
    for key in ("rating_then", "rating_now"):
        if not is_finite_number(record[key]):
            raise BadRecord(f"{key!r} must be a whole number from 1 to 10.")
    return validate_revisit(Revisit(
        id=ident, checkin_id=checkin_id or "", skill_id=skill_id or "",
        at=required_time(record, "timestamp"),
        rating_then=record["rating_then"], rating_now=record["rating_now"],
        now_checkin_id=reference(record, "now_checkin_id", known, "a check-in")))


def load_reality(
    document: dict[str, Any], skills: dict[str, Skill], checkins: list[CheckIn]
) -> tuple[list[Evaluation], list[Revisit]]:
    """The version-2 sections (each may be missing: an empty list)."""
    for section in REALITY_SECTIONS:
        if not isinstance(document.get(section, []), list):
            raise ExchangeError(f"{section!r} must be a list.")
    by_id = {c.id: c for c in checkins}
    evaluations: list[Evaluation] = []
    for n, raw in enumerate(document.get("evaluations", []), start=1):
        try:
            evaluation = evaluation_from_json(raw, set(by_id))
        except (BadRecord, ValidationError) as exc:
            raise located_error(f"evaluation {n}", n, str(exc)) from None
        if any(e.id == evaluation.id for e in evaluations):
            raise located_error(f"evaluation {n}", n, f"the id {evaluation.id} is used again.")
        evaluations.append(evaluation)
    revisits: list[Revisit] = []
    for n, raw in enumerate(document.get("revisits", []), start=1):
        try:
            revisit = revisit_from_json(raw, by_id, skills)
        except (BadRecord, ValidationError) as exc:
            raise located_error(f"revisit {n}", n, str(exc)) from None
        if any(r.id == revisit.id for r in revisits):
            raise located_error(f"revisit {n}", n, f"the id {revisit.id} is used again.")
        revisits.append(revisit)
    return evaluations, revisits
