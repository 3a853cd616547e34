"""Pearson and Spearman correlations on daily means, with intervals at the effective n."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tracker.analysis.autocorr import (
    bretherton_rho,
    daily_means,
    effective_n,
    lag1_autocorr_corrected,
)
from tracker.analysis.distributions import norm_sf, rankdata

Z975 = 1.959963984540054


def fisher_interval(r: float, n: float, z: float = Z975) -> tuple[float, float]:
    """tanh(atanh r ± z / sqrt(n - 3)); needs n > 3."""
    if n <= 3:
        return (-1.0, 1.0)
    zr = math.atanh(min(max(r, -0.9999999), 0.9999999))
    half = z / math.sqrt(n - 3)
    return (math.tanh(zr - half), math.tanh(zr + half))


def spearman_interval(rs: float, n: float, z: float = Z975) -> tuple[float, float]:
    """Bonett & Wright (2000): SE of atanh rs is sqrt((1 + rs^2 / 2) / (n - 3))."""
    if n <= 3:
        return (-1.0, 1.0)
    zr = math.atanh(min(max(rs, -0.9999999), 0.9999999))
    half = z * math.sqrt((1 + rs * rs / 2) / (n - 3))
    return (math.tanh(zr - half), math.tanh(zr + half))


def fisher_p(r: float, n: float) -> float:
    """Two-sided p of H0 rho = 0 from atanh r · sqrt(n - 3) ~ N(0, 1)."""
    if n <= 3:
        return 1.0
    zr = math.atanh(min(max(r, -0.9999999), 0.9999999))
    return 2.0 * float(norm_sf(abs(zr) * math.sqrt(n - 3)))


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson r; 0 when either series is constant."""
    dx = x - x.mean()
    dy = y - y.mean()
    den = math.sqrt(float(dx @ dx) * float(dy @ dy))
    return float(dx @ dy / den) if den > 0 else 0.0


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman rs: Pearson r of mid-ranks."""
    return pearson(rankdata(x), rankdata(y))


def associate(x: np.ndarray, y: np.ndarray, day: np.ndarray) -> dict[str, Any] | None:
    """Correlate factor ``x`` with rating ``y`` (NaN = missing) on pairwise-complete daily means.

    Returns None when fewer than 4 days have both or either side is constant.
    """
    ok = ~(np.isnan(x) | np.isnan(y))
    if ok.sum() < 4:
        return None
    days, xm = daily_means(x[ok], day[ok])
    _, ym = daily_means(y[ok], day[ok])
    n = len(days)
    if n < 4 or np.ptp(xm) == 0 or np.ptp(ym) == 0:
        return None
    r1x = lag1_autocorr_corrected(xm, days)
    r1y = lag1_autocorr_corrected(ym, days)
    rho = bretherton_rho(r1x, r1y)
    n_eff = effective_n(n, rho)
    r = pearson(xm, ym)
    rs = spearman(xm, ym)
    return {
        "n_checkins": int(ok.sum()),
        "n": n,
        "n_eff": n_eff,
        "r1_factor": r1x,
        "r1_rating": r1y,
        "pearson": {"r": r, "ci95": list(fisher_interval(r, n_eff)), "p": fisher_p(r, n_eff)},
        "spearman": {"r": rs, "ci95": list(spearman_interval(rs, n_eff))},
    }
