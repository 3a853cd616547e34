"""Seeded simulations through the report's own felt-vs-measured code (METHODS §M6).

One probe a day, mood and rating noise AR(1) φ = 0.5, probe reliability 0.6. Bounded here
(a few hundred journals, a few seconds); ``TOUCHSTONE_STRESS=1`` runs 2000 and the power curve.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.analysis.simulate_measured import claim_rates, journal
from tracker.analysis.measured import analyse_measure

STRESS = bool(os.environ.get("TOUCHSTONE_STRESS"))
REPS = 2000 if STRESS else 300


def test_noisy_probe_makes_no_fake_clouding_with_the_correction():
    """(a) Mood moves true performance, the rating follows true performance (no clouding):
    clouding claimed in ≤ 7 % with the errors-in-variables correction, far more without."""
    rates = claim_rates(1701, REPS)
    assert rates["clouding"] <= 0.07
    assert rates["clouding_uncorrected"] >= 0.25  # the trap is real (39 % at 2000 journals)
    assert rates["performance"] >= 0.8  # and mood's real pull on performance is seen
    exact = claim_rates(1705, REPS // 2, rating_noise=0.0)  # the rating is P itself
    assert exact["clouding"] <= 0.07
    assert exact["clouding_uncorrected"] >= 0.8  # 92 % at 2000 journals


def test_real_clouding_is_found():
    """(b) Clouding 0.5 rating points per SD of mood, 0.6-reliable probe, mood not moving
    performance: claimed or tentative in ≥ 80 % at 120 days (≈ 69 % at 90: see §M6)."""
    at_90 = claim_rates(1702, REPS, clouding=0.5, mood_on_performance=0.0)["clouding"]
    at_120 = claim_rates(1703, REPS, clouding=0.5, mood_on_performance=0.0, days=120)
    assert at_90 >= 0.6
    assert at_120["clouding"] >= 0.80


def test_practice_is_not_read_as_state():
    """(c) Scores rise with practice (0.8 per log session), no clouding: no false claims, and
    the learning curve is estimated."""
    rng = np.random.default_rng(1704)
    rates = claim_rates(1704, REPS, practice=0.8)
    assert rates["clouding"] <= 0.07
    slopes = []
    for _ in range(50):
        rec = analyse_measure(journal(rng, practice=0.8))
        if rec["available"]:  # a few journals' probes are too noisy to separate (§M3)
            slopes.append(rec["practice_per_log_session"]["estimate"] * rec["score_sd"])
    assert 0.5 < float(np.mean(slopes)) < 1.1


def test_first_sessions_are_practice_and_left_out():
    rec = analyse_measure(journal(np.random.default_rng(3), practice=0.8))
    assert rec["practice_sessions"] == 3
    assert [p["practice"] for p in rec["points"][:4]] == [True, True, True, False]
    assert rec["n"] == 87


@pytest.mark.slow
@pytest.mark.skipif(not STRESS, reason="set TOUCHSTONE_STRESS=1")
def test_power_curve(capsys):
    """The power curve of §M6: days 60–240, mood's pull on true performance 0, 0.3, 0.6."""
    table = {}
    for mp in (0.0, 0.3, 0.6):
        for days in (60, 90, 120, 180, 240):
            table[mp, days] = claim_rates(1800 + days, 1000, clouding=0.5,
                                          mood_on_performance=mp, days=days)["clouding"]
    with capsys.disabled():
        for key, rate in table.items():
            print("power", key, f"{rate:.3f}")
    assert table[0.0, 120] >= 0.8 and table[0.3, 150] >= 0.8


def test_prediction_error_by_state():
    """Predictions run 0.3 above the score per mood point (the simulated journals): found in
    about 4 journals in 5 and estimated without bias; the mean error at the average state is ~0."""
    rng = np.random.default_rng(1706)
    found, slopes = 0, []
    reps = REPS // 3
    for _ in range(reps):
        pe = analyse_measure(journal(rng))["prediction_error"]
        (f,) = pe["factors"]
        found += f["status"] in ("tentative", "claimed")
        slopes.append(f["estimate"])
    assert found / reps >= 0.7  # 79 % with this seed
    assert float(np.mean(slopes)) == pytest.approx(0.3, abs=0.03)
