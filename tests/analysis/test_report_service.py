"""build_report / format_report on domain objects: demo truths, guards, JSON, missing values."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from tests.analysis.longhand import report_design, robust_longhand
from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill
from tracker.services.demo import demo_dataset
from tracker.services.report import build_report, format_report


@pytest.fixture(scope="module")
def demo():
    return demo_dataset(seed=7)


@pytest.fixture(scope="module")
def demo_report(demo):
    skills, factors, checkins = demo
    return build_report(skills, factors, checkins)


def _by_factor(section, key):
    return (
        {f["factor"]: f for f in section[key]["factors"]}
        if key == "regression"
        else {f["factor"]: f for f in section[key]}
    )


def test_demo_mood_and_sleep_claimed_energy_and_stress_not(demo_report):
    overall = demo_report["skills"][0]
    reg = _by_factor(overall, "regression")
    assert reg["mood"]["status"] in ("claimed", "tentative")
    assert reg["mood"]["estimate"] > 0
    # Sleep's real 0.40 per hour is claimed; the demo's six null tags form their own BY family
    # (§4b), so they do not raise the bar for the state factors
    assert reg["sleep_hours"]["status"] in ("claimed", "tentative")
    assert reg["sleep_hours"]["ci95_adjusted"][0] > 0
    tags = [f for f in overall["regression"]["factors"] if f["kind"] == "tag"]
    assert len(tags) == 6 and all(t["status"] == "no_evidence" for t in tags)  # no tag effect
    for fid in ("energy", "stress"):
        assert reg[fid]["status"] == "no_evidence", fid
    corr = _by_factor(overall, "correlations")
    assert corr["energy"]["status"] == "claimed"  # raw association that the regression explains
    assert overall["time_of_day"]["cosinor"]["status"] == "claimed"
    assert 9 <= overall["time_of_day"]["cosinor"]["peak_hour"] <= 13


def test_report_is_strict_json_with_one_section_per_active_rated_skill(demo, demo_report):
    text = json.dumps(demo_report, allow_nan=False)
    assert json.loads(text) == demo_report
    assert [s["skill"]["name"] for s in demo_report["skills"]] == ["Overall", "Coding"]
    sec = demo_report["skills"][0]
    assert sec["counts"]["checkins"] == sum(demo[0][0].id in c.ratings for c in demo[2])
    point = sec["adjusted"]["series"][0]
    assert set(point) >= {"at", "rating", "adjusted", "se", "rolling7"}
    assert len(sec["time_of_day"]["bins"]) == 24
    assert all(
        "association, not cause" in i["text"].lower()
        for i in sec["insights"]
        if i["status"] in ("claimed", "tentative")
    )


def test_format_report_names_findings_and_caution(demo_report):
    text = format_report(demo_report)
    assert "Overall:" in text and "Coding:" in text
    assert "Association, not cause." in text
    assert "Mood" in text and "claimed" in text
    assert format_report({"skills": []}) == "No ratings to analyse yet.\n"


def test_regression_reproduced_with_statsmodels_from_the_raw_data(demo, demo_report):
    """METHODS.md recipe: listwise rows, centred columns, cluster by day, AR(1) factor."""
    skills, factors, checkins = demo
    reg = demo_report["skills"][0]["regression"]
    X, y, day = report_design(checkins, skills[0].id, reg["columns"][4:])
    assert len(y) == reg["n"]
    hand = robust_longhand(X, y, day)  # rho longhand from METHODS §2/§4, not from the report
    assert hand.ref.rsquared == pytest.approx(reg["r2"], rel=1e-9)
    for j, f in enumerate(reg["factors"], start=4):
        assert f["estimate"] == pytest.approx(hand.ref.params[j], rel=1e-9)
        assert f["rho"] == pytest.approx(hand.rho[j], rel=1e-9, abs=1e-12)
        assert f["se"] == pytest.approx(hand.se[j], rel=1e-9)
        assert f["df"] == pytest.approx(hand.df[j], rel=1e-9)
    assert any(f["rho"] > 0.05 for f in reg["factors"])  # the inflation is exercised


def _checkins(n_days: int, per_day: int = 1, mood_every: int = 1):
    tz = timezone(timedelta(hours=2))
    rng = np.random.default_rng(0)
    out = []
    for d in range(n_days):
        for k in range(per_day):
            mood = float(rng.integers(1, 11))
            values = {"mood": mood} if d % mood_every == 0 else {}
            out.append(
                CheckIn(
                    f"c{d}-{k}",
                    datetime(2026, 1, 1, 9 + 4 * k, tzinfo=tz) + timedelta(days=d),
                    {"s": int(min(10, max(1, mood)))},
                    values,
                )
            )
    return out


def test_few_checkins_are_never_claimed_and_say_how_many_more():
    skill = Skill("s", "Writing")
    report = build_report([skill], list(BUILTIN_FACTORS), _checkins(15))
    sec = report["skills"][0]
    (mood,) = sec["correlations"]
    assert mood["pearson"]["r"] == pytest.approx(1.0)
    assert mood["status"] == "insufficient_data"
    assert mood["more_days_needed"] >= 15
    assert all(i["status"] not in ("claimed", "tentative") for i in sec["insights"])


def test_missing_values_stay_missing_not_zero():
    skill = Skill("s", "Writing")
    checkins = _checkins(40, mood_every=2)
    sec = build_report([skill], list(BUILTIN_FACTORS), checkins)["skills"][0]
    assert sec["counts"]["per_factor"]["mood"] == 20
    (mood,) = sec["correlations"]
    assert mood["n"] == 20  # pairwise: the 20 days without mood are left out, not zeros
    assert mood["pearson"]["r"] == pytest.approx(1.0)


def test_skill_and_since_filters_and_archived_skills():
    active, old = Skill("s", "Writing"), Skill("o", "Old", archived=True)
    checkins = _checkins(30)
    everything = build_report([active, old], list(BUILTIN_FACTORS), checkins)
    assert [s["skill"]["id"] for s in everything["skills"]] == ["s"]
    only_old = build_report([active, old], list(BUILTIN_FACTORS), checkins, skill_id="o")
    assert only_old["skills"][0]["counts"]["checkins"] == 0
    assert only_old["skills"][0]["insights"][0]["text"] == "No ratings of Old yet."
    recent = build_report([active], list(BUILTIN_FACTORS), checkins, since=date(2026, 1, 21))
    assert recent["skills"][0]["counts"]["checkins"] == 10
    assert recent["since"] == "2026-01-21"


def test_several_checkins_a_day_count_days_not_checkins():
    skill = Skill("s", "Writing")
    sec = build_report([skill], list(BUILTIN_FACTORS), _checkins(20, per_day=3))["skills"][0]
    assert sec["counts"] == sec["counts"] | {"checkins": 60, "days": 20}
    (mood,) = sec["correlations"]
    assert mood["n"] == 20 and mood["n_checkins"] == 60


@pytest.mark.parametrize(
    "times",
    [
        [(9, 0, 0), (18, 0, 0)],  # two clock times: a sinusoid through two points is not identified
        [(9, 0, 0), (18, 0, 0), (18, 0, 1), (18, 0, 2)],  # a third time only seconds from another
    ],
)
def test_check_ins_at_two_times_of_day_give_no_rhythm_and_no_crash(times):
    skill = Skill("s", "Writing")
    tz = timezone(timedelta(hours=1))
    rng = np.random.default_rng(3)
    checkins = []
    for d in range(60):
        h, m, sec = times[d % len(times)]
        mood = float(rng.integers(1, 11))
        checkins.append(
            CheckIn(
                f"c{d}",
                datetime(2026, 1, 1, h, m, sec, tzinfo=tz) + timedelta(days=d),
                {"s": int(min(10, max(1, round(mood + rng.normal()))))},
                {"mood": mood, "sleep_hours": float(rng.integers(5, 10))},
            )
        )
    sec = build_report([skill], list(BUILTIN_FACTORS), checkins)["skills"][0]
    tod = sec["time_of_day"]
    assert tod["cosinor"] is None
    assert tod["cosinor_reason"] == "check-in times hardly vary"
    assert {p["period"]: p["n"] for p in tod["periods"]}["evening"] > 0
    assert sec["regression"]["available"]
    assert "tod_sin" not in json.dumps(sec["regression"])
    assert {f["factor"] for f in sec["regression"]["factors"]} == {"mood", "sleep_hours"}
