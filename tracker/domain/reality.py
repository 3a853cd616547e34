"""Touching reality: external evaluations with predictions and outcomes, blind re-ratings.

An ``Evaluation`` is something outside judging you (an application, an interview, a review).
Before the outcome you may record a ``Prediction`` — the probability of a good outcome and/or
the score you expect on the evaluator's scale — and link a check-in so the state behind the
prediction is known. Afterwards the ``Outcome``: accepted, rejected or no answer, an optional
score, and the stated reason or "no reason given".

A ``Revisit`` is a blind re-rating of a past check-in: how skilled you think you were that day,
asked without showing the rating you gave then (which the revisit keeps as ``rating_then``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from tracker.domain.models import RATING_MAX, RATING_MIN
from tracker.errors import ValidationError

MAX_TEXT = 200  # evaluator, purpose
MAX_LONG_TEXT = 20_000  # notes, reason
MAX_SCALE = 1e6


class EvaluationKind(StrEnum):
    """What kind of evaluation it was."""

    APPLICATION = "application"
    INTERVIEW = "interview"
    WORK_TRIAL = "work_trial"
    PERFORMANCE_REVIEW = "performance_review"
    PEER_REVIEW = "peer_review"  # a paper or peer review
    EXAM = "exam"
    FIRST_IMPRESSION = "first_impression"
    OTHER = "other"


KIND_LABELS = {
    EvaluationKind.APPLICATION: "Application",
    EvaluationKind.INTERVIEW: "Interview",
    EvaluationKind.WORK_TRIAL: "Work trial",
    EvaluationKind.PERFORMANCE_REVIEW: "Performance review",
    EvaluationKind.PEER_REVIEW: "Paper or peer review",
    EvaluationKind.EXAM: "Exam",
    EvaluationKind.FIRST_IMPRESSION: "First impression",
    EvaluationKind.OTHER: "Other",
}


class OutcomeResult(StrEnum):
    """How it ended. For calibration only ``accepted`` is a good outcome: silence counts as
    not good (METHODS §R1)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class Prediction:
    """What you expected before the outcome; at least one of the two numbers."""

    probability: float | None = None  # of a good outcome, 0..1
    expected_score: float | None = None  # on the evaluation's scale
    made_at: datetime | None = None
    checkin_id: str | None = None  # the check-in recording the state behind the prediction


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened; ``reason`` empty with ``reason_given`` False means "no reason given"."""

    result: OutcomeResult
    at: datetime
    score: float | None = None
    reason: str = ""
    reason_given: bool = False

    @property
    def good(self) -> bool:
        return self.result is OutcomeResult.ACCEPTED


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One external evaluation; pending until it has an outcome."""

    id: str
    at: datetime  # when it took place (or was sent)
    kind: EvaluationKind
    evaluator: str = ""
    purpose: str = ""  # what it was for
    expected_by: date | None = None  # expected decision date
    notes: str = ""
    scale_min: float | None = None  # the evaluator's score scale, when there is one
    scale_max: float | None = None
    prediction: Prediction | None = None
    outcome: Outcome | None = None

    @property
    def pending(self) -> bool:
        return self.outcome is None

    def overdue(self, today: date) -> bool:
        """Pending and past its expected decision date."""
        return self.pending and self.expected_by is not None and self.expected_by < today

    @property
    def has_scale(self) -> bool:
        return self.scale_min is not None and self.scale_max is not None


@dataclass(frozen=True, slots=True)
class Revisit:
    """A blind re-rating of one skill in a past check-in."""

    id: str
    checkin_id: str
    skill_id: str
    at: datetime  # when the re-rating was made
    rating_then: int  # copied from the check-in; never shown while re-rating
    rating_now: int
    now_checkin_id: str | None = None  # a check-in of the state at re-rating time

    @property
    def difference(self) -> int:
        """now − then."""
        return self.rating_now - self.rating_then


# validation ---------------------------------------------------------------------------------
def _aware(at: datetime, what: str) -> None:
    offset = at.utcoffset()
    if offset is None:
        raise ValidationError(f"{what} needs a UTC offset.")
    if offset.total_seconds() % 60:
        raise ValidationError(f"{what}: the UTC offset must be whole minutes.")


def _text(value: str, what: str, limit: int, single_line: bool = True) -> str:
    text = str(value).replace("\r\n", "\n")
    text = " ".join(text.split()) if single_line else text.strip()
    if len(text) > limit:
        raise ValidationError(f"{what} can be at most {limit:,} characters.")
    if "\x00" in text:
        raise ValidationError(f"{what} cannot contain a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(f"{what} contains a character that is not valid text.") from None
    return text


def _finite(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{what} must be a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{what}: {value!r} is not a number.") from None
    if not math.isfinite(number):
        raise ValidationError(f"{what} must be a finite number.")
    return number


def check_probability(value: float | None) -> float | None:
    """A probability 0..1, or None."""
    p = _finite(value, "The probability")
    if p is not None and not 0.0 <= p <= 1.0:
        raise ValidationError(f"The probability must lie between 0 and 100 %, not {p * 100:g} %.")
    return p


def evaluation_kind(value: str) -> EvaluationKind:
    """The kind named ``value`` (its stored text), or ``ValidationError``."""
    try:
        return EvaluationKind(value)
    except ValueError:
        kinds = ", ".join(k.value for k in EvaluationKind)
        raise ValidationError(f"Unknown kind of evaluation {value!r} (one of {kinds}).") from None


def outcome_result(value: str) -> OutcomeResult:
    """The outcome named ``value`` (its stored text), or ``ValidationError``."""
    try:
        return OutcomeResult(value)
    except ValueError:
        results = ", ".join(r.value for r in OutcomeResult)
        raise ValidationError(f"Unknown outcome {value!r} (one of {results}).") from None


def validate_evaluation(ev: Evaluation) -> Evaluation:
    """Return a normalised copy of ``ev`` or raise ``ValidationError``."""
    _aware(ev.at, "The date of an evaluation")
    kind = evaluation_kind(ev.kind)
    evaluator = _text(ev.evaluator, "The evaluator", MAX_TEXT)
    purpose = _text(ev.purpose, "What it was for", MAX_TEXT)
    notes = _text(ev.notes, "The notes", MAX_LONG_TEXT, single_line=False)
    if not evaluator and not purpose:
        raise ValidationError("Say who evaluated you or what it was for.")
    lo = _finite(ev.scale_min, "The scale minimum")
    hi = _finite(ev.scale_max, "The scale maximum")
    if (lo is None) != (hi is None):
        raise ValidationError("A score scale needs both ends, such as 1 to 10.")
    if lo is not None and hi is not None:
        if not lo < hi:
            raise ValidationError("The scale minimum must be below its maximum.")
        if max(abs(lo), abs(hi)) > MAX_SCALE:
            raise ValidationError(f"A score scale must lie within ±{MAX_SCALE:,.0f}.")
    if ev.expected_by is not None and ev.expected_by < ev.at.date():
        raise ValidationError("The expected decision date cannot be before the evaluation.")
    prediction = _validate_prediction(ev.prediction, lo, hi)
    outcome = _validate_outcome(ev.outcome, lo, hi, ev.at)
    return replace(ev, kind=kind, evaluator=evaluator, purpose=purpose, notes=notes,
                   scale_min=lo, scale_max=hi, prediction=prediction, outcome=outcome)


def _in_scale(value: float | None, lo: float | None, hi: float | None, what: str) -> None:
    if value is None:
        return
    if lo is None or hi is None:
        raise ValidationError(f"{what} needs the evaluator's scale (its minimum and maximum).")
    if not lo <= value <= hi:
        raise ValidationError(f"{what} {value:g} is outside the scale {lo:g} to {hi:g}.")


def _validate_prediction(
    p: Prediction | None, lo: float | None, hi: float | None
) -> Prediction | None:
    if p is None:
        return None
    probability = check_probability(p.probability)
    expected = _finite(p.expected_score, "The expected score")
    if probability is None and expected is None:
        raise ValidationError("A prediction needs a probability or an expected score.")
    _in_scale(expected, lo, hi, "The expected score")
    if p.made_at is not None:
        _aware(p.made_at, "The time of a prediction")
    return replace(p, probability=probability, expected_score=expected)


def _validate_outcome(
    o: Outcome | None, lo: float | None, hi: float | None, at: datetime
) -> Outcome | None:
    if o is None:
        return None
    result = outcome_result(o.result)
    _aware(o.at, "The time of an outcome")
    if o.at < at.replace(hour=0, minute=0, second=0, microsecond=0):
        raise ValidationError("The outcome cannot come before the evaluation.")
    score = _finite(o.score, "The score")
    _in_scale(score, lo, hi, "The score")
    reason = _text(o.reason, "The reason", MAX_LONG_TEXT, single_line=False)
    return replace(o, result=result, score=score, reason=reason, reason_given=bool(reason))


def check_rating_value(value: object, what: str = "A re-rating") -> int:
    """A whole number 1-10, or a ``ValidationError`` naming ``what``."""
    if isinstance(value, bool):
        raise ValidationError(f"{what} is a whole number from {RATING_MIN} to {RATING_MAX}.")
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise ValidationError(
            f"{what}: {value!r} is not a whole number from {RATING_MIN} to {RATING_MAX}."
        ) from None
    if not number.is_integer() or not RATING_MIN <= number <= RATING_MAX:
        raise ValidationError(
            f"{what} is a whole number from {RATING_MIN} to {RATING_MAX}, not {value!r}."
        )
    return int(number)


def validate_revisit(r: Revisit) -> Revisit:
    """Return ``r`` with checked ratings, or raise ``ValidationError``."""
    _aware(r.at, "The time of a re-rating")
    if not r.checkin_id or not r.skill_id:
        raise ValidationError("A re-rating needs its check-in and skill.")
    return replace(r, rating_then=check_rating_value(r.rating_then, "The rating then"),
                   rating_now=check_rating_value(r.rating_now))
