"""Then versus now: blind re-ratings of past check-ins (METHODS.md §R5-§R7).

``then`` is the rating given on the day, ``now`` the blind re-rating; differences are now − then.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tracker.analysis import guards
from tracker.analysis.calibration import slope_with_guards, slopes_with_q
from tracker.analysis.distributions import t_ppf, t_sf

LOA_Z = 1.96  # Bland & Altman's limits: mean ± 1.96 SD


def difference_summary(mean: float, sd: float | None, n: int) -> dict[str, Any]:
    """From n, mean and SD of the differences: the 95 % t interval of the mean and the
    Bland–Altman limits of agreement, each limit with its approximate 95 % interval
    (SE = SD·√(1/n + 1.96²/(2(n − 1))), Bland & Altman 1999)."""
    out: dict[str, Any] = {"n": n, "mean": mean, "sd": sd, "ci95": None, "limits": None,
                 "limits_ci95": None}
    if n < 2 or sd is None:
        return out
    t = float(t_ppf(0.975, n - 1))
    half = t * sd / math.sqrt(n)
    lo, hi = mean - LOA_Z * sd, mean + LOA_Z * sd
    se_limit = sd * math.sqrt(1 / n + LOA_Z**2 / (2 * (n - 1)))
    out.update(ci95=[mean - half, mean + half], limits=[lo, hi],
               limits_ci95=[[lo - t * se_limit, lo + t * se_limit],
                            [hi - t * se_limit, hi + t * se_limit]])
    return out


def differences(then: np.ndarray, now: np.ndarray) -> dict[str, Any]:
    """§R5: n, mean difference with its t interval, SD, limits of agreement, and the guards."""
    then, now = np.asarray(then, float), np.asarray(now, float)
    d = now - then
    n = len(d)
    if n == 0:
        out = difference_summary(math.nan, None, 0)
        out["mean"] = None
    else:
        out = difference_summary(float(d.mean()), float(d.std(ddof=1)) if n > 1 else None, n)
    ci = out["ci95"]
    out["status"] = guards.status(n, bool(ci) and not (ci[0] <= 0 <= ci[1]))
    out["mean_abs"] = float(np.abs(d).mean()) if n else None
    out["histogram"] = [{"difference": int(v), "count": int((d == v).sum())}
                        for v in np.unique(d)] if n else []
    return out


def later_on_earlier(then: np.ndarray, now: np.ndarray) -> dict[str, Any] | None:
    """§R6: OLS now = a + b·then. b < 1 means high ratings drift down and low ones up
    (regression to the mean); "significant" = the slope's interval excludes 1."""
    fit = slope_with_guards(then, now)
    if fit is None:
        return None
    lo, hi = fit["ci95"]
    fit["differs_from_1"] = not (lo <= 1 <= hi)
    if fit["se"] > 0:
            fit["p_vs_1"] = float(2 * t_sf(abs((fit["slope"] - 1) / fit["se"]), fit["n"] - 2))
    fit["status"] = guards.status(fit["n"], fit["differs_from_1"])
    then = np.asarray(then, float)
    now = np.asarray(now, float)
    r = float(np.corrcoef(then, now)[0, 1]) if np.ptp(now) > 0 else None
    fit["r"] = r
    fit["mean_then"] = float(then.mean())
    fit["crosses_identity_at"] = (fit["intercept"] / (1 - fit["slope"])
                                  if abs(1 - fit["slope"]) > 1e-9 else None)
    return fit


def differences_by_state(then: np.ndarray, now: np.ndarray,
                         states: dict[str, np.ndarray]) -> dict[str, Any]:
    """§R7: the difference (now − then) regressed on each state of the day then, one at a
    time; a positive slope means that on days with more of it you were harsher on yourself
    at the time. q: Benjamini–Yekutieli over the states that could be fitted."""
    d = np.asarray(now, float) - np.asarray(then, float)
    return slopes_with_q(d, states)
