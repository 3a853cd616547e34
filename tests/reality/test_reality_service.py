"""Use cases: evaluations with predictions and outcomes; blind re-ratings drawn at random."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date, timedelta

import pytest

from tests.reality.helpers import days_ago
from tracker.domain.reality import OutcomeResult
from tracker.errors import UserError, ValidationError
from tracker.services.reality import CheckInDraft, revisit_due
from tracker.services.report import build_report


def test_log_predict_link_state_and_resolve(journal, reality, skill_id):
    change = reality.log_evaluation(
        kind="interview", evaluator="ACME", purpose="backend job", probability=0.4,
        expected_by=date.today() + timedelta(days=7),
        checkin=CheckInDraft({skill_id: 6}, {"mood": 3, "hunger": 4}))
    assert change.kind == "checkins"
    ev = reality.find(change.ids[0][:8])
    linked = journal.get(ev.prediction.checkin_id)
    assert linked.values == {"mood": 3.0, "hunger": 4.0} and linked.ratings == {skill_id: 6}
    assert reality.pending() == [ev] and reality.overdue() == []
    assert reality.overdue(date.today() + timedelta(days=8)) == [ev]
    reality.resolve(ev.id, "no-answer")
    done = reality.find(ev.id)
    assert done.outcome.result is OutcomeResult.NO_ANSWER and not done.outcome.reason_given
    assert reality.pending() == []
    with pytest.raises(UserError, match=r"already has an outcome \(no-answer, recorded .*\)\. "
                       "Nothing was changed."):
        reality.resolve(ev.id, "accepted")
    assert reality.find(ev.id).outcome.result is OutcomeResult.NO_ANSWER
    reality.resolve(ev.id, "accepted", replace=True)
    assert reality.find(ev.id).outcome.result is OutcomeResult.ACCEPTED


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "audition"}, "Unknown kind of evaluation 'audition'"),
    ({"evaluator": "", "purpose": ""}, "Say who evaluated you or what it was for"),
    ({"probability": 1.2}, "between 0 and 100 %"),
    ({"expected_score": 7}, "needs the evaluator's scale"),
    ({"expected_score": 11, "scale": (1, 10)}, "outside the scale 1 to 10"),
    ({"scale": (5, 5)}, "minimum must be below its maximum"),
    ({"checkin_id": "nope", "probability": 0.5}, "No check-in with id 'nope'"),
    ({"checkin_id": "x"}, "give a probability or an expected score"),
    ({"expected_by": date(2000, 1, 1)}, "cannot be before the evaluation"),
])
def test_bad_evaluations_get_clear_messages_and_save_nothing(reality, fields, message):
    args = {"kind": "application", "evaluator": "ACME"} | fields
    with pytest.raises(ValidationError, match=message):
        reality.log_evaluation(**args)
    assert reality.evaluations() == []


def test_bad_outcomes(reality):
    ev = reality.log_evaluation(kind="exam", purpose="driving", scale=(0, 100)).ids[0]
    with pytest.raises(ValidationError, match="Unknown outcome 'maybe'"):
        reality.resolve(ev, "maybe")
    with pytest.raises(ValidationError, match="outside the scale 0 to 100"):
        reality.resolve(ev, "accepted", score=120)
    with pytest.raises(ValidationError, match="No evaluation with id 'zzzz'"):
        reality.resolve("zzzz", "accepted")
    reality.resolve(ev, "rejected", score=40, reason="  too fast in the roundabout ")
    out = reality.find(ev).outcome
    assert out.reason == "too fast in the roundabout" and out.reason_given and out.score == 40


def test_only_old_unrevisited_rated_checkins_are_eligible(journal, reality, skill_id):
    old = journal.record(ratings={skill_id: 3}, at=days_ago(45)).ids[0]
    journal.record(ratings={skill_id: 9}, at=days_ago(10))
    assert [c.id for c in reality.eligible_for_revisit()] == [old]
    blind = reality.pick_for_revisit(random.Random(1))
    assert blind.checkin_id == old and blind.eligible == 1
    assert not any("rating" in f.name for f in dataclasses.fields(blind))
    reality.record_revisit(old, {skill_id: "5"})
    assert reality.pick_for_revisit() is None
    (r,) = reality.revisits()
    assert (r.rating_then, r.rating_now, r.difference) == (3, 5, 2)


def test_the_draw_is_uniform_and_blind_to_the_rating(journal, reality, skill_id):
    ids = [journal.record(ratings={skill_id: (1, 10, 10, 10)[i]}, at=days_ago(31 + i)).ids[0]
           for i in range(4)]
    rng = random.Random(20240611)
    counts = Counter(reality.pick_for_revisit(rng).checkin_id for _ in range(600))
    assert set(counts) == set(ids)
    # 150 expected per check-in; ±4.5 SD of a binomial(600, 1/4) is ±48: the low-rated day
    # is drawn as often as each high-rated one, no more and no less
    assert all(abs(counts[i] - 150) < 48 for i in ids), counts


def test_revisit_with_a_checkin_now_and_bad_answers(journal, reality, skill_id):
    writing = journal.add_skill("Writing").ids[0]
    old = journal.record(ratings={skill_id: 7, writing: 4}, at=days_ago(60)).ids[0]
    with pytest.raises(ValidationError, match="A re-rating is a whole number from 1 to 10"):
        reality.record_revisit(old, {skill_id: 11})
    with pytest.raises(ValidationError, match="Re-rate at least one skill"):
        reality.record_revisit(old, {})
    with pytest.raises(UserError, match="no longer exists"):
        reality.record_revisit("gone", {skill_id: 5})
    change = reality.record_revisit(old, {skill_id: 6, writing: 6},
                                    checkin=CheckInDraft({skill_id: 8}, {"mood": 7}))
    assert change.kind == "checkins" and len(change.ids) == 2
    now_id = {r.now_checkin_id for r in reality.revisits()}.pop()
    assert journal.get(now_id).ratings == {skill_id: 8}
    assert sorted(r.difference for r in reality.revisits()) == [-1, 2]


def test_revisit_frequency():
    today = date(2026, 3, 10)
    assert revisit_due("weekly", None, today)
    assert not revisit_due("weekly", today - timedelta(days=6), today)
    assert revisit_due("weekly", today - timedelta(days=7), today)
    assert not revisit_due("monthly", today - timedelta(days=20), today)
    assert not revisit_due("off", None, today)


def test_report_sections(journal, reality, skill_id):
    rng = random.Random(5)
    for i in range(40):
        journal.record(ratings={skill_id: rng.randint(3, 9)}, values={"mood": rng.randint(1, 10)},
                       at=days_ago(100 - i))
    for i in range(32):
        p = rng.choice([0.2, 0.5, 0.8])
        ev = reality.log_evaluation(kind="application", evaluator=f"E{i}", probability=p,
                                    checkin=CheckInDraft({skill_id: 5}, {"mood": i % 10 + 1}))
        reality.resolve(ev.ids[0], "accepted" if rng.random() < p else "rejected")
    reality.log_evaluation(kind="exam", purpose="pending one", probability=0.9)
    for _ in range(30):
        blind = reality.pick_for_revisit(rng)
        reality.record_revisit(blind.checkin_id, {skill_id: rng.randint(3, 9)})
    rep = reality.report()
    assert rep["evaluations"]["n"] == 33 and rep["evaluations"]["pending"] == 1
    cal = rep["calibration"]
    assert cal["n"] == 32 and cal["status"] == "tentative" and cal["linked_checkins"] == 32
    d = cal["decomposition"]
    assert d["reliability"] - d["resolution"] + d["uncertainty"] == pytest.approx(cal["brier"])
    assert cal["bias"]["by_state"]["mood"]["n"] == 32
    assert cal["bias"]["by_state"]["hunger"] is None  # never recorded
    (section,) = rep["revisits"]["skills"]
    assert section["differences"]["n"] == 30 and len(section["points"]) == 30
    assert section["by_state"]["mood"]["n"] == 30 and "q" in section["by_state"]["mood"]
    full = build_report(journal.skills(True), journal.factors(True), journal.checkins(),
                        evaluations=reality.evaluations(), revisits=reality.revisits())
    assert full["calibration"] == cal and full["revisits"] == rep["revisits"]
    assert "calibration" not in build_report(journal.skills(True), journal.factors(True), [])
    import json

    json.dumps(full, allow_nan=False)


def test_undo_of_a_delete_brings_back_revisits_and_links(journal, reality, skill_id):
    old = journal.record(ratings={skill_id: 7}, at=days_ago(60)).ids[0]
    reality.record_revisit(old, {skill_id: 5}, checkin=CheckInDraft({skill_id: 8}, {}))
    now_id = reality.revisits()[0].now_checkin_id
    ev = reality.log_evaluation(kind="exam", purpose="driving", probability=0.5,
                                checkin_id=now_id).ids[0]
    before = (reality.revisits(), reality.find(ev))
    journal.delete(old)  # its re-rating goes with it
    assert reality.revisits() == []
    journal.undo()
    assert reality.revisits() == before[0]
    journal.delete(now_id)  # the re-rating and the prediction lose their link to it
    assert reality.revisits()[0].now_checkin_id is None
    assert reality.find(ev).prediction.checkin_id is None
    journal.undo()
    assert (reality.revisits(), reality.find(ev)) == before
