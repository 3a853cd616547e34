"""Time of day: the cosinor pair, resultant length, rhythm summary and means by period."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tracker.analysis.distributions import f_sf, t_ppf
from tracker.analysis.regression import RobustFit, robust_fit

OMEGA = 2 * math.pi / 24
PERIODS = (("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24))
MAX_RESULTANT = 0.95  # above this the hours hardly vary: no time-of-day terms
MIN_SPREAD = 0.01  # smallest eigenvalue of the (sin, cos) covariance: see hours_vary
MIN_RHYTHM_CHECKINS = 10  # fewer check-ins tell no rhythm (hours_vary)


def cosinor_columns(hour: np.ndarray) -> np.ndarray:
    """(sin 2πh/24, cos 2πh/24) as two columns."""
    return np.column_stack([np.sin(OMEGA * hour), np.cos(OMEGA * hour)])


def hours_vary(hour: np.ndarray) -> bool:
    """True when a rhythm can be told from these check-in hours: at least 10 of them, mean
    resultant length |mean(exp(iωh))| at most 0.95, and the smaller eigenvalue of the
    covariance of (sin ωh, cos ωh) at least 0.01.

    The eigenvalue rule asks for a curve, not just a spread: through two clock times (or two
    clusters of them, or a few hours of one day) any sinusoid fits, and the fitted amplitude is
    an extrapolation (hundreds of points on a 1-10 scale). Check-ins spread evenly over
    9:00-17:00 give 0.023; over 9:00-13:00, 0.0017; evenly round the clock, 0.5.
    """
    if len(hour) < MIN_RHYTHM_CHECKINS:
        return False
    if abs(np.exp(1j * OMEGA * hour).mean()) > MAX_RESULTANT:
        return False
    cov = np.cov(cosinor_columns(hour).T, bias=True)
    return bool(np.linalg.eigvalsh(cov)[0] >= MIN_SPREAD)


def rhythm(rf: RobustFit, i_sin: int, i_cos: int) -> dict[str, Any]:
    """Amplitude and peak hour from the sin/cos coefficients, delta-method intervals, Wald p."""
    b, c = float(rf.fit.coef[i_sin]), float(rf.fit.coef[i_cos])
    v = rf.cov[np.ix_([i_sin, i_cos], [i_sin, i_cos])]
    amp = math.hypot(b, c)
    df = float(min(rf.df[i_sin], rf.df[i_cos]))
    n_eff = float(min(rf.n_eff[i_sin], rf.n_eff[i_cos]))
    tq = t_ppf(0.975, df)
    coef = np.array([b, c])
    try:
        wald = float(coef @ np.linalg.solve(v, coef)) / 2
        p = f_sf(wald, 2, df)
    except np.linalg.LinAlgError:
        p = 1.0
    if amp > 0:
        g_amp = np.array([b, c]) / amp
        g_phase = np.array([c, -b]) / amp**2
        se_amp = math.sqrt(max(float(g_amp @ v @ g_amp), 0.0))
        se_peak = math.sqrt(max(float(g_phase @ v @ g_phase), 0.0)) / OMEGA
        peak = (math.atan2(b, c) / OMEGA) % 24
    else:
        se_amp, se_peak, peak = math.sqrt(float(np.trace(v)) / 2), math.inf, 0.0
    peak_ci = (
        None if tq * se_peak >= 12 else [(peak - tq * se_peak) % 24, (peak + tq * se_peak) % 24]
    )
    return {
        "amplitude": amp,
        "amplitude_ci95": [max(0.0, amp - tq * se_amp), amp + tq * se_amp],
        "peak_hour": peak,
        "peak_hour_ci95": peak_ci,
        "p": p,
        "df": df,
        "n_eff": n_eff,
    }


def period_means(rating: np.ndarray, hour: np.ndarray, day: np.ndarray) -> list[dict[str, Any]]:
    """Mean rating per period of the day; interval from the intercept-only robust fit."""
    out = []
    for name, lo, hi in PERIODS:
        m = (hour >= lo) & (hour < hi)
        entry: dict[str, Any] = {"period": name, "from_hour": lo, "to_hour": hi, "n": int(m.sum())}
        entry["days"] = int(len(np.unique(day[m])))
        if m.sum() >= 2 and entry["days"] >= 2:
            rf = robust_fit(np.ones((int(m.sum()), 1)), rating[m], day[m])
            lo95, hi95 = rf.ci95()
            entry.update(
                mean=float(rf.fit.coef[0]),
                ci95=[float(lo95[0]), float(hi95[0])],
                n_eff=float(rf.n_eff[0]),
            )
        elif m.any():
            entry.update(mean=float(rating[m].mean()), ci95=None, n_eff=float(entry["days"]))
        else:
            entry.update(mean=None, ci95=None, n_eff=0.0)
        out.append(entry)
    return out


def hourly_bins(rating: np.ndarray, hour: np.ndarray) -> list[dict[str, Any]]:
    """Mean rating and n per clock hour 0..23 (for charts)."""
    h = np.floor(hour).astype(int) % 24
    counts = np.bincount(h, minlength=24)
    sums = np.bincount(h, weights=rating, minlength=24)
    return [
        {"hour": i, "n": int(counts[i]), "mean": float(sums[i] / counts[i]) if counts[i] else None}
        for i in range(24)
    ]
