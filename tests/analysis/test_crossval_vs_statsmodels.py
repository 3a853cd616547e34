"""share_explained (baseline share, state's added share, bootstrap) against statsmodels OLS
fitted fold by fold, and a per-day bootstrap written out longhand from METHODS.md §5."""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm

from tracker.analysis.crossval import BOOTSTRAP_REPS, BOOTSTRAP_SEED, ORIGINS, share_explained

N_BASE = 4  # const, trend, sin, cos


def _design(seed: int, trend: float, state: float, days: int = 40, per_day: int = 3):
    rng = np.random.default_rng(seed)
    day = np.repeat(np.arange(days), per_day) + 730000
    hour = np.tile(np.linspace(8, 20, per_day), days) + rng.uniform(-1, 1, days * per_day)
    t = (day - day.mean()) / 365.25
    mood = rng.normal(5, 2, len(day))
    X = np.column_stack([np.ones(len(day)), t, np.sin(2 * np.pi * hour / 24),
                         np.cos(2 * np.pi * hour / 24), mood])
    y = 6 + trend * t + 0.8 * X[:, 3] + state * (mood - 5) + rng.normal(0, 1, len(day))
    return X, y, day


def _by_statsmodels(X, y, day):
    """Per test day: summed squared errors of the mean, baseline and full forecasts."""
    days = sorted(set(day.tolist()))
    g = len(days)
    cuts = [days[int(o * g)] for o in ORIGINS] + [days[-1] + 1]
    rows = []
    for f in range(len(ORIGINS)):
        train, test = day < cuts[f], (day >= cuts[f]) & (day < cuts[f + 1])
        mean = y[train].mean()
        base = sm.OLS(y[train], X[train, :N_BASE]).fit().predict(X[test, :N_BASE])
        full = sm.OLS(y[train], X[train]).fit().predict(X[test])
        for d in sorted(set(day[test].tolist())):
            m = day[test] == d
            yt = y[test][m]
            rows.append([((yt - mean) ** 2).sum(), ((yt - base[m]) ** 2).sum(),
                         ((yt - full[m]) ** 2).sum()])
    return np.array(rows)


def _bootstrap(rows: np.ndarray) -> tuple[list[float], list[float]]:
    """METHODS.md §5 longhand: blocks of b consecutive test days, ⌈T/b⌉ of them per replicate."""
    t = len(rows)
    b = math.ceil(t ** (1 / 3))
    size = (BOOTSTRAP_REPS, math.ceil(t / b))
    starts = np.random.default_rng(BOOTSTRAP_SEED).integers(0, t - b + 1, size=size)
    gains, bases = [], []
    for rep in starts:
        s = sum(rows[i:i + b].sum(axis=0) for i in rep)
        gains.append((s[1] - s[2]) / s[0])
        bases.append(1 - s[1] / s[0])
    return (np.percentile(gains, [2.5, 97.5]).tolist(), np.percentile(bases, [2.5, 97.5]).tolist())


def test_baseline_and_added_shares_match_statsmodels_per_fold():
    X, y, day = _design(seed=3, trend=30.0, state=0.6)
    out = share_explained(X, y, day, N_BASE)
    rows = _by_statsmodels(X, y, day)
    e0, eb, ef = rows.sum(axis=0)
    assert out["test_days"] == len(rows) == 20  # days 20..39 are tested
    assert out["gain"] == pytest.approx((eb - ef) / e0, rel=1e-9)
    assert out["baseline"]["r2"] == pytest.approx(1 - eb / e0, rel=1e-9)
    assert out["full_r2"] == pytest.approx(1 - ef / e0, rel=1e-9)
    gain_ci, base_ci = _bootstrap(rows)
    assert out["ci95"] == pytest.approx(gain_ci, rel=1e-9)
    assert out["baseline"]["ci95"] == pytest.approx(base_ci, rel=1e-9)
    # both parts are real here, and the three parts of the picture add up to 100 %
    assert out["baseline"]["detectable"] and out["detectable"]
    assert out["baseline"]["share_percent"] == pytest.approx(100 * (1 - eb / e0))
    assert out["baseline"]["share_percent"] + out["share_percent"] + out["rest_percent"] == (
        pytest.approx(100))


def test_a_baseline_worse_than_the_mean_is_no_detectable_share_never_negative():
    X, y, day = _design(seed=5, trend=0.0, state=0.8)
    X[:, 1:N_BASE] = np.random.default_rng(9).standard_normal((len(y), N_BASE - 1))  # noise
    y = 6 + 0.8 * (X[:, 4] - 5) + np.random.default_rng(10).normal(0, 1, len(y))
    out = share_explained(X, y, day, N_BASE)
    rows = _by_statsmodels(X, y, day)
    e0, eb, _ = rows.sum(axis=0)
    assert out["baseline"]["r2"] == pytest.approx(1 - eb / e0, rel=1e-9) and eb > e0
    base = out["baseline"]
    assert base["share_percent"] is None and not base["detectable"]
    assert min(base["share_ci95_percent"]) >= 0
    assert out["rest_percent"] == pytest.approx(100 - out["share_percent"])


def test_fewer_than_twenty_days_gives_none():
    X, y, day = _design(seed=1, trend=0.0, state=0.5, days=19)
    assert share_explained(X, y, day, N_BASE) is None


def test_a_share_is_a_number_only_when_detectable():
    """Seed 5: a positive gain (13 %) whose interval reaches below 0 is no share (null), and
    the picture's three parts then count it as the rest; over 20 seeds, null ⇔ not detectable."""
    X, y, day = _design(seed=5, trend=0.0, state=0.15)
    out = share_explained(X, y, day, N_BASE)
    assert out["gain"] > 0.1 and out["ci95"][0] < 0 and not out["detectable"]
    assert out["share_percent"] is None
    base = out["baseline"]["share_percent"] or 0.0
    assert out["rest_percent"] == pytest.approx(100 - base)
    for seed in range(20):
        out = share_explained(*_design(seed=seed, trend=0.0, state=0.15), N_BASE)
        for part, r2 in ((out, out["gain"]), (out["baseline"], out["baseline"]["r2"])):
            assert (part["share_percent"] is None) == (not part["detectable"])
            if part["detectable"]:
                assert part["share_percent"] == pytest.approx(100 * r2)
