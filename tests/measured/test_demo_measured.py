"""The demo year's probes and pages written: scored as probes are scored, on the days the
docstring says, with the clouding it states (checked by regression on the generated truth)."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, timedelta

import numpy as np

from tracker.domain.measured import ProbeKind
from tracker.services.demo import PEAK_HOUR, demo_dataset, rating_residual, seed_journal
from tracker.services.demo_measured import LAMBDA, TRUE_CLOUDING, U_VARIANCE, demo_measured

END = date(2026, 12, 6)


def _residuals(checkins: list, overall_id: str, first: date) -> dict[str, float]:
    return {c.id: u for c in checkins
            if (u := rating_residual(c, overall_id, first, 365)) is not None}


def test_the_demo_year_has_probes_scored_from_their_trials_and_pages_written(journal):
    seed_journal(journal, end=END)
    probes = journal.list_probes()
    checkins = {c.id: c for c in journal.checkins()}
    days = {c.at.date() for c in checkins.values()}
    vigilance = [p for p in probes if p.kind is ProbeKind.VIGILANCE]
    digit_symbol = [p for p in probes if p.kind is ProbeKind.DIGIT_SYMBOL]
    assert 0.25 < len({p.at.date() for p in vigilance}) / len(days) < 0.42
    assert 15 <= len(digit_symbol) <= len(vigilance) / 2
    assert 0 < sum(p.discarded is not None for p in probes) < len(probes) / 10
    for probe in probes:
        assert probe.checkin_id in checkins and probe.at > checkins[probe.checkin_id].at
        assert probe.prediction is not None and probe.trials
        if probe.discarded is not None:
            assert probe.score is None and probe.error_variance is None
            continue
        if probe.kind is ProbeKind.VIGILANCE:  # mean 1000/RT over all but false starts
            speeds = [1000 / t.rt_ms for t in probe.trials if not t.false_start]
            assert all(t.rt_ms < 100 for t in probe.trials if t.false_start)
            assert math.isclose(probe.score, np.mean(speeds), rel_tol=1e-12)
            assert math.isclose(probe.error_variance, np.var(speeds, ddof=1) / len(speeds))
            assert 2.5 < probe.score < 5 and 55 < len(probe.trials) < 75
        else:  # correct answers per minute of the 90 s
            correct = sum(bool(t.correct) for t in probe.trials)
            assert math.isclose(probe.score, correct / 1.5)
            assert probe.trials[-1].rt_ms is None  # the item the time ran out on
            assert 25 < probe.score < 75 and 0 < probe.error_variance < 25
    trials = [t for p in vigilance for t in p.trials]
    assert any(t.false_start for t in trials) and any(t.rt_ms >= 355 for t in trials)
    (pages,) = journal.list_measures()
    outcomes = journal.list_outcomes()
    assert pages.name == "pages written" and 0.7 < len(outcomes) / len(days) < 0.95
    assert {o.day for o in outcomes} <= days and all(o.value >= 0 for o in outcomes)


def test_the_stated_clouding_is_the_generated_truth():
    """Rating on the state and TRUE performance: mood's coefficient is the clouding (six demo
    years with three check-ins a day, pooled)."""
    rows, ratings, residuals = [], [], []
    first = END - timedelta(days=364)
    for seed in range(11, 17):
        skills, _, checkins = demo_dataset(seed=seed, days=365, end=END, per_day=3)
        made = demo_measured(checkins, _residuals(checkins, skills[0].id, first),
                             random.Random(seed), datetime(2026, 12, 7, tzinfo=UTC))
        for c in checkins:
            if c.id not in made.performance:
                continue
            hour = c.at.hour + c.at.minute / 60
            rows.append([1, c.values["mood"], c.values["sleep_hours"],
                         math.cos(2 * math.pi * (hour - PEAK_HOUR) / 24),
                         (c.at.date() - first).days / 365, made.performance[c.id]])
            ratings.append(c.ratings[skills[0].id])
            residuals.append(rating_residual(c, skills[0].id, first, 365))
    coef = np.linalg.lstsq(np.array(rows), np.array(ratings), rcond=None)[0]
    assert len(rows) > 2000
    assert abs(np.var(residuals) - U_VARIANCE) < 0.08
    assert abs(coef[1] - TRUE_CLOUDING) < 0.04 and abs(coef[5] - LAMBDA) < 0.05
    assert TRUE_CLOUDING / 0.35 > 0.85  # most of mood's pull on the rating is judgment


def test_practice_raises_the_first_sessions_scores():
    early, later = [], []
    for seed in range(8):
        skills, _, checkins = demo_dataset(seed=seed, days=365, end=END)
        made = demo_measured(checkins, _residuals(checkins, skills[0].id,
                                                  END - timedelta(days=364)),
                             random.Random(seed), datetime(2026, 12, 7, tzinfo=UTC))
        scores = [p.score for p in made.probes if p.kind is ProbeKind.DIGIT_SYMBOL and p.scored]
        early.append(np.mean(scores[:2]))
        later.append(np.mean(scores[12:]))
    assert np.mean(later) - np.mean(early) > 6  # 12 per minute of practice, most of it by then
