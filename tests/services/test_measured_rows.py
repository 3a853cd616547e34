"""Which rating and state a measured score is paired with (METHODS §M1)."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill
from tracker.domain.measured import DailyOutcome, Measure, Probe, ProbeKind
from tracker.services.measured_report import measured_section

TZ = timezone(timedelta(hours=2))
SKILL, OTHER = Skill("s", "Overall"), Skill("o", "Writing")


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=TZ)


def test_a_probe_takes_its_check_in_else_its_days_means(monkeypatch):
    checkins = [
        CheckIn("a", _at(2, 9), {"s": 4}, {"mood": 2.0}),
        CheckIn("b", _at(2, 18), {"s": 8}, {"mood": 6.0, "energy": 5.0}),
        CheckIn("c", _at(3, 9), {"o": 9}, {"mood": 9.0}),  # rates another skill only
        CheckIn("d", _at(3, 12), {"s": 5}, {"mood": 3.0}),
    ]
    probes = [
        Probe("p1", ProbeKind.VIGILANCE, _at(2, 9) + timedelta(minutes=1), 180, score=3.0,
              error_variance=0.01, checkin_id="a"),
        Probe("p2", ProbeKind.VIGILANCE, _at(2, 20), 180, score=3.2, error_variance=0.01),
        Probe("p3", ProbeKind.VIGILANCE, _at(3, 9) + timedelta(minutes=1), 180, score=3.1,
              error_variance=0.01, checkin_id="c"),
        Probe("p4", ProbeKind.VIGILANCE, _at(4, 9), 180, score=2.9, error_variance=0.01),
    ]
    outcomes = [DailyOutcome("m", date(2026, 3, 2), 7.0)]
    import tracker.analysis.measured as analysis

    seen = []
    real = analysis.analyse_measure
    monkeypatch.setattr(analysis, "analyse_measure", lambda s: seen.append(s) or real(s))
    section = measured_section(SKILL, list(BUILTIN_FACTORS), checkins, probes, [], outcomes)
    (series,) = seen  # the outcome's measure is not among the (active) measures given
    mood = next(f for f in series.factors if f.id == "mood").values
    energy = next(f for f in series.factors if f.id == "energy").values
    assert series.rating[:3].tolist() == [4.0, 6.0, 5.0]  # own, day mean, day (c rates "o")
    assert math.isnan(series.rating[3])  # no check-in that day at all
    assert mood[:3].tolist() == [2.0, 4.0, 3.0]
    assert energy[1] == 5.0 and math.isnan(energy[0])  # a mean over those that recorded it
    assert series.session.tolist() == [1, 2, 3, 4]
    assert [m["measure"]["id"] for m in section["measures"]] == ["probe:vigilance"]
    assert section["measures"][0]["practice_sessions"] == 3
    assert section["headline"].startswith("Not enough measured days yet")


def test_since_keeps_the_session_numbers_of_the_whole_history(monkeypatch):
    import tracker.analysis.measured as analysis

    checkins = [CheckIn(f"c{d}", _at(d, 9), {"s": 5 + d % 3}, {"mood": float(d % 7)})
                for d in range(1, 11)]
    probes = [Probe(f"p{d}", ProbeKind.DIGIT_SYMBOL, _at(d, 9) + timedelta(minutes=1), 90,
                    score=40.0 + d, error_variance=1.0, checkin_id=f"c{d}") for d in range(1, 11)]
    seen = []
    real = analysis.analyse_measure
    monkeypatch.setattr(analysis, "analyse_measure", lambda s: seen.append(s) or real(s))
    section = measured_section(SKILL, list(BUILTIN_FACTORS), checkins, probes, [], [],
                               since=date(2026, 3, 3))
    assert seen[0].session.tolist() == list(range(3, 11))
    record = section["measures"][0]
    assert record["measure"]["name"] == "Digit-symbol" and record["practice_sessions"] == 1
    assert [p["practice"] for p in record["points"][:2]] == [True, False]


def test_each_missing_piece_is_named():
    checkins = [CheckIn(f"c{d}", _at(d, 9), {"s": 5 + d % 3}, {"mood": float(d % 7)})
                for d in range(1, 21)]
    unscored = [Probe(f"p{d}", ProbeKind.VIGILANCE, _at(d, 10), 180, score=3.0 + d / 100)
                for d in range(1, 21)]
    pages = [DailyOutcome("m", date(2025, 1, d), 4.0) for d in range(1, 21)]
    section = measured_section(SKILL, list(BUILTIN_FACTORS), checkins, unscored,
                               [Measure("m", "Pages")], pages)
    reasons = [m["reason"] for m in section["measures"]]
    assert reasons == ["the probes have no noise estimate (error variance) to correct with",
                       "no measured score has a rating beside it yet"]
    assert not section["available"]
