"""Probe scoring against numbers worked out by hand, and the error variance against the spread
of simulated sessions."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest

from tracker.domain.measured import Probe, ProbeKind, ProbeTrial
from tracker.domain.probe_scoring import (
    check_prediction,
    digit_symbol_key,
    half_scores,
    next_digit,
    next_interval_ms,
    score_digit_symbol,
    score_probe,
    score_vigilance,
    split_half_error_variance,
    split_half_reliability,
)

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _pvt(rts: list[float | None], false_starts: int = 0) -> list[ProbeTrial]:
    trials = [ProbeTrial(onset_ms=1000.0 * i, rt_ms=rt) for i, rt in enumerate(rts)]
    trials += [ProbeTrial(onset_ms=500.0 + i, false_start=True) for i in range(false_starts)]
    return trials


def test_vigilance_by_hand():
    # speeds 1000/RT: 4, 2.5, 5, 2 (and 250 ms x 6 = 4 each) ; mean of the ten = 3.75
    rts = [250.0, 400.0, 200.0, 500.0] + [250.0] * 6
    trials = _pvt(rts) + [ProbeTrial(onset_ms=9000.0, rt_ms=80.0, false_start=True)]
    s = score_vigilance(trials)
    assert s is not None
    assert s.score == pytest.approx(37.5 / 10)
    assert s.lapses == 2  # 400 and 500 ms are >= 355
    assert s.false_starts == 1  # the 80 ms response, not in the mean
    assert s.n == 10
    # deviations from 3.75: .25, -1.25, 1.25, -1.75, .25 x 6 -> squares .0625 + 1.5625 + 1.5625
    # + 3.0625 + 6 x .0625 = 6.625
    assert s.error_variance == pytest.approx(6.625 / 9 / 10)


def test_vigilance_lapse_threshold_is_355_and_a_timeout_counts_at_30_s():
    s = score_vigilance(_pvt([354.9] * 5 + [355.0] * 4 + [None]))
    assert s is not None and s.lapses == 5
    assert s.score == pytest.approx((5 * 1000 / 354.9 + 4 * 1000 / 355 + 1000 / 30000) / 10)


def test_vigilance_with_too_few_responses_is_not_scored():
    assert score_vigilance(_pvt([250.0] * 9, false_starts=5)) is None
    assert score_probe(ProbeKind.VIGILANCE, _pvt([250.0] * 10)) is not None


def _dsst(items: list[tuple[float, bool]], unanswered: int = 0) -> list[ProbeTrial]:
    trials, t = [], 0.0
    for rt, ok in items:
        trials.append(ProbeTrial(onset_ms=t, rt_ms=rt, response="1", correct=ok))
        t += rt
    trials += [ProbeTrial(onset_ms=t) for _ in range(unanswered)]
    return trials


def test_digit_symbol_by_hand():
    # times 1, 2, 1, 2, 1, 2 s; correct, correct, wrong, correct, correct, correct
    items = [(1000.0, True), (2000.0, True), (1000.0, False), (2000.0, True),
             (1000.0, True), (2000.0, True)]
    s = score_digit_symbol(_dsst(items, unanswered=1), duration_s=90.0)
    assert s is not None
    assert s.score == pytest.approx(5 * 60 / 90)  # correct per minute of the 90 s
    assert s.errors == 1 and s.n == 6
    # R = 5 / 9 s; residuals c - R t: 4/9, -1/9, -5/9, -1/9, 4/9, -1/9 -> sum of squares 60/81
    # var = 60^2 * (60/81) / (6 * 5) / 1.5^2
    assert s.error_variance == pytest.approx(3600 * (60 / 81) / 30 / 2.25)


def test_half_scores_and_split_half_by_hand():
    pvt = Probe("p", ProbeKind.VIGILANCE, AT, 180.0,
                trials=tuple(_pvt([250.0, 500.0, 200.0, 400.0], false_starts=1)))
    odd, even = half_scores(pvt)
    assert (odd, even) == pytest.approx(((4 + 5) / 2, (2 + 2.5) / 2))
    assert split_half_error_variance(odd, even) == pytest.approx((4.5 - 2.25) ** 2 / 4)
    dsst = Probe("d", ProbeKind.DIGIT_SYMBOL, AT, 90.0, trials=tuple(_dsst(
        [(1000.0, True), (2000.0, True), (1000.0, False), (3000.0, True)])))
    odd, even = half_scores(dsst)  # odd: 1 correct in 2 s; even: 2 correct in 5 s
    assert (odd, even) == pytest.approx((30.0, 24.0))


def test_spearman_brown_by_hand():
    # halves correlate r = 0.5 exactly: x = 1,2,3 ; y = 1,3,2 -> r = 0.5 -> 2r/(1+r) = 2/3
    assert split_half_reliability([(1, 1), (2, 3), (3, 2)]) == pytest.approx(2 / 3)
    assert split_half_reliability([(1, 1), (2, 2)]) is None
    assert split_half_reliability([(1, 1), (1, 2), (1, 3)]) is None


def test_error_variance_matches_the_spread_of_simulated_sessions():
    """Sessions of one person in one state: the mean of SE² (and of the split-half estimate)
    is the variance of their scores, for both probes."""
    rng = random.Random(7)
    for kind in (ProbeKind.VIGILANCE, ProbeKind.DIGIT_SYMBOL):
        scores, se2s, halves = [], [], []
        for _ in range(600):
            if kind == ProbeKind.VIGILANCE:
                trials = _pvt([max(120.0, rng.lognormvariate(math.log(280), 0.25))
                               for _ in range(60)])
            else:
                items, t = [], 0.0
                while True:
                    rt = rng.lognormvariate(math.log(1400), 0.3)
                    if t + rt > 90_000:
                        break
                    items.append((rt, rng.random() < 0.95))
                    t += rt
                trials = _dsst(items, unanswered=1)
            s = score_probe(kind, trials, 90.0)
            scores.append(s.score)
            se2s.append(s.error_variance)
            probe = Probe("x", kind, AT, 90.0, trials=tuple(trials))
            halves.append(split_half_error_variance(*half_scores(probe)))
        mean = sum(scores) / len(scores)
        spread = sum((x - mean) ** 2 for x in scores) / (len(scores) - 1)
        assert sum(se2s) / len(se2s) == pytest.approx(spread, rel=0.2), kind
        assert sum(halves) / len(halves) == pytest.approx(spread, rel=0.25), kind


def test_keys_are_fresh_and_sequences_never_repeat_a_symbol():
    rng = random.Random(1)
    keys = {digit_symbol_key(rng) for _ in range(50)}
    assert len(keys) == 50 and all(len(set(k)) == 9 for k in keys)
    digits = [None]
    for _ in range(500):
        digits.append(next_digit(rng, digits[-1]))
    assert all(a != b for a, b in zip(digits[1:], digits[2:], strict=False))
    assert set(digits[1:]) == set(range(1, 10))
    waits = [next_interval_ms(rng) for _ in range(500)]
    assert 1000 <= min(waits) < 1100 and 3900 < max(waits) <= 4000


def test_prediction_range():
    assert check_prediction(ProbeKind.VIGILANCE, 4.0) is None
    assert "between 0 and 10" in check_prediction(ProbeKind.VIGILANCE, 11.0)
    assert check_prediction(ProbeKind.DIGIT_SYMBOL, 45.0) is None
    assert check_prediction(ProbeKind.DIGIT_SYMBOL, -1.0) is not None
    assert check_prediction(ProbeKind.DIGIT_SYMBOL, float("nan")) is not None
