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


def day_index(day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(day, return_inverse=True)``, without sorting when ``day`` is in order."""
    d = np.asarray(day)
    if len(d) and np.all(d[1:] >= d[:-1]):
        new = np.r_[True, d[1:] != d[:-1]]
        return d[new], np.cumsum(new) - 1
    return np.unique(d, return_inverse=True)


def lag1_autocorr(series: np.ndarray, days: np.ndarray) -> float:
    """Lag-1 autocorrelation of a daily series over consecutive calendar days only.

    r1 = [sum over pairs (d, d+1) of (a_d - m)(a_{d+1} - m) / P] / [sum (a_d - m)^2 / G],
    m the mean over all G days, P the number of consecutive-day pairs. Without gaps this is
    ``statsmodels.tsa.stattools.acf(a, adjusted=True)[1]``. Returns 0 when P < 3 or the
    series is constant.
    """
    return float(lag1_autocorr_rows(np.asarray(series, dtype=float)[None, :], days)[0])


def lag1_autocorr_rows(series: np.ndarray, days: np.ndarray) -> np.ndarray:
    """``lag1_autocorr`` of each row of an (m x G days) array, in one pass."""
    a = np.asarray(series, dtype=float)
    m, g = a.shape
    step = np.diff(np.asarray(days)) == 1
    pairs = int(np.count_nonzero(step))
    if g < 4 or pairs < 3:
        return np.zeros(m)
    dev = a - a.mean(axis=1, keepdims=True)
    denom = np.einsum("ij,ij->i", dev, dev) / g
    if pairs == g - 1:
        num = np.einsum("ij,ij->i", dev[:, :-1], dev[:, 1:]) / pairs
    else:
        num = np.einsum("ij,ij,j->i", dev[:, :-1], dev[:, 1:], step.astype(float)) / pairs
    flat = denom <= 1e-12 * np.maximum(1.0, np.maximum(a.max(axis=1), -a.min(axis=1)) ** 2)
    r1 = np.clip(num / np.where(flat, 1.0, denom), -1.0, 1.0)
    return np.where(flat, 0.0, r1)


def lag1_autocorr_corrected(series: np.ndarray, days: np.ndarray) -> float:
    """``lag1_autocorr`` plus Kendall's small-sample bias term (1 + 4 r1) / G, G = len(series).

    The sample lag-1 autocorrelation of a short AR(1) series is biased towards zero by about
    (1 + 4 rho) / G; without the correction the intervals below are too narrow. Stays 0 when
    ``lag1_autocorr`` cannot be estimated.
    """
    a = np.asarray(series, dtype=float)
    return float(lag1_autocorr_corrected_rows(a[None, :], days)[0])


def lag1_autocorr_corrected_rows(series: np.ndarray, days: np.ndarray) -> np.ndarray:
    """``lag1_autocorr_corrected`` of each row of an (m x G days) array."""
    r1 = lag1_autocorr_rows(series, days)
    corrected = np.minimum(r1 + (1.0 + 4.0 * r1) / series.shape[1], RHO_CAP)
    return np.where(r1 == 0.0, 0.0, corrected)


def bretherton_rho(r1x: float, r1y: float) -> float:
    """The product of the two lag-1 autocorrelations, each floored at 0, capped below 1."""
    return float(min(max(r1x, 0.0) * max(r1y, 0.0), RHO_CAP))


def effective_n(n: int, rho: float) -> float:
    """Bretherton et al. (1999) eq. 31: n (1 - rho) / (1 + rho)."""
    return float(n * (1.0 - rho) / (1.0 + rho))
