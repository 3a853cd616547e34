"""The report never fails on a journal a person could keep: hypothesis builds degenerate ones.

Few days, one clock time or two, constant ratings, a factor that copies another, missing
values, several time zones: the only outcome is a strict-JSON report and its text.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill
from tracker.domain.reality import (
    Evaluation,
    EvaluationKind,
    Outcome,
    OutcomeResult,
    Prediction,
    Revisit,
)
from tracker.services.report import build_report, format_report

FACTORS = ("mood", "sleep_hours", "energy", "stress")
START = datetime(2026, 3, 1)


@st.composite
def journals(draw) -> list[CheckIn]:
    n = draw(st.integers(1, 90))
    n_times = draw(st.integers(1, 4))
    minutes = draw(st.lists(st.integers(0, 1439), min_size=n_times, max_size=n_times))
    jitter = draw(st.booleans())  # seconds apart: a third time that is hardly one
    offsets = draw(st.lists(st.sampled_from([-5, 0, 1, 9]), min_size=1, max_size=2))
    ratings = draw(st.sampled_from([[7], [3, 8], list(range(1, 11))]))
    kinds = {f: draw(st.sampled_from(["missing", "constant", "varied", "sparse", "copy"]))
             for f in FACTORS}
    day_step = draw(st.sampled_from([0, 1, 3]))  # 0: everything on one day
    rng = draw(st.randoms(use_true_random=False))
    out = []
    for i in range(n):
        day = i * day_step if day_step else 0
        minute = minutes[i % n_times]
        tz = timezone(timedelta(hours=offsets[i % len(offsets)]))
        at = (START + timedelta(days=day, minutes=minute, seconds=i % 3 if jitter else 0))
        values: dict[str, float] = {}
        for f in FACTORS:
            kind = kinds[f]
            if kind == "constant":
                values[f] = 5.0
            elif kind == "varied" or (kind == "sparse" and i % 7 == 0):
                values[f] = float(rng.randint(1, 10))
            elif kind == "copy" and "mood" in values:
                values[f] = min(10.0, values["mood"])
        out.append(CheckIn(f"c{i}", at.replace(tzinfo=tz), {"s": rng.choice(ratings)}, values))
    return out


def _finite(obj) -> bool:
    if isinstance(obj, float):
        return math.isfinite(obj) or obj in (math.inf, -math.inf)
    if isinstance(obj, dict):
        return all(_finite(v) for v in obj.values())
    if isinstance(obj, list):
        return all(_finite(v) for v in obj)
    return True


@given(journals())
def test_any_journal_gives_a_strict_json_report_and_text(checkins):
    report = build_report([Skill("s", "Writing")], list(BUILTIN_FACTORS), checkins)
    text = json.dumps(report, allow_nan=False)  # raises on NaN or infinity
    assert json.loads(text) == report
    (section,) = report["skills"]
    assert section["counts"]["checkins"] == len(checkins)
    cos = section["time_of_day"]["cosinor"]
    if cos is not None:  # an extrapolated amplitude may pass 9, but never without bounds
        assert 0 <= cos["peak_hour"] < 24 and 0 <= cos["amplitude"] < 100
        lo, hi = cos["amplitude_ci95"]
        assert lo <= cos["amplitude"] <= hi
    assert "Writing" in format_report(report)


@st.composite
def reality(draw, checkins: list[CheckIn]) -> tuple[list[Evaluation], list[Revisit]]:
    probs = draw(st.sampled_from([[0.5], [0.0, 1.0], [0.2, 0.5, 0.8], [0.05, 0.95]]))
    results = draw(st.sampled_from([[OutcomeResult.ACCEPTED], [OutcomeResult.REJECTED],
                                    list(OutcomeResult)]))
    scored = draw(st.booleans())
    rng = draw(st.randoms(use_true_random=False))
    evaluations = []
    for i, c in enumerate(checkins[: draw(st.integers(0, len(checkins)))]):
        pending = rng.random() < 0.1
        evaluations.append(Evaluation(
            f"e{i}", c.at, EvaluationKind.EXAM,
            scale_min=0.0 if scored else None, scale_max=100.0 if scored else None,
            prediction=Prediction(rng.choice(probs), 60.0 if scored else None, c.at,
                                  draw(st.sampled_from([c.id, None]))),
            outcome=None if pending else Outcome(
                rng.choice(results), c.at + timedelta(days=1),
                rng.choice([0.0, 60.0, 100.0]) if scored else None),
        ))
    revisits = [
        Revisit(f"r{i}", c.id, "s", c.at + timedelta(days=30), c.ratings["s"],
                draw(st.sampled_from([c.ratings["s"], 1, 10])))
        for i, c in enumerate(checkins[: draw(st.integers(0, len(checkins)))])
    ]
    return evaluations, revisits


@given(st.data())
def test_any_evaluations_and_revisits_give_strict_json(data):
    checkins = data.draw(journals())
    evaluations, revisits = data.draw(reality(checkins))
    report = build_report([Skill("s", "Writing")], list(BUILTIN_FACTORS), checkins,
                          evaluations=evaluations, revisits=revisits)
    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert report["evaluations"]["n"] == len(evaluations)
    cal = report["calibration"]
    if cal.get("brier") is not None:
        assert 0 <= cal["brier"] <= 1
    format_report(report)
