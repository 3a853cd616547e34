"""Evaluations and blind re-ratings for the ``--demo`` year, with biases the Reality views find.

Built-in truths: predictions are overconfident by about 15 points (more on good-mood days: about
4 points per mood point above 6), so the calibration chart sits below its diagonal and the bias
by mood is positive; blind re-ratings regress towards 6.5 (slope about 0.6 later on earlier) and
are kinder to low-mood days (about 0.3 points per mood point below 6), so then-vs-now shows
both.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import date, datetime, timedelta

from tracker.domain import CheckIn, Skill
from tracker.domain.reality import (
    Evaluation,
    EvaluationKind,
    Outcome,
    OutcomeResult,
    Prediction,
    Revisit,
    validate_evaluation,
)

OVERCONFIDENCE = 0.15  # predicted minus true chance of a good outcome, at mood 6
MOOD_OPTIMISM = 0.04  # extra predicted chance per mood point
REVISIT_SLOPE = 0.6  # later rating on the rating then
REVISIT_MOOD = -0.3  # later minus then, per mood point of the day then
_KINDS = (
    (EvaluationKind.APPLICATION, "Backend role at a start-up", "Application"),
    (EvaluationKind.INTERVIEW, "Technical interview", "Interview"),
    (EvaluationKind.PEER_REVIEW, "Workshop paper", "Reviewers"),
    (EvaluationKind.EXAM, "Certification quiz", "Online exam"),
)


def _step(p: float) -> float:
    """A probability as the GUI offers it: 5 % steps inside 5–95 %."""
    return min(0.95, max(0.05, round(p * 20) / 20))


def demo_evaluations(
    checkins: list[CheckIn], overall: Skill, rng: random.Random, now: datetime, count: int = 60
) -> list[Evaluation]:
    """``count`` evaluations spread over the year, each predicted at a check-in; the last three
    still pending."""
    rated = [c for c in checkins if overall.id in c.ratings and "mood" in c.values]
    if len(rated) < count:
        return []
    chosen = sorted(rng.sample(rated, count), key=lambda c: c.at)
    evaluations: list[Evaluation] = []
    for index, checkin in enumerate(chosen):
        kind, purpose, evaluator = _KINDS[index % len(_KINDS)]
        mood = checkin.values["mood"]
        skill = checkin.ratings[overall.id]
        true_p = 1 / (1 + math.exp(-(skill - 6.5) * 0.6 - rng.gauss(0, 0.8)))
        predicted = _step(true_p + OVERCONFIDENCE + MOOD_OPTIMISM * (mood - 6) + rng.gauss(0, 0.05))
        scaled = kind is EvaluationKind.EXAM
        expected = round(min(100.0, 55 + 40 * predicted)) if scaled else None
        prediction = Prediction(probability=predicted, expected_score=expected,
                                made_at=checkin.at, checkin_id=checkin.id)
        decided = checkin.at + timedelta(days=rng.randint(3, 21))
        outcome = None
        if index < count - 3 and decided <= now:
            good = rng.random() < true_p
            silent = not scaled and rng.random() < 0.3  # an exam always answers
            result = OutcomeResult.ACCEPTED if good else (
                OutcomeResult.NO_ANSWER if silent else OutcomeResult.REJECTED)
            score = round(min(100.0, 40 + 45 * true_p + rng.gauss(0, 6))) if scaled else None
            outcome = Outcome(result=result, at=decided, score=score)
        expected_by = (checkin.at + timedelta(days=14)).date()
        evaluations.append(validate_evaluation(Evaluation(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            at=checkin.at, kind=kind, evaluator=evaluator, purpose=purpose,
            expected_by=expected_by, scale_min=0.0 if scaled else None,
            scale_max=100.0 if scaled else None, prediction=prediction, outcome=outcome)))
    return evaluations


def demo_revisits(
    checkins: list[CheckIn], overall: Skill, rng: random.Random, today: date, count: int = 40
) -> list[Revisit]:
    """``count`` blind re-ratings of the Overall rating of check-ins at least 30 days old,
    drawn at random (as the app draws them), made in the last weeks."""
    old = [c for c in checkins
           if overall.id in c.ratings and "mood" in c.values
           and c.at.date() <= today - timedelta(days=31)]
    if len(old) < count:
        return []
    revisits: list[Revisit] = []
    for checkin in sorted(rng.sample(old, count), key=lambda c: c.at):
        then = checkin.ratings[overall.id]
        mood = checkin.values["mood"]
        later = 6.5 + REVISIT_SLOPE * (then - 6.5) + REVISIT_MOOD * (mood - 6) + rng.gauss(0, 0.7)
        made = datetime.combine(today - timedelta(days=rng.randint(1, 20)), checkin.at.timetz())
        revisits.append(Revisit(
            id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), checkin_id=checkin.id,
            skill_id=overall.id, at=max(made, checkin.at + timedelta(days=30)),
            rating_then=then, rating_now=int(min(10, max(1, round(later))))))
    return revisits
