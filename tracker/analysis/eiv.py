"""Felt vs measured: a factor's pull on the rating, split into performance and judgment.

Three linear models on the same rows (METHODS §M):

    rating      = Z b_R + e1                     (the factor's whole pull on the rating)
    measured    = Z b_P + e2                     (its pull on measured performance)
    rating      = Z c + g·true performance + e3  (clouding c: the pull with performance held)

Z holds the constant, the base terms and the factors. The measured score is true performance plus
noise of known variance (each probe's own ``error_variance``); regressing on it as if exact
attenuates g and leaves part of the factor's real effect on performance in c ("fake clouding").
The method-of-moments errors-in-variables estimator (Fuller 1987, *Measurement Error Models*,
§2.2 and §3.1.1 for known, row-specific error variances) removes it: the summed error variance
is subtracted from the measured score's diagonal of the moment matrix. Since its first k normal
equations are those of the first model, b_R = c + g·b_P holds exactly, corrected or not.

Standard errors: one stacked M-estimator (the three sets of estimating equations), its sandwich
covariance clustered by day (CR1) and each factor's variances inflated by the AR(1) factor
(1 + rho)/(1 - rho) of ``regression.robust_fit`` (Carroll et al. 2006, *Measurement Error in
Nonlinear Models*, App. B.3, for the sandwich of a corrected-score estimator). The error
variances are treated as known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracker.analysis.autocorr import RHO_CAP, day_index, lag1_autocorr_corrected_rows

MIN_PARTIAL_RELIABILITY = 0.2  # below: the corrected moment matrix is (nearly) not invertible


@dataclass(frozen=True)
class SplitFit:
    """Per factor (the columns ``factor_cols`` of Z): the rating's pull ``rating``, the pull via
    performance ``via`` (= g·b_P), the clouding ``clouding`` (= rating − via), each with its
    inflated variance; ``perf`` = b_P in SDs of the measured score; ``g`` its own row."""

    rating: np.ndarray
    perf: np.ndarray
    via: np.ndarray
    clouding: np.ndarray
    se_rating: np.ndarray
    se_perf: np.ndarray
    se_via: np.ndarray
    se_clouding: np.ndarray
    g: float
    se_g: float
    rho: dict[str, np.ndarray]  # per number ("rating", "perf", "via", "clouding"), per factor
    rho_g: float
    n_eff: np.ndarray  # per factor, in days
    n_eff_g: float
    df: np.ndarray
    df_g: float
    n_days: int
    partial_reliability: float  # 1 − Σσ²_u / Σ e2²: the measured score's reliability given Z
    practice: tuple[float, float] | None  # (estimate, se) of the column ``practice_col`` in b_P


def partial_reliability(Z: np.ndarray, m: np.ndarray, err: np.ndarray) -> float:
    """1 − Σ err / Σ e², e the residual of m on Z: the share of the measured score's variation
    beyond Z that is true performance. The corrected moment matrix is positive definite exactly
    when this is > 0 (its Schur complement is Σ e² − Σ err)."""
    coef = np.linalg.solve(Z.T @ Z, Z.T @ m)
    ss = float(np.sum((m - Z @ coef) ** 2))
    return 1.0 - float(np.sum(err)) / ss if ss > 0 else float("-inf")


def split_fit(Z: np.ndarray, m: np.ndarray, err: np.ndarray, y: np.ndarray, day: np.ndarray,
              factor_cols: list[int], practice_col: int | None = None) -> SplitFit:
    """The three fits of the module docstring with their stacked, day-clustered, AR(1)-inflated
    covariance. Z: n × k with the constant in column 0; m: the measured score (standardised);
    err: per row its error variance in m's units (zeros: no correction); y: the rating.
    The caller checks ``partial_reliability`` ≥ ``MIN_PARTIAL_RELIABILITY`` first."""
    n, k = Z.shape
    ztz = Z.T @ Z
    b_r = np.linalg.solve(ztz, Z.T @ y)
    b_p = np.linalg.solve(ztz, Z.T @ m)
    W = np.column_stack([Z, m])
    lam = np.zeros(k + 1)
    lam[k] = float(np.sum(err))
    a3 = W.T @ W - np.diag(lam)
    theta = np.linalg.solve(a3, W.T @ y)
    e1, e2, e3 = y - Z @ b_r, m - Z @ b_p, y - W @ theta
    # estimating functions per row; the third has the correction term Λ_i θ (mean zero)
    psi3 = W * e3[:, None]
    psi3[:, k] += err * theta[k]
    psi = np.hstack([Z * e1[:, None], Z * e2[:, None], psi3])
    days, inverse = day_index(day)
    g_days = len(days)
    sums = np.vstack([np.bincount(inverse, weights=psi[:, j], minlength=g_days)
                      for j in range(psi.shape[1])])
    bread_inv = np.zeros((3 * k + 1, 3 * k + 1))
    ztz_inv = np.linalg.inv(ztz)
    bread_inv[:k, :k] = ztz_inv
    bread_inv[k:2 * k, k:2 * k] = ztz_inv
    bread_inv[2 * k:, 2 * k:] = np.linalg.inv(a3)
    cov = bread_inv @ (sums @ sums.T) @ bread_inv.T
    if g_days > 1:  # CR1 per equation: G/(G−1)·(n−1)/(n−p), p its number of coefficients
        fac = np.r_[np.full(2 * k, (n - 1.0) / max(n - k, 1)),
                    np.full(k + 1, (n - 1.0) / max(n - k - 1, 1))]
        cov *= g_days / (g_days - 1.0) * np.sqrt(np.outer(fac, fac))
    a_x, a_e = _ar1(W, [y, e1, m, e2, e3], inverse, days)
    # a_e per equation, as robust_fit: rating (y, e1), performance (m, e2), clouding and g
    # (y, e3); the pull via performance combines both rating equations: the larger
    rho_of = {key: np.minimum(a_x * max(0.0, *(a_e[i] for i in idx)), RHO_CAP)
              for key, idx in (("r", (0, 1)), ("p", (2, 3)), ("c", (0, 4)), ("v", (0, 1, 4)))}
    fc = np.asarray(factor_cols)
    # per factor j: rating = θ1_j, clouding = θ3_j, via = θ1_j − θ3_j; perf = θ2_j
    i_r, i_p, i_c = fc, k + fc, 2 * k + fc
    var_r = cov[i_r, i_r]
    var_c = cov[i_c, i_c]
    var_via = var_r + var_c - 2.0 * cov[i_r, i_c]
    var_p = cov[i_p, i_p]
    se = [np.sqrt(np.clip(v * _infl(rho_of[key][fc]), 0.0, None))
          for v, key in ((var_r, "r"), (var_p, "p"), (var_via, "v"), (var_c, "c"))]
    rho = {name: rho_of[key][fc] for name, key in
           (("rating", "r"), ("perf", "p"), ("via", "v"), ("clouding", "c"))}
    # n_eff and df of all four numbers from the largest rho, the via's (conservative)
    rho_g = float(rho_of["c"][k])
    ig = 3 * k
    se_g = float(np.sqrt(max(cov[ig, ig], 0.0) * _infl(rho_g)))
    n_eff = g_days * (1.0 - rho["via"]) / (1.0 + rho["via"])
    n_eff_g = g_days * (1.0 - rho_g) / (1.0 + rho_g)
    practice = None
    if practice_col is not None:
        j = k + practice_col
        practice = (float(b_p[practice_col]),
                    float(np.sqrt(max(cov[j, j], 0.0) * _infl(rho_of["p"][practice_col]))))
    return SplitFit(
        rating=b_r[fc], perf=b_p[fc], via=b_r[fc] - theta[fc], clouding=theta[fc],
        se_rating=se[0], se_perf=se[1], se_via=se[2], se_clouding=se[3],
        g=float(theta[k]), se_g=se_g, rho=rho, rho_g=rho_g, n_eff=n_eff, n_eff_g=n_eff_g,
        df=np.maximum(n_eff - (k + 1), 1.0), df_g=max(n_eff_g - (k + 1), 1.0), n_days=g_days,
        partial_reliability=partial_reliability(Z, m, err), practice=practice)


def _infl(rho: np.ndarray | float) -> np.ndarray | float:
    return (1.0 + rho) / (1.0 - rho)


def _ar1(W: np.ndarray, outcomes: list[np.ndarray], inverse: np.ndarray,
         days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(a_x, a_e) as in ``robust_fit`` (§4): per column j of W = [Z, m], a_x,j the larger of
    the bias-corrected lag-1 autocorrelations of the daily means of column j and of column j
    residualised on the others (1 for the constant, column 0); per outcome series (the
    dependent variables and residuals), a_e its bias-corrected lag-1 autocorrelation."""
    inv_w = np.linalg.inv(W.T @ W)
    partial = W @ (inv_w / np.diag(inv_w))
    counts = np.bincount(inverse)
    rows = [np.bincount(inverse, weights=v) / counts for v in (*outcomes, *W.T, *partial.T)]
    r1 = lag1_autocorr_corrected_rows(np.vstack(rows), days)
    n_out, k1 = len(outcomes), W.shape[1]
    a_x = np.maximum(np.maximum(r1[n_out:n_out + k1], r1[n_out + k1:]), 0.0)
    a_x[0] = 1.0
    return a_x, r1[:n_out]
