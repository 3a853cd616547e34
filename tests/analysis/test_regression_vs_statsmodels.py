"""Our OLS, cluster and HAC covariances against statsmodels on generated data."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from tests.analysis.longhand import robust_longhand
from tests.analysis.simulate import ar1
from tracker.analysis.autocorr import lag1_autocorr, lag1_autocorr_corrected
from tracker.analysis.regression import cluster_cov, newey_west_cov, ols, robust_fit


@pytest.fixture
def design():
    rng = np.random.default_rng(11)
    n = 300
    day = np.sort(rng.integers(0, 120, n))
    X = np.column_stack([np.ones(n), rng.standard_normal((n, 3)), ar1(rng, n, 0.6)])
    y = X @ np.array([5.0, 0.4, 0.0, -0.2, 0.3]) + ar1(rng, n, 0.5)
    return X, y, day


def test_ols_r2_and_adjusted_match_statsmodels(design):
    X, y, _ = design
    ref = sm.OLS(y, X).fit()
    fit = ols(X, y)
    assert fit.coef == pytest.approx(ref.params, rel=1e-10)
    assert fit.r2 == pytest.approx(ref.rsquared, rel=1e-10)
    assert fit.adj_r2 == pytest.approx(ref.rsquared_adj, rel=1e-10)


@pytest.mark.parametrize("lags", [0, 1, 5])
@pytest.mark.parametrize("correction", [True, False])
def test_newey_west_matches_statsmodels(design, lags, correction):
    X, y, _ = design
    ref = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": correction})
    fit = ols(X, y)
    assert newey_west_cov(X, fit.resid, lags, correction) == pytest.approx(
        ref.cov_params(), rel=1e-9
    )


def test_cluster_cov_matches_statsmodels(design):
    X, y, day = design
    ref = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": day})
    fit = ols(X, y)
    assert cluster_cov(X, fit.resid, day) == pytest.approx(ref.cov_params(), rel=1e-9)


@pytest.mark.parametrize("gaps", [False, True])
def test_robust_fit_is_cluster_cov_inflated_per_coefficient(design, gaps):
    X, y, day = design
    if gaps:  # whole weeks without check-ins: only consecutive days pair up
        day = day + 7 * (day // 10)
    ref = robust_longhand(X, y, day)  # rho from METHODS §2/§4, none of it from our code
    rf = robust_fit(X, y, day)
    assert ref.rho[0] > 0 and np.all(ref.rho[1:] >= 0)  # the constant carries the residual's
    assert len(set(np.round(ref.rho, 6))) > 2  # per coefficient, not one number for all
    assert rf.rho == pytest.approx(ref.rho, rel=1e-9, abs=1e-12)
    assert rf.se == pytest.approx(ref.se, rel=1e-9)
    assert rf.n_eff == pytest.approx(ref.n_eff, rel=1e-9)
    assert rf.df == pytest.approx(ref.df, rel=1e-9)
    assert np.all(rf.n_eff <= rf.n_days)
    lo, hi = rf.ci95()
    assert np.all(lo < rf.fit.coef) and np.all(rf.fit.coef < hi)


def test_lag1_autocorr_is_statsmodels_adjusted_acf_without_gaps():
    from statsmodels.tsa.stattools import acf

    x = ar1(np.random.default_rng(2), 80, 0.7)
    days = np.arange(80)
    assert lag1_autocorr(x, days) == pytest.approx(acf(x, adjusted=True, nlags=1)[1], rel=1e-12)
    r1 = lag1_autocorr(x, days)
    assert lag1_autocorr_corrected(x, days) == pytest.approx(r1 + (1 + 4 * r1) / 80)


def test_lag1_autocorr_skips_gaps_and_gives_zero_without_pairs():
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    assert lag1_autocorr(x, np.array([0, 2, 4, 6, 8, 10])) == 0.0  # no consecutive days
    assert lag1_autocorr(np.ones(10), np.arange(10)) == 0.0  # constant
    with_gap = lag1_autocorr(x, np.array([0, 1, 2, 10, 11, 12]))
    dev = x - x.mean()
    pairs = [(0, 1), (1, 2), (3, 4), (4, 5)]
    expected = (sum(dev[a] * dev[b] for a, b in pairs) / 4) / (dev @ dev / 6)
    assert with_gap == pytest.approx(expected)
