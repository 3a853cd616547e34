"""The rating moved to the person's average state, with its standard error and 7-day mean."""

from __future__ import annotations

import numpy as np

WINDOW_DAYS = 7


def adjusted_series(
    rating: np.ndarray,
    centred: np.ndarray,
    coef: np.ndarray,
    cov: np.ndarray,
    day: np.ndarray,
) -> dict[str, np.ndarray]:
    """adjusted_i = rating_i - Σ_j b_j (x_ij - x̄_j); se_i = sqrt(c_i' V c_i), c_i = x_i - x̄.

    ``centred`` holds the factor columns already centred, ``coef``/``cov`` the matching
    coefficients and covariance block. Rows must be in time order. The rolling mean averages
    the adjusted ratings of the check-ins on the last 7 calendar days (this day and the 6
    before) up to and including the row; its se uses the mean of those c_i.
    """
    adjusted = rating - centred @ coef
    se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", centred, cov, centred), 0.0, None))
    run_day = np.maximum.accumulate(day)
    first = np.searchsorted(run_day, day - (WINDOW_DAYS - 1), side="left")
    idx = np.arange(len(rating))
    cum_a = np.concatenate([[0.0], np.cumsum(adjusted)])
    cum_r = np.concatenate([[0.0], np.cumsum(rating)])
    cum_c = np.vstack([np.zeros((1, centred.shape[1])), np.cumsum(centred, axis=0)])
    count = idx + 1 - first
    roll = (cum_a[idx + 1] - cum_a[first]) / count
    roll_raw = (cum_r[idx + 1] - cum_r[first]) / count
    cbar = (cum_c[idx + 1] - cum_c[first]) / count[:, None]
    roll_se = np.sqrt(np.clip(np.einsum("ij,jk,ik->i", cbar, cov, cbar), 0.0, None))
    return {
        "adjusted": adjusted,
        "se": se,
        "rolling7": roll,
        "rolling7_se": roll_se,
        "rolling7_raw": roll_raw,
    }
