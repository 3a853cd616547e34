"""The report's robust errors computed longhand from docs/METHODS.md §2 and §4, with statsmodels.

Nothing here comes from ``tracker.analysis``: the residualised columns are statsmodels
regressions on the other columns, the lag-1 autocorrelations are statsmodels ``acf`` on the
daily means laid out on the calendar (a day without data is missing, so only consecutive days
pair up), then Kendall's correction, the larger of raw and partial, capped at 0.98.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from statsmodels.tsa.stattools import acf

CAP = 0.98


def daily_means(values: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    days = np.unique(day)
    return days, np.array([values[day == d].mean() for d in days])


def r1_star(values: np.ndarray, day: np.ndarray) -> float:
    """§2: r1 of the daily means over consecutive days, Kendall-corrected; 0 if not estimable."""
    days, means = daily_means(values, day)
    g = len(days)
    pairs = int(np.sum(np.diff(days) == 1))
    if g < 4 or pairs < 3 or np.var(means) <= 1e-12 * max(1.0, np.abs(means).max()) ** 2:
        return 0.0
    calendar = np.full(days[-1] - days[0] + 1, np.nan)
    calendar[days - days[0]] = means
    r1 = acf(calendar, adjusted=True, missing="conservative", nlags=1, fft=False)[1]
    r1 = float(np.clip(r1, -1.0, 1.0))
    return 0.0 if r1 == 0.0 else min(r1 + (1 + 4 * r1) / g, CAP)


@dataclass
class Longhand:
    ref: object  # statsmodels results, cluster-robust by day
    rho: np.ndarray
    se: np.ndarray
    n_eff: np.ndarray
    df: np.ndarray


def robust_longhand(X: np.ndarray, y: np.ndarray, day: np.ndarray, const_col: int = 0) -> Longhand:
    """§4: CR1 by day from statsmodels, each variance inflated by (1 + rho_j) / (1 - rho_j)."""
    ref = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": day})
    k = X.shape[1]
    a_e = max(0.0, r1_star(y, day), r1_star(ref.resid, day))
    rho = np.empty(k)
    for j in range(k):
        if j == const_col:
            a_x = 1.0
        else:
            others = np.delete(X, j, axis=1)
            partial = sm.OLS(X[:, j], others).fit().resid  # x_j residualised on the others
            a_x = max(0.0, r1_star(X[:, j], day), r1_star(partial, day))
        rho[j] = min(a_x * a_e, CAP)
    se = ref.bse * np.sqrt((1 + rho) / (1 - rho))
    g = len(np.unique(day))
    n_eff = g * (1 - rho) / (1 + rho)
    return Longhand(ref, rho, se, n_eff, np.maximum(n_eff - k, 1.0))


def report_design(checkins, skill_id: str, factor_ids: list[str]):
    """METHODS §4 recipe on raw check-ins: listwise rows in time order, centred columns
    (trend, time of day, the factors, then the tags of §4b: "tag:gym" is 1 on a row whose local
    day has any check-in tagged gym, in any case); returns X, y and the local day of each row."""
    tags = [f for f in factor_ids if f.startswith("tag:")]
    factor_ids = [f for f in factor_ids if f not in tags]
    tagged_days: dict[str, set] = {t: set() for t in tags}
    for c in checkins:
        for t in c.tags:
            key = "tag:" + " ".join(t.split()).casefold()
            if key in tagged_days:
                tagged_days[key].add(c.at.date())
    rows = sorted((c for c in checkins if skill_id in c.ratings), key=lambda c: c.at.timestamp())
    rows = [c for c in rows if all(f in c.values for f in factor_ids)]
    y = np.array([c.ratings[skill_id] for c in rows], float)
    day = np.array([c.at.date().toordinal() for c in rows])
    hour = np.array([c.local_hour for c in rows])
    trend = (day - day.min() + hour / 24) / 365.25
    w = 2 * np.pi * hour / 24
    cols = [trend, np.sin(w), np.cos(w)]
    cols += [np.array([c.values[f] for c in rows]) for f in factor_ids]
    cols += [np.array([float(c.at.date() in tagged_days[t]) for c in rows]) for t in tags]
    X = np.column_stack([np.ones(len(y))] + [c - c.mean() for c in cols])
    return X, y, day
