"""Calibration of probability predictions against outcomes (METHODS.md §R2-§R4).

Pure functions over arrays: p (forecast probabilities, 0..1) and o (outcomes, 0 or 1).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tracker.analysis import guards
from tracker.analysis.distributions import t_ppf, t_sf
from tracker.analysis.multiplicity import fdr_adjust

Z95 = 1.959963984540054


def brier(p: np.ndarray, o: np.ndarray) -> float:
    """Mean squared difference between forecast and outcome."""
    p, o = np.asarray(p, float), np.asarray(o, float)
    return float(np.mean((p - o) ** 2)) if len(p) else math.nan


def murphy(p: np.ndarray, o: np.ndarray, bin_ids: np.ndarray | None = None) -> dict[str, Any]:
    """Murphy's decomposition BS = REL − RES + UNC (+ WBV − 2·WBC when a bin mixes forecasts).

    ``bin_ids`` groups the forecasts; None groups identical forecasts, where the identity is
    exact (WBV = WBC = 0). With coarser bins, the within-bin variance of the forecasts (WBV)
    and their within-bin covariance with the outcomes (WBC) make it exact again
    (Stephenson, Coelho & Jolliffe 2008).
    """
    p, o = np.asarray(p, float), np.asarray(o, float)
    n = len(p)
    if n == 0:
        return {"brier": None, "reliability": None, "resolution": None, "uncertainty": None,
                "within_bin_variance": None, "within_bin_covariance": None, "bins": 0}
    keys = p if bin_ids is None else np.asarray(bin_ids)
    _, inv = np.unique(keys, return_inverse=True)
    counts = np.bincount(inv)
    pbar = np.bincount(inv, p) / counts
    obar = np.bincount(inv, o) / counts
    base = float(o.mean())
    rel = float(np.sum(counts * (pbar - obar) ** 2) / n)
    res = float(np.sum(counts * (obar - base) ** 2) / n)
    unc = base * (1 - base)
    dp = p - pbar[inv]
    wbv = float(np.sum(dp**2) / n)
    wbc = float(np.sum(dp * (o - obar[inv])) / n)
    return {"brier": brier(p, o), "reliability": rel, "resolution": res, "uncertainty": unc,
            "within_bin_variance": wbv, "within_bin_covariance": wbc, "bins": int(len(counts))}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (no continuity correction)."""
    if n <= 0:
        return (math.nan, math.nan)
    phat = k / n
    denom = 1 + z * z / n
    centre = (phat + z * z / (2 * n)) / denom
    half = z * math.sqrt(phat * (1 - phat) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def reliability_bins(
    p: np.ndarray, o: np.ndarray, n_bins: int | None = None
) -> list[dict[str, Any]]:
    """Equal-width bins over [0, 1] (3 below 25 forecasts, else 5); empty bins left out.

    Each: range, n, mean forecast, observed frequency, Wilson 95 % interval.
    """
    p, o = np.asarray(p, float), np.asarray(o, float)
    if n_bins is None:
        n_bins = 3 if len(p) < 25 else 5
    idx = bin_index(p, n_bins)
    out = []
    for b in range(n_bins):
        mask = idx == b
        n = int(mask.sum())
        if not n:
            continue
        k = int(o[mask].sum())
        lo, hi = wilson(k, n)
        out.append({"from": b / n_bins, "to": (b + 1) / n_bins, "n": n, "hits": k,
                    "mean_forecast": float(p[mask].mean()), "observed": k / n,
                    "ci95": [lo, hi]})
    return out


def bin_index(p: np.ndarray, n_bins: int) -> np.ndarray:
    """Bin of each forecast: [0, 1/n), …, [(n−1)/n, 1] (1.0 falls in the last)."""
    bins: np.ndarray = np.minimum((np.asarray(p, float) * n_bins + 1e-12).astype(int), n_bins - 1)
    return bins


def calibration_summary(p: np.ndarray, o: np.ndarray) -> dict[str, Any]:
    """Brier score, skill vs the base rate, decompositions and the reliability diagram."""
    p, o = np.asarray(p, float), np.asarray(o, float)
    n = len(p)
    out: dict[str, Any] = {"n": n, "status": guards.status(n, True) if n else guards.INSUFFICIENT}
    if n == 0:
        return out | {"brier": None, "base_rate": None, "brier_skill": None,
                      "decomposition": murphy(p, o), "reliability_bins": [],
                      "binned_decomposition": murphy(p, o)}
    bs = brier(p, o)
    base = float(o.mean())
    ref = base * (1 - base)  # the Brier score of always forecasting the base rate
    bins = reliability_bins(p, o)
    n_bins = 3 if n < 25 else 5
    return out | {
        "brier": bs,
        "base_rate": base,
        "brier_reference": ref,
        "brier_skill": None if ref == 0 else 1 - bs / ref,
        "mean_forecast": float(p.mean()),
        "decomposition": murphy(p, o),
        "reliability_bins": bins,
        "binned_decomposition": murphy(p, o, bin_index(p, n_bins)),
    }


def mean_with_t(x: np.ndarray) -> dict[str, Any]:
    """n, mean, SD and the 95 % t interval of the mean."""
    x = np.asarray(x, float)
    n = len(x)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "ci95": None}
    mean = float(x.mean())
    if n < 2:
        return {"n": n, "mean": mean, "sd": None, "ci95": None}
    sd = float(x.std(ddof=1))
    half = float(t_ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return {"n": n, "mean": mean, "sd": sd, "ci95": [mean - half, mean + half]}


def slope_with_guards(x: np.ndarray, y: np.ndarray, min_n: int = 4) -> dict[str, Any] | None:
    """OLS slope of y on x with its 95 % t interval, p and the §8 status (n_eff = n).

    None when fewer than ``min_n`` complete pairs or x does not vary.
    """
    x, y = np.asarray(x, float), np.asarray(y, float)
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(x)
    if n < min_n or np.ptp(x) == 0:
        return None
    xc = x - x.mean()
    sxx = float(np.sum(xc**2))
    slope = float(np.sum(xc * (y - y.mean())) / sxx)
    intercept = float(y.mean() - slope * x.mean())
    resid = y - intercept - slope * x
    s2 = float(np.sum(resid**2) / (n - 2))
    se = math.sqrt(s2 / sxx)
    t = float(t_ppf(0.975, n - 2))
    p_value = float(2 * t_sf(abs(slope / se), n - 2)) if se > 0 else 0.0
    significant = se == 0 or not (slope - t * se <= 0 <= slope + t * se)
    status = guards.status(n, significant)
    return {"n": n, "slope": slope, "intercept": intercept, "se": se,
            "ci95": [slope - t * se, slope + t * se], "p": p_value, "status": status,
            "more_needed": guards.MIN_NEFF - n if n < guards.MIN_NEFF else 0}


def bias_by_state(bias: np.ndarray, states: dict[str, np.ndarray]) -> dict[str, Any]:
    """Mean bias (forecast − outcome) overall with a t interval, and regressed on each state.

    ``states`` maps a name (mood, sleep_hours, hunger, hour …) to values aligned with ``bias``
    (NaN = unknown). Each slope carries the §8 guards with n_eff = n (evaluations are separate
    events, days apart).
    """
    overall = mean_with_t(bias)
    n = overall["n"]
    significant = bool(overall["ci95"]) and not (overall["ci95"][0] <= 0 <= overall["ci95"][1])
    overall["status"] = guards.status(n, significant)
    return {"overall": overall, "by_state": slopes_with_q(bias, states)}


def slopes_with_q(y: np.ndarray, states: dict[str, np.ndarray]) -> dict[str, Any]:
    """``y`` regressed on each state separately; q = Benjamini–Yekutieli over the fitted
    ones, and "significant" = q < 0.05 for the §8 status."""
    out = {name: slope_with_guards(values, y) for name, values in states.items()}
    fitted = [v for v in out.values() if v is not None]
    if fitted:
        q = fdr_adjust([v["p"] for v in fitted], method="by")
        for v, qk in zip(fitted, q, strict=True):
            v["q"] = float(qk)
            v["status"] = guards.status(v["n"], bool(qk < guards.ALPHA))
    return out
