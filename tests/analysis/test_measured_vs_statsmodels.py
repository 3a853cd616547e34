"""The felt-vs-measured numbers reproduced from the raw rows with statsmodels (METHODS §M7).

The recipe uses statsmodels for every OLS and cluster covariance, numpy only for the
moment-corrected solve, and a numerical-derivative sandwich written here, none of it from
``tracker.analysis.eiv``.
"""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from tests.analysis.simulate_measured import journal
from tracker.analysis.measured import PRACTICE_SESSIONS, analyse_measure


@pytest.fixture(scope="module")
def case():
    rng = np.random.default_rng(2026)
    ms = journal(rng, days=150, clouding=0.4, practice=0.5)
    # several probes on some days: the clusters must be days, not rows
    ms.day[10:40] = ms.day[10:40] - ms.day[10:40] % 2
    return ms, analyse_measure(ms)


def _recipe(ms):
    keep = ms.session > PRACTICE_SESSIONS
    day = ms.day[keep]
    t = (day - day.min()) / 365.25
    ls = np.log(ms.session[keep].astype(float))
    mood = ms.factors[0].values[keep]
    Z = np.column_stack([np.ones(keep.sum()), t - t.mean(), ls - ls.mean(), mood - mood.mean()])
    score = ms.score[keep]
    sd = score.std(ddof=1)
    m = (score - score.mean()) / sd
    err = ms.error_variance[keep] / sd**2
    return Z, m, err, ms.rating[keep], day


def _inflate(se, rho):
    return se * np.sqrt((1 + rho) / (1 - rho))


def test_rating_performance_and_uncorrected_clouding_are_statsmodels_ols(case):
    ms, rec = case
    Z, m, _, y, day = _recipe(ms)
    (f,) = rec["factors"]
    cl = {"groups": day}
    r = sm.OLS(y, Z).fit(cov_type="cluster", cov_kwds=cl)
    p = sm.OLS(m, Z).fit(cov_type="cluster", cov_kwds=cl)
    n = sm.OLS(y, np.column_stack([Z, m])).fit(cov_type="cluster", cov_kwds=cl)
    assert rec["columns"] == ["const", "trend_per_year", "log_session", "mood"]
    assert f["rating"]["estimate"] == pytest.approx(r.params[3], rel=1e-9)
    assert f["rating"]["se"] == pytest.approx(_inflate(r.bse[3], f["rating"]["rho"]), rel=1e-9)
    assert f["performance"]["estimate"] == pytest.approx(p.params[3], rel=1e-9)
    assert f["performance"]["se"] == pytest.approx(_inflate(p.bse[3], f["performance"]["rho"]),
                                                   rel=1e-9)
    u = f["clouding_uncorrected"]
    assert u["estimate"] == pytest.approx(n.params[3], rel=1e-9)
    assert u["se"] == pytest.approx(_inflate(n.bse[3], u["rho"]), rel=1e-9)
    practice = rec["practice_per_log_session"]
    assert practice["estimate"] == pytest.approx(p.params[2], rel=1e-9)


def test_corrected_clouding_is_the_moment_corrected_solve_with_its_sandwich(case):
    ms, rec = case
    Z, m, err, y, day = _recipe(ms)
    (f,) = rec["factors"]
    W = np.column_stack([Z, m])
    k = W.shape[1]
    lam = np.diag([0.0] * (k - 1) + [err.sum()])
    theta = np.linalg.solve(W.T @ W - lam, W.T @ y)
    assert f["clouding"]["estimate"] == pytest.approx(theta[3], rel=1e-9)
    assert rec["slope_on_performance"]["estimate"] == pytest.approx(theta[-1], rel=1e-9)
    # b_R = c + g·b_P, corrected or not
    b_p = sm.OLS(m, Z).fit().params[3]
    assert f["via_performance"]["estimate"] == pytest.approx(theta[-1] * b_p, rel=1e-9)
    assert f["rating"]["estimate"] == pytest.approx(theta[3] + theta[-1] * b_p, rel=1e-9)

    def scores(th):  # per day sums of ψ_i = W_i(y_i − W_i'θ) + Λ_i θ
        psi = W * (y - W @ th)[:, None]
        psi[:, -1] += err * th[-1]
        days = np.unique(day)
        return np.array([psi[day == d].sum(axis=0) for d in days])

    h = 1e-6
    jac = np.column_stack([(scores(theta + h * e).sum(0) - scores(theta - h * e).sum(0)) / (2 * h)
                           for e in np.eye(k)])
    s = scores(theta)
    g, n = len(s), len(y)
    bread = np.linalg.inv(jac)
    cov = bread @ (s.T @ s) @ bread.T * g / (g - 1) * (n - 1) / (n - k)
    se = np.sqrt(cov[3, 3])
    assert f["clouding"]["se"] == pytest.approx(_inflate(se, f["clouding"]["rho"]), rel=1e-6)
    # the correction costs precision, and says so
    assert f["clouding"]["se"] > f["clouding_uncorrected"]["se"]


def test_by_and_fcr_follow_statsmodels_multipletests():
    from statsmodels.stats.multitest import multipletests

    from tracker.analysis.skill_report import FactorSeries

    rng = np.random.default_rng(5)
    ms = journal(rng, days=120, clouding=0.5, mood_on_performance=0.0)
    ms.factors += [FactorSeries("sleep", "Sleep", rng.normal(7, 1, 120), "h"),
                   FactorSeries("stress", "Stress", rng.integers(1, 11, 120).astype(float))]
    rec = analyse_measure(ms)
    p = np.array([f["clouding"]["p"] for f in rec["factors"]])
    q = multipletests(p, method="fdr_by")[1]
    assert [f["clouding"]["q"] for f in rec["factors"]] == pytest.approx(q, rel=1e-9)
    for f in rec["factors"]:
        lo, hi = f["clouding"]["ci95_adjusted"]
        assert (lo > 0 or hi < 0) == (f["clouding"]["q"] < 0.05)


def test_prediction_error_is_statsmodels_ols_on_the_state(case):
    ms, rec = case
    keep = (ms.session > PRACTICE_SESSIONS) & np.isfinite(ms.prediction)
    mood = ms.factors[0].values[keep]
    d = ms.prediction[keep] - ms.score[keep]
    X = sm.add_constant(mood - mood.mean())
    ref = sm.OLS(d, X).fit(cov_type="cluster", cov_kwds={"groups": ms.day[keep]})
    pe = rec["prediction_error"]
    (f,) = pe["factors"]
    assert pe["mean"]["estimate"] == pytest.approx(ref.params[0], rel=1e-9)
    assert f["estimate"] == pytest.approx(ref.params[1], rel=1e-9)
    assert f["se"] == pytest.approx(_inflate(ref.bse[1], f["rho"]), rel=1e-9)
