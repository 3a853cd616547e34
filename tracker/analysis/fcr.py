"""False-coverage-rate adjusted intervals that agree with the Benjamini–Yekutieli q values.

Benjamini & Yekutieli (2005), "False discovery rate–adjusted multiple confidence intervals for
selected parameters", JASA 100:71–81: with m tests and R selected, marginal intervals for the
selected at level 1 − R·α/(m·c_m) keep the expected share of selected intervals that miss their
parameter ≤ α under any dependence (c_m = Σ_{i≤m} 1/i). The selection here is q < α with the BY q
of ``multiplicity.fdr_adjust``, and every unselected parameter gets the level 1 − (R+1)·α/(m·c_m):
then an interval excludes 0 exactly when q < α (proof in METHODS §4a).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracker.analysis.distributions import t_ppf


def harmonic(m: int) -> float:
    """c_m = 1 + 1/2 + … + 1/m (BY's factor for arbitrary dependence)."""
    return float(np.sum(1.0 / np.arange(1, m + 1))) if m > 0 else 1.0


@dataclass(frozen=True)
class FcrIntervals:
    """Per parameter: the interval's ends, its confidence level and whether it was selected."""

    lo: np.ndarray
    hi: np.ndarray
    level: np.ndarray
    selected: np.ndarray


def fcr_miss_rates(q: np.ndarray, alpha: float) -> np.ndarray:
    """Per parameter the two-sided miss rate a (level 1 − a): R·α/(m c_m) if q < α, else
    (R+1)·α/(m c_m), R = #(q < α), m = len(q)."""
    q = np.asarray(q, dtype=float)
    m = len(q)
    selected = q < alpha
    r = int(selected.sum())
    unit = alpha / (m * harmonic(m)) if m else 0.0
    return np.where(selected, r * unit, (r + 1) * unit)


def fcr_intervals(coef: np.ndarray, se: np.ndarray, df: np.ndarray, q: np.ndarray,
                  alpha: float) -> FcrIntervals:
    """coef ± t_{1−a/2, df}·se at the FCR level of each parameter (``fcr_miss_rates``).

    The t quantile here and the t tail behind q are separate routines, exact to about 1e-13;
    where they disagree in the last digits (p within rounding of the level) the half-width is
    clamped to the selection, so the interval excludes 0 exactly when q < α.
    """
    coef, se = np.asarray(coef, dtype=float), np.asarray(se, dtype=float)
    a = fcr_miss_rates(q, alpha)
    selected = np.asarray(q, dtype=float) < alpha
    half = np.asarray(t_ppf(1.0 - a / 2.0, np.asarray(df, dtype=float)), dtype=float) * se
    size = np.abs(coef)
    half = np.where(selected, np.minimum(half, np.nextafter(size, 0.0)),
                    np.maximum(half, size))
    return FcrIntervals(coef - half, coef + half, 1.0 - a, selected)


def crosses_zero(lo: float, hi: float) -> bool:
    """The interval [lo, hi] contains 0 (touching counts)."""
    return lo <= 0.0 <= hi
