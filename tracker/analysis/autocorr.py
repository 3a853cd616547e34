"""Daily aggregation, gap-aware lag-1 autocorrelation and Bretherton's effective sample size."""

from __future__ import annotations

import numpy as np

RHO_CAP = 0.98  # keeps (1 + rho) / (1 - rho) finite


def daily_means(values: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (sorted distinct days, mean of ``values`` on each day). No NaN allowed."""
    days, inverse = np.unique(day, return_inverse=True)
    sums = np.bincount(inverse, weights=values, minlength=len(days))
    counts = np.bincount(inverse, minlength=len(days))
    return days, sums / counts


def group_sums(matrix: np.ndarray, inverse: np.ndarray, groups: int) -> np.ndarray:
    """Column sums of a 2-D ``matrix`` per group (``inverse`` from ``np.unique``)."""
    if len(inverse) and np.all(inverse[1:] >= inverse[:-1]):  # rows already in group order
        starts = np.flatnonzero(np.r_[True, inverse[1:] != inverse[:-1]])
        return np.add.reduceat(matrix, starts, axis=0)
    out = np.zeros((groups, matrix.shape[1]))
    for j in range(matrix.shape[1]):
        out[:, j] = np.bincount(inverse, weights=matrix[:, j], minlength=groups)
    return out


def lag1_autocorr(series: np.ndarray, days: np.ndarray) -> float:
    """Lag-1 autocorrelation of a daily series over consecutive calendar days only.

    r1 = [sum over pairs (d, d+1) of (a_d - m)(a_{d+1} - m) / P] / [sum (a_d - m)^2 / G],
    m the mean over all G days, P the number of consecutive-day pairs. Without gaps this is
    ``statsmodels.tsa.stattools.acf(a, adjusted=True)[1]``. Returns 0 when P < 3 or the
    series is constant.
    """
    a = np.asarray(series, dtype=float)
    d = np.asarray(days)
    if len(a) < 4:
        return 0.0
    dev = a - a.mean()
    denom = dev @ dev / len(a)
    pairs = np.flatnonzero(np.diff(d) == 1)
    if len(pairs) < 3 or denom <= 1e-12 * max(1.0, float(np.abs(a).max()) ** 2):
        return 0.0
    num = float(dev[pairs] @ dev[pairs + 1]) / len(pairs)
    return float(np.clip(num / denom, -1.0, 1.0))


def lag1_autocorr_corrected(series: np.ndarray, days: np.ndarray) -> float:
    """``lag1_autocorr`` plus Kendall's small-sample bias term (1 + 4 r1) / G, G = len(series).

    The sample lag-1 autocorrelation of a short AR(1) series is biased towards zero by about
    (1 + 4 rho) / G; without the correction the intervals below are too narrow. Stays 0 when
    ``lag1_autocorr`` cannot be estimated.
    """
    a = np.asarray(series, dtype=float)
    r1 = lag1_autocorr(a, days)
    if r1 == 0.0:
        return 0.0
    return float(min(r1 + (1.0 + 4.0 * r1) / len(a), RHO_CAP))


def bretherton_rho(r1x: float, r1y: float) -> float:
    """The product of the two lag-1 autocorrelations, each floored at 0, capped below 1."""
    return float(min(max(r1x, 0.0) * max(r1y, 0.0), RHO_CAP))


def effective_n(n: int, rho: float) -> float:
    """Bretherton et al. (1999) eq. 31: n (1 - rho) / (1 + rho)."""
    return float(n * (1.0 - rho) / (1.0 + rho))
