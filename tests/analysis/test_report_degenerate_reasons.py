"""A journal that cannot support a model gets the reason in words, not numbers of noise: a
constant rating has no effects and no rhythm (a fit of a constant gave a peak hour with a 95 %
interval and p = 0.23), factors that never change are named, and a rhythm is refused for one
day or too few check-ins with that reason (it said "check-in times hardly vary")."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill
from tracker.services.report import build_report, format_report

START = datetime(2026, 3, 1, tzinfo=timezone(timedelta(hours=1)))


def section(rows: list[tuple[int, float, int, dict]]) -> dict:
    """(day, hour, rating, values) rows → the one skill section of the report."""
    checkins = [CheckIn(f"c{i}", START + timedelta(days=d, hours=h), {"s": r}, v)
                for i, (d, h, r, v) in enumerate(rows)]
    report = build_report([Skill("s", "Writing")], list(BUILTIN_FACTORS), checkins)
    json.dumps(report, allow_nan=False)
    assert format_report(report)
    return report["skills"][0]


def varied(rng: random.Random) -> dict:
    return {"mood": float(rng.randint(1, 10)), "sleep_hours": float(rng.randint(5, 9))}


def test_a_constant_rating_has_no_effects_no_adjusted_line_and_no_rhythm():
    rng = random.Random(1)
    sec = section([(d, rng.uniform(7, 22), 7, varied(rng)) for d in range(60)])
    assert sec["regression"] == {"available": False, "reason": "every rating so far is 7"}
    assert sec["adjusted"] == {"available": False, "series": []}
    tod = sec["time_of_day"]
    assert tod["cosinor"] is None and tod["cosinor_reason"] == "every rating so far is 7"
    assert [p["mean"] for p in tod["periods"] if p["n"]] == [7.0, 7.0, 7.0]
    assert "(every rating so far is 7)" in sec["insights"][0]["text"]


def test_one_checkin_says_so():
    sec = section([(0, 9, 6, {"mood": 5.0})])
    assert sec["regression"]["reason"] == "only one check-in so far"
    assert sec["time_of_day"]["cosinor_reason"] == "only one check-in so far"


def test_factors_that_never_change_are_named():
    rng = random.Random(2)
    sec = section([(d, rng.uniform(7, 22), rng.randint(2, 9), {"mood": 5.0, "sleep_hours": 7.0})
                   for d in range(60)])
    assert sec["regression"]["reason"] == "Mood and Sleep have not varied yet"
    one = section([(d, rng.uniform(7, 22), rng.randint(2, 9), {"mood": 5.0}) for d in range(60)])
    assert one["regression"]["reason"] == "Mood has not varied yet"


@pytest.mark.parametrize(("rows", "reason"), [
    ([(0, h, 3 + h % 5, {}) for h in range(7, 22)], "all check-ins are on one day"),
    ([(d, 6 + 2 * d, 3 + d % 5, {}) for d in range(8)], "too few check-ins"),
    ([(d, 9 + 12 * (d % 2), 3 + d % 5, {}) for d in range(40)], "check-in times hardly vary"),
])
def test_why_no_rhythm(rows, reason):
    tod = section(rows)["time_of_day"]
    assert tod["cosinor"] is None and tod["cosinor_reason"] == reason


def test_a_varied_journal_still_gets_its_model_and_rhythm():
    rng = random.Random(3)
    sec = section([(d, rng.uniform(6, 23), rng.randint(2, 9), varied(rng)) for d in range(60)])
    assert sec["regression"]["available"] and sec["adjusted"]["available"]
    assert sec["time_of_day"]["cosinor"] is not None
