"""Touching reality, the use cases: log evaluations with predictions, resolve them, list the
pending and overdue ones; pick a past check-in for a blind re-rating and record it.

Mutations validate through ``tracker.domain.reality`` and return a ``Change`` (kinds
``evaluations`` and ``revisits``; ``checkins`` when a check-in was recorded with them).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tracker.domain import CheckIn, Skill, new_id
from tracker.domain.reality import (
    Evaluation,
    EvaluationKind,
    Outcome,
    OutcomeResult,
    Prediction,
    Revisit,
    check_rating_value,
    validate_evaluation,
    validate_revisit,
)
from tracker.domain.words import plural
from tracker.errors import UserError, ValidationError
from tracker.services.changes import Change, ChangeKind
from tracker.services.clock import local_now

if TYPE_CHECKING:
    from tracker.exchange.dataset import Dataset
    from tracker.exchange.reality_json import RealityDataset
    from tracker.services.journal import Journal
    from tracker.store.reality_repository import RealityRepository

MIN_AGE_DAYS = 30  # a check-in is offered for re-rating once it is this old
LINK_WINDOW = timedelta(hours=3)  # a check-in this recent can be linked to a prediction
FREQUENCY_DAYS = {"weekly": 7, "fortnightly": 14, "monthly": 30}


@dataclass(frozen=True, slots=True)
class CheckInDraft:
    """A check-in to record together with a prediction or a re-rating (the state now)."""

    ratings: Mapping[str, int]
    values: Mapping[str, float | None] = dataclasses.field(default_factory=dict)
    tags: Sequence[str] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class BlindCheckIn:
    """What a blind re-rating may show of a past check-in: never its ratings."""

    checkin_id: str
    at: datetime
    note: str
    tags: tuple[str, ...]
    skills: tuple[Skill, ...]  # the skills rated that day, to be re-rated now
    eligible: int  # how many check-ins it was drawn from


def revisit_due(frequency: str, last_offered: date | None, today: date) -> bool:
    """True when a re-rating should be offered today (never twice in one period)."""
    days = FREQUENCY_DAYS.get(frequency)
    if days is None:  # "off" or an unknown value
        return False
    return last_offered is None or (today - last_offered).days >= days


class Reality:
    """Evaluations and revisits of one journal."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    @property
    def repo(self) -> RealityRepository:  # the journal's store may open after start-up
        return self.journal.store.reality

    # evaluations ------------------------------------------------------------------------------
    def evaluations(self) -> list[Evaluation]:
        return self.repo.list_evaluations()

    def pending(self) -> list[Evaluation]:
        return [e for e in self.evaluations() if e.pending]

    def overdue(self, today: date | None = None) -> list[Evaluation]:
        """Pending evaluations past their expected decision date."""
        today = today or local_now().date()
        return [e for e in self.evaluations() if e.overdue(today)]

    def find(self, key: str) -> Evaluation:
        """The evaluation whose id is ``key`` or starts with it (at least 4 characters)."""
        key = key.strip()
        found = self.repo.get_evaluation(key)
        if found is not None:
            return found
        matches = [e for e in self.evaluations() if len(key) >= 4 and e.id.startswith(key)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                f"{key!r} matches {len(matches)} evaluations; give more of its id.")
        raise ValidationError(f"No evaluation with id {key!r} (see `touchstone eval list`).")

    def recent_checkin(self, now: datetime | None = None) -> CheckIn | None:
        """The latest check-in of the last three hours (to link to a prediction), or None."""
        now = now or local_now()
        rows = self.journal.store.list_checkins(since=now - LINK_WINDOW, until=now + LINK_WINDOW)
        return rows[-1] if rows else None

    def log_evaluation(
        self,
        *,
        kind: EvaluationKind | str,
        evaluator: str = "",
        purpose: str = "",
        at: datetime | None = None,
        expected_by: date | None = None,
        notes: str = "",
        scale: tuple[float, float] | None = None,
        probability: float | None = None,
        expected_score: float | None = None,
        checkin_id: str | None = None,
        checkin: CheckInDraft | None = None,
    ) -> Change:
        """Validate and save an evaluation; a prediction when a probability or an expected
        score is given, linked to ``checkin_id`` or to ``checkin``, recorded now."""
        now = local_now()
        at = at or now
        prediction = None
        if probability is not None or expected_score is not None:
            prediction = Prediction(probability, expected_score, now, checkin_id)
        elif checkin_id or checkin:
            raise ValidationError("A check-in is linked to a prediction: give a probability "
                                  "or an expected score.")
        if checkin_id and self.journal.get(checkin_id) is None:
            raise ValidationError(f"No check-in with id {checkin_id!r}.")
        evaluation = validate_evaluation(Evaluation(
            id=new_id(), at=at, kind=_kind(kind), evaluator=evaluator, purpose=purpose,
            expected_by=expected_by, notes=notes,
            scale_min=scale[0] if scale else None, scale_max=scale[1] if scale else None,
            prediction=prediction,
        ))
        if checkin is not None:
            change = self.journal.record(ratings=checkin.ratings, values=checkin.values,
                                         tags=checkin.tags, note=checkin.note, at=now)
            assert evaluation.prediction is not None  # a check-in comes with one (above)
            linked = dataclasses.replace(evaluation.prediction, checkin_id=change.ids[0])
            evaluation = dataclasses.replace(evaluation, prediction=linked)
        self.repo.add_evaluation(evaluation)
        what = evaluation.evaluator or evaluation.purpose
        kind_of_change = ChangeKind.CHECKINS if checkin is not None else ChangeKind.EVALUATIONS
        return self._changed(Change(kind_of_change, (evaluation.id,),
                                    f"Evaluation logged: {what}"))

    def resolve(
        self,
        evaluation_id: str,
        result: OutcomeResult | str,
        *,
        score: float | None = None,
        reason: str = "",
        at: datetime | None = None,
        replace: bool = False,
    ) -> Change:
        """Record the outcome of an evaluation; an earlier outcome is replaced only when
        ``replace`` says so (otherwise ``UserError``, nothing changed)."""
        evaluation = self.find(evaluation_id)
        if evaluation.outcome is not None and not replace:
            raise UserError(already_resolved_message(evaluation))
        try:
            result = OutcomeResult(str(result).replace("-", "_"))
        except ValueError:
            raise ValidationError(
                f"Unknown outcome {result!r}: use accepted, rejected or no-answer.") from None
        outcome = Outcome(result=result, at=at or local_now(), score=score, reason=reason)
        resolved = validate_evaluation(dataclasses.replace(evaluation, outcome=outcome))
        self.repo.update_evaluation(resolved)
        return self._changed(Change(ChangeKind.EVALUATIONS, (resolved.id,),
                                    f"Outcome saved: {result.value.replace('_', ' ')}"))

    def delete_evaluation(self, evaluation_id: str) -> Change:
        evaluation = self.find(evaluation_id)
        self.repo.delete_evaluation(evaluation.id)
        return self._changed(Change(ChangeKind.EVALUATIONS, (evaluation.id,), "Evaluation deleted"))

    # revisits -----------------------------------------------------------------------------------
    def revisits(self) -> list[Revisit]:
        return self.repo.list_revisits()

    def eligible_for_revisit(self, now: datetime | None = None) -> list[CheckIn]:
        """Rated check-ins at least 30 days old that were never re-rated, oldest first."""
        now = now or local_now()
        done = self.repo.revisited_checkin_ids()
        cutoff = now - timedelta(days=MIN_AGE_DAYS)
        return [c for c in self.journal.store.list_checkins(until=cutoff)
                if c.ratings and c.id not in done]

    def pick_for_revisit(
        self, rng: random.Random | None = None, now: datetime | None = None
    ) -> BlindCheckIn | None:
        """One eligible check-in drawn uniformly at random — never by its rating, which would
        fake regression to the mean — shown without its ratings. None when there is none."""
        eligible = self.eligible_for_revisit(now)
        if not eligible:
            return None
        chosen = eligible[(rng or random.SystemRandom()).randrange(len(eligible))]
        by_id = {s.id: s for s in self.journal.skills(include_archived=True)}
        skills = tuple(sorted((by_id[k] for k in chosen.ratings if k in by_id),
                              key=lambda s: (s.position, s.name)))
        return BlindCheckIn(chosen.id, chosen.at, chosen.note, chosen.tags, skills,
                            len(eligible))

    def record_revisit(
        self,
        checkin_id: str,
        ratings_now: Mapping[str, object],
        *,
        at: datetime | None = None,
        checkin: CheckInDraft | None = None,
    ) -> Change:
        """Save blind re-ratings of the check-in's skills (and a check-in of the state now)."""
        then = self.journal.get(checkin_id)
        if then is None:
            raise UserError("That check-in no longer exists.")
        if not ratings_now:
            raise ValidationError("Re-rate at least one skill.")
        at = at or local_now()
        now_checkin = None
        if checkin is not None:
            now_checkin = self.journal._validate(CheckIn(
                id=new_id(), at=at, ratings=dict(checkin.ratings),
                values={k: v for k, v in checkin.values.items() if v is not None},
                tags=tuple(checkin.tags), note=checkin.note))
        revisits = []
        for skill_id, value in ratings_now.items():
            if skill_id not in then.ratings:
                raise ValidationError("Only the skills rated that day can be re-rated.")
            revisits.append(validate_revisit(Revisit(
                id=new_id(), checkin_id=then.id, skill_id=skill_id, at=at,
                rating_then=then.ratings[skill_id],
                rating_now=check_rating_value(value),
                now_checkin_id=now_checkin.id if now_checkin else None)))
        self.repo.add_revisits(revisits, now_checkin)
        kind = ChangeKind.CHECKINS if now_checkin else ChangeKind.REVISITS
        return self._changed(Change(kind, tuple(r.id for r in revisits), "Re-rating saved"))

    # report -------------------------------------------------------------------------------------
    def report(self, since: date | None = None, today: date | None = None) -> dict[str, Any]:
        """The ``evaluations``, ``revisits`` and ``calibration`` sections of the report."""
        from tracker.services.reality_report import reality_sections

        return reality_sections(
            self.journal.skills(include_archived=True), self.journal.checkins(),
            self.evaluations(), self.revisits(), since=since,
            today=today or local_now().date())

    def _changed(self, change: Change) -> Change:
        return self.journal._changed(change)


def _kind(kind: EvaluationKind | str) -> EvaluationKind:
    text = str(kind).strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return EvaluationKind(text)
    except ValueError:
        kinds = ", ".join(k.value.replace("_", "-") for k in EvaluationKind)
        raise ValidationError(f"Unknown kind of evaluation {kind!r}: use one of {kinds}.") from None


# export / import (called from ``services.transfer``) ----------------------------------------------
def full_dataset(journal: Journal) -> RealityDataset:
    """Everything in the journal for a JSON export: definitions, check-ins, evaluations and
    revisits (a ``RealityDataset``)."""
    from tracker.exchange.reality_json import RealityDataset

    repo = journal.store.reality
    return RealityDataset(skills=journal.skills(include_archived=True),
                          factors=journal.factors(include_archived=True),
                          checkins=journal.checkins(), evaluations=repo.list_evaluations(),
                          revisits=repo.list_revisits())


def plan_reality_import(
    journal: Journal, data: Dataset
) -> tuple[list[Evaluation], list[Revisit]]:
    """The evaluations and revisits of ``data`` that are new; identical ones are skipped and
    one whose id exists with other content refuses the import (``ExchangeError``)."""
    from tracker.errors import ExchangeError

    repo = journal.store.reality
    new: list[list[Any]] = []
    for label, incoming, existing in (
        ("evaluation", getattr(data, "evaluations", []), repo.list_evaluations()),
        ("re-rating", getattr(data, "revisits", []), repo.list_revisits()),
    ):
        have = {x.id: x for x in existing}
        fresh = [x for x in incoming if x.id not in have]
        clashes = [x for x in incoming if x.id in have and not _same(have[x.id], x)]
        if clashes:
            raise ExchangeError(f"{plural(len(clashes), label)} in the file "
                                f"{'has' if len(clashes) == 1 else 'have'} the same id as a "
                                f"different one in your journal (first: {clashes[0].id}). "
                                "Nothing was imported.")
        new.append(fresh)
    return new[0], new[1]


def _same(a: Evaluation | Revisit, b: Evaluation | Revisit) -> bool:
    """Equal content, comparing times with their UTC offsets."""
    def key(x: Evaluation | Revisit) -> str:
        return repr(dataclasses.astuple(x)) + repr([
            getattr(v, "utcoffset", lambda: None)() for v in _times(x)])
    return key(a) == key(b)


def _times(x: Evaluation | Revisit) -> list[datetime | None]:
    out: list[datetime | None] = [x.at]
    if isinstance(x, Evaluation):
        out += [x.prediction.made_at if x.prediction else None,
                x.outcome.at if x.outcome else None]
    return out


def already_resolved_message(evaluation: Evaluation) -> str:
    """Why a second outcome is refused, naming the first."""
    outcome = evaluation.outcome
    assert outcome is not None
    return (f"This evaluation already has an outcome ({outcome.result.value.replace('_', '-')}, "
            f"recorded {outcome.at.date()}). Nothing was changed.")
