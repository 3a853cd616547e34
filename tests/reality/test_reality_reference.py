"""Calibration and then-vs-now statistics against values they did not produce: a Brier/Murphy
example worked by hand, scipy's Wilson interval and the essay's then-vs-now numbers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest

from tracker.analysis.calibration import (
    bin_index,
    brier,
    calibration_summary,
    murphy,
    reliability_bins,
    wilson,
)
from tracker.analysis.revisits import difference_summary, differences, later_on_earlier


def test_brier_and_murphy_reference_example():
    p, o = np.array([0.1, 0.1, 0.9, 0.9]), np.array([0, 1, 1, 1])
    m = murphy(p, o)
    assert m["brier"] == pytest.approx(0.21)
    assert (m["reliability"], m["resolution"], m["uncertainty"]) == pytest.approx(
        (0.085, 0.0625, 0.1875))
    assert m["reliability"] - m["resolution"] + m["uncertainty"] == pytest.approx(0.21, abs=1e-15)
    assert m["within_bin_variance"] == m["within_bin_covariance"] == 0


def test_identity_is_exact_for_5_percent_steps_and_needs_the_within_bin_terms_otherwise():
    rng = np.random.default_rng(7)
    p = rng.integers(0, 21, 300) / 20
    o = (rng.random(300) < p).astype(float)
    m = murphy(p, o)
    assert m["reliability"] - m["resolution"] + m["uncertainty"] == pytest.approx(
        brier(p, o), abs=1e-12)
    q = rng.random(300)  # continuous forecasts, five coarse bins
    oq = (rng.random(300) < q).astype(float)
    b = murphy(q, oq, bin_index(q, 5))
    three = b["reliability"] - b["resolution"] + b["uncertainty"]
    assert three != pytest.approx(b["brier"], abs=1e-6)  # the three terms alone are not exact
    assert three + b["within_bin_variance"] - 2 * b["within_bin_covariance"] == pytest.approx(
        b["brier"], abs=1e-12)


@pytest.mark.parametrize(("k", "n"), [(0, 5), (1, 5), (3, 7), (7, 7), (12, 40), (29, 30)])
def test_wilson_matches_scipy(k, n):
    ci = binomtest(k, n).proportion_ci(method="wilson")
    assert wilson(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)


def test_reliability_bins_count_and_wilson_per_bin():
    p = np.array([0.05, 0.1, 0.15, 0.5, 0.55, 0.9, 0.95, 1.0])
    o = np.array([0, 0, 1, 1, 0, 1, 1, 1])
    bins = reliability_bins(p, o)  # fewer than 25 forecasts: three bins
    assert [(b["from"], b["n"], b["hits"]) for b in bins] == [
        (0.0, 3, 1), (1 / 3, 2, 1), (2 / 3, 3, 3)]
    ci = binomtest(1, 3).proportion_ci(method="wilson")
    assert bins[0]["ci95"] == pytest.approx([ci.low, ci.high])
    assert len(reliability_bins(np.linspace(0, 1, 30), np.ones(30))) == 5


def test_brier_skill_against_the_base_rate():
    p, o = np.array([0.1, 0.1, 0.9, 0.9]), np.array([0, 1, 1, 1])
    s = calibration_summary(p, o)
    assert s["base_rate"] == 0.75 and s["brier_reference"] == pytest.approx(0.1875)
    assert s["brier_skill"] == pytest.approx(1 - 0.21 / 0.1875)
    assert s["status"] == "insufficient_data"  # 4 forecasts: no claim
    assert calibration_summary(np.array([0.5, 0.5]), np.array([1, 1]))["brier_skill"] is None


def test_the_essays_then_vs_now_numbers():
    s = difference_summary(0.05, 1.37, 60)
    assert s["ci95"] == pytest.approx([-0.304, 0.404], abs=5e-4)
    assert s["limits"] == pytest.approx([-2.6352, 2.7352], abs=1e-12)


def test_differences_from_raw_ratings_and_guards():
    rng = np.random.default_rng(3)
    then = rng.integers(1, 11, 60).astype(float)
    now = np.clip(then + rng.integers(-2, 3, 60), 1, 10)
    d = differences(then, now)
    diff = now - then
    assert d["n"] == 60 and d["mean"] == pytest.approx(diff.mean())
    assert d["sd"] == pytest.approx(diff.std(ddof=1))
    assert d["limits"] == pytest.approx([diff.mean() - 1.96 * d["sd"],
                                         diff.mean() + 1.96 * d["sd"]])
    assert sum(h["count"] for h in d["histogram"]) == 60
    assert differences(then[:10], now[:10])["status"] == "insufficient_data"


def test_regression_to_the_mean_is_seen_in_the_slope():
    """Ratings = stable skill + day noise, twice: later on earlier has slope < 1."""
    rng = np.random.default_rng(11)
    true = rng.normal(6, 1, 200)
    then = np.clip(np.round(true + rng.normal(0, 1.2, 200)), 1, 10)
    now = np.clip(np.round(true + rng.normal(0, 1.2, 200)), 1, 10)
    fit = later_on_earlier(then, now)
    assert fit["slope"] < 1 and fit["differs_from_1"] and fit["status"] == "claimed"
    from scipy import stats

    ref = stats.linregress(then, now)
    assert fit["slope"] == pytest.approx(ref.slope) and fit["se"] == pytest.approx(ref.stderr)
    high, low = then >= 8, then <= 4
    assert (now - then)[high].mean() < 0 < (now - then)[low].mean()
