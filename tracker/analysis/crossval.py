"""Out-of-sample shares of the rating explained by the baseline (trend + time of day) and by
state on top of it: rolling-origin CV, block bootstrap."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

ORIGINS = (0.5, 0.6, 0.7, 0.8, 0.9)  # fractions of the distinct days where a fold's test starts
BOOTSTRAP_REPS = 999
BOOTSTRAP_SEED = 20240611
MIN_DAYS = 20


def _predict(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """OLS forecast; least squares, so a training window where a column is constant or
    collinear (a short fold) still predicts, with the minimum-norm coefficients."""
    # the normal equations are k x k: solving them by least squares costs nothing, where an
    # SVD of the n x k design (numpy.linalg.lstsq on X) took most of a 10-year report
    coef = np.linalg.lstsq(X_train.T @ X_train, X_train.T @ y_train, rcond=None)[0]
    forecast: np.ndarray = X_test @ coef
    return forecast


def share_explained(
    X: np.ndarray, y: np.ndarray, day: np.ndarray, n_base: int
) -> dict[str, Any] | None:
    """Out-of-sample R² gained by the columns after the first ``n_base`` (the state factors).

    Rolling origin: with the distinct days d_1 < ... < d_G, fold f trains on days before
    d_⌊o_f G⌋ and tests on the days up to the next origin (o = 0.5, 0.6, ..., 0.9, the last fold
    to the end). Per test check-in: squared errors of the training mean (e0), the baseline fit
    (eb, first ``n_base`` columns) and the full fit (ef). gain = Σ(eb - ef) / Σ e0; the
    baseline's own out-of-sample R² (``baseline.r2``) = 1 - Σ eb / Σ e0.
    Interval: moving-block bootstrap over the T test days: ⌈T / b⌉ blocks of b = ⌈T^(1/3)⌉
    consecutive test days drawn with replacement (999 reps, fixed seed), 2.5 and 97.5
    percentiles of the resampled statistic. None when there are fewer than 20 days.
    ``rest_percent`` = 100 minus the two shares as drawn (each clipped at 0), clipped at 0.
    """
    days = np.unique(day)
    g = len(days)
    if g < MIN_DAYS:
        return None
    starts = [days[int(o * g)] for o in ORIGINS] + [days[-1] + 1]
    per_day: list[np.ndarray] = []
    for f in range(len(ORIGINS)):
        train = day < starts[f]
        test = (day >= starts[f]) & (day < starts[f + 1])
        if not test.any() or train.sum() <= X.shape[1] + 2:
            continue
        e0 = (y[test] - y[train].mean()) ** 2
        eb = (y[test] - _predict(X[train, :n_base], y[train], X[test, :n_base])) ** 2
        ef = (y[test] - _predict(X[train], y[train], X[test])) ** 2
        _, inv = np.unique(day[test], return_inverse=True)
        per_day.append(np.column_stack([np.bincount(inv, weights=e) for e in (e0, eb, ef)]))
    if not per_day:
        return None
    arr = np.vstack(per_day)
    e0, eb, ef = arr[:, 0], arr[:, 1], arr[:, 2]
    if e0.sum() <= 0:
        return None
    gain = float((eb.sum() - ef.sum()) / e0.sum())
    t = len(arr)
    block = max(1, math.ceil(t ** (1 / 3)))
    n_blocks = math.ceil(t / block)
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    starts_b = rng.integers(0, t - block + 1, size=(BOOTSTRAP_REPS, n_blocks))
    cum = np.vstack([np.zeros((1, 3)), np.cumsum(arr, axis=0)])
    block_sums = cum[block:] - cum[:-block]  # sums of every run of `block` consecutive days
    totals = block_sums[starts_b].sum(axis=1)  # (reps, 3): e0, eb, ef
    den = totals[:, 0]
    boots = (totals[:, 1] - totals[:, 2]) / np.where(den > 0, den, np.nan)
    lo, hi = np.nanpercentile(boots, [2.5, 97.5])
    base_r2 = float(1 - eb.sum() / e0.sum())
    base_boots = 1 - totals[:, 1] / np.where(den > 0, den, np.nan)
    b_lo, b_hi = np.nanpercentile(base_boots, [2.5, 97.5])
    state = _share(gain, float(lo), float(hi))
    baseline = _share(base_r2, float(b_lo), float(b_hi))
    shown = sum((s["share_percent"] or 0.0) for s in (state, baseline)) / 100
    return {
        "gain": gain,
        "ci95": state["ci95"],
        "detectable": state["detectable"],
        "share_percent": state["share_percent"],
        "share_ci95_percent": state["share_ci95_percent"],
        "test_days": t,
        "folds": len(ORIGINS),
        "block_days": block,
        "baseline": baseline,
        "full_r2": float(1 - ef.sum() / e0.sum()),
        "rest_percent": 100 * max(1.0 - shown, 0.0),
    }


def _share(r2: float, lo: float, hi: float) -> dict[str, Any]:
    """An out-of-sample R² with its interval; as a percentage only when detectable (r2 > 0 and
    its interval above 0), else null: a share that may be 0 is never shown as a share."""
    detectable = bool(r2 > 0 and lo > 0)
    return {
        "r2": r2,
        "ci95": [lo, hi],
        "detectable": detectable,
        "share_percent": 100 * r2 if detectable else None,
        "share_ci95_percent": [100 * max(lo, 0.0), 100 * max(hi, 0.0)],
    }
