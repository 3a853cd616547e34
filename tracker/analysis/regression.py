"""Ordinary least squares with autocorrelation-robust covariances.

``robust_fit`` is the estimator of the report: OLS at check-in level, a cluster-robust
covariance over calendar days (several check-ins a day), each coefficient's variance inflated
by an AR(1) factor (1 + rho) / (1 - rho) for carry-over between days, and t intervals on the
effective number of days. ``newey_west_cov`` is the textbook HAC estimator (Bartlett weights),
kept for comparison and checked against Stata.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tracker.analysis.autocorr import RHO_CAP, day_index, lag1_autocorr_corrected_rows
from tracker.analysis.distributions import t_ppf, t_sf


@dataclass(frozen=True)
class OlsFit:
    """Coefficients, residuals and (X'X)^-1 of an OLS fit."""

    coef: np.ndarray
    resid: np.ndarray
    xtx_inv: np.ndarray
    r2: float
    adj_r2: float

    @property
    def nobs(self) -> int:
        return len(self.resid)

    @property
    def k(self) -> int:
        return len(self.coef)


def _sumsq(v: np.ndarray) -> float:
    """Sum of squares of a vector, on the calling thread.

    ``v @ v`` goes to OpenBLAS, which runs dot products of more than 10,000 elements on all
    cores; on a busy machine the call then waits for its threads to be scheduled, and they spin
    afterwards, taking the core from the rest of the fit (the report's estimator measured
    10-30 ms instead of 1-3 ms on 2 loaded cores).
    """
    return float(np.einsum("i,i->", v, v))


def ols(X: np.ndarray, y: np.ndarray) -> OlsFit:
    """OLS of y on X (X includes the constant column). X must have full column rank."""
    xtx_inv = np.linalg.inv(X.T @ X)
    coef = xtx_inv @ (X.T @ y)
    resid = y - X @ coef
    n, k = X.shape
    tss = _sumsq(y - y.mean())
    rss = _sumsq(resid)
    r2 = 1.0 - rss / tss if tss > 0 else 0.0
    adj = 1.0 - (1.0 - r2) * (n - 1) / (n - k) if n > k else float("nan")
    return OlsFit(coef, resid, xtx_inv, r2, adj)


def newey_west_cov(
    X: np.ndarray, resid: np.ndarray, lags: int, use_correction: bool = True
) -> np.ndarray:
    """Newey–West covariance, Bartlett weights 1 - l/(lags+1), optional n/(n-k) factor.

    Equals statsmodels ``OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags,
    "use_correction": use_correction})``.
    """
    scores = X * resid[:, None]
    meat = scores.T @ scores
    for lag in range(1, lags + 1):
        w = 1.0 - lag / (lags + 1.0)
        g = scores[lag:].T @ scores[:-lag]
        meat += w * (g + g.T)
    xtx_inv = np.linalg.inv(X.T @ X)
    cov: np.ndarray = xtx_inv @ meat @ xtx_inv
    if use_correction:
        n, k = X.shape
        cov *= n / (n - k)
    return cov


def cluster_cov(X: np.ndarray, resid: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Cluster-robust (CR1) covariance: G/(G-1) · (n-1)/(n-k) · (X'X)^-1 Σ_g s_g s_g' (X'X)^-1.

    Equals statsmodels ``OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups})``.
    """
    _, inverse = np.unique(groups, return_inverse=True)
    g = int(inverse.max()) + 1
    _, scores = _daily_sums(X, resid, inverse, g)
    return _cr1(scores, X.shape, g, np.linalg.inv(X.T @ X))


def _daily_sums(
    X: np.ndarray, resid: np.ndarray, inverse: np.ndarray, g: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per day (``inverse`` from ``day_index``) the sums of each column of X and of its scores
    x_ij e_i, both k x g. Column by column: no n x k temporaries (their fresh pages made them
    the slowest step of the fit)."""
    k = X.shape[1]
    sums, scores = np.empty((k, g)), np.empty((k, g))
    for j in range(k):
        sums[j] = np.bincount(inverse, weights=X[:, j], minlength=g)
        scores[j] = np.bincount(inverse, weights=X[:, j] * resid, minlength=g)
    return sums, scores


def _cr1(sums: np.ndarray, shape: tuple[int, int], g: int, xtx_inv: np.ndarray) -> np.ndarray:
    """CR1 from the per-cluster score sums s_g (k x g)."""
    cov: np.ndarray = xtx_inv @ (sums @ sums.T) @ xtx_inv
    n, k = shape
    return cov * (g / (g - 1.0)) * ((n - 1.0) / (n - k))


@dataclass(frozen=True)
class RobustFit:
    """The report's estimator: OLS coefficients with day-clustered, AR(1)-inflated errors."""

    fit: OlsFit
    cov: np.ndarray  # inflated covariance of the coefficients
    se: np.ndarray
    rho: np.ndarray  # per coefficient, the AR(1) product used for the inflation
    n_eff: np.ndarray  # per coefficient, effective number of days
    df: np.ndarray  # per coefficient, t degrees of freedom
    n_days: int

    def tvalues(self) -> np.ndarray:
        """coef / se; a perfect fit (se 0) gives ±inf, or 0 for a zero coefficient."""
        coef = self.fit.coef
        big = np.where(np.abs(coef) > 1e-12, np.copysign(np.inf, coef), 0.0)
        tv: np.ndarray = np.divide(coef, self.se, out=big, where=self.se > 0)
        return tv

    def pvalues(self) -> np.ndarray:
        return 2.0 * np.asarray(t_sf(np.abs(self.tvalues()), self.df))

    def ci95(self) -> tuple[np.ndarray, np.ndarray]:
        half = t_ppf(0.975, self.df) * self.se
        return self.fit.coef - half, self.fit.coef + half


def robust_fit(X: np.ndarray, y: np.ndarray, day: np.ndarray, const_col: int = 0) -> RobustFit:
    """Fit y on X (column ``const_col`` the constant) with the report's robust errors.

    For coefficient j: a_x = max(0, r1(daily mean of x_j), r1(daily mean of x_j residualised on
    the other columns)); a_e = max(0, r1(daily mean y), r1(daily mean residual)); the constant
    has a_x = 1. rho_j = min(a_x a_e, 0.98); Var_j = CR1_jj (1 + rho_j)/(1 - rho_j);
    n_eff_j = G (1 - rho_j)/(1 + rho_j) for G distinct days; df_j = max(n_eff_j - k, 1).
    """
    fit = ols(X, y)
    days, inverse = day_index(day)
    g = len(days)
    n, k = X.shape
    # rows: the daily means of y, the residual, each x_j and each residualised x_j
    series = np.empty((2 + 2 * k, g))
    series[0] = np.bincount(inverse, weights=y, minlength=g)
    series[1] = np.bincount(inverse, weights=fit.resid, minlength=g)
    series[2 : 2 + k], scores = _daily_sums(X, fit.resid, inverse, g)
    series[: 2 + k] /= np.bincount(inverse, minlength=g)
    # Frisch–Waugh: x_j residualised on the other columns is X (X'X)^-1 e_j / [(X'X)^-1]_jj,
    # and a daily mean of a linear map of X is that map of the daily means of X
    np.matmul((fit.xtx_inv / np.diag(fit.xtx_inv)).T, series[2 : 2 + k], out=series[2 + k :])
    r1 = lag1_autocorr_corrected_rows(series, days)
    a_e = max(0.0, r1[0], r1[1])
    a_x = np.maximum(np.maximum(r1[2 : 2 + k], r1[2 + k :]), 0.0)
    a_x[const_col] = 1.0
    rho = np.minimum(a_x * a_e, RHO_CAP)
    if g > 1:
        base = _cr1(scores, X.shape, g, fit.xtx_inv)
    else:  # one day: no between-day information at all
        base = fit.xtx_inv * _sumsq(fit.resid) / max(n - k, 1)
    scale = np.sqrt((1.0 + rho) / (1.0 - rho))
    cov = base * np.outer(scale, scale)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    n_eff = g * (1.0 - rho) / (1.0 + rho)  # effective_n, per coefficient
    df = np.maximum(n_eff - k, 1.0)
    return RobustFit(fit, cov, se, rho, n_eff, df, g)
