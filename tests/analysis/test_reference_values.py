"""The analysis against numbers it did not produce: published Fisher and Spearman (statpsych)
intervals, Anscombe's quartet, a Benjamini–Hochberg example, scipy (BY) and Stata (Newey–West)."""

from __future__ import annotations

import numpy as np
import pytest

from tracker.analysis.correlation import fisher_interval, pearson, spearman, spearman_interval
from tracker.analysis.multiplicity import fdr_adjust
from tracker.analysis.regression import newey_west_cov, ols


@pytest.mark.parametrize(
    ("r", "n", "lo", "hi", "tol"),
    [
        (0.56, 60, 0.3568, 0.7126, 1e-4),
        (-0.654, 34, -0.8125, -0.4055, 1e-4),
        (0.3, 30, -0.07, 0.60, 5e-3),
    ],
)
def test_fisher_interval_matches_published(r, n, lo, hi, tol):
    got = fisher_interval(r, n)
    assert got == pytest.approx((lo, hi), abs=tol)


def test_spearman_interval_matches_statpsych_ci_spear():
    # statpsych ci.spear(.05, y, x) example: n = 15 gives rs = 0.8699639
    got = spearman_interval(0.8699639, 15)
    assert got == pytest.approx((0.5840951, 0.9638297), abs=1e-6)


ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
ANSCOMBE_Y = {
    "I": [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68],
    "II": [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74],
    "III": [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73],
}
ANSCOMBE_X4 = [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8]
ANSCOMBE_Y4 = [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89]


@pytest.mark.parametrize(
    ("x", "y"),
    [(ANSCOMBE_X, v) for v in ANSCOMBE_Y.values()] + [(ANSCOMBE_X4, ANSCOMBE_Y4)],
)
def test_anscombe_quartet_same_fit(x, y):
    x, y = np.array(x, float), np.array(y, float)
    fit = ols(np.column_stack([np.ones(11), x]), y)
    assert pearson(x, y) == pytest.approx(0.816, abs=1e-3)
    assert fit.coef == pytest.approx([3.00, 0.500], abs=3e-3)
    assert fit.r2 == pytest.approx(0.67, abs=5e-3)


def test_anscombe_spearman_differs():
    assert spearman(np.array(ANSCOMBE_X, float), np.array(ANSCOMBE_Y["I"])) == pytest.approx(
        0.818, abs=1e-3
    )
    assert spearman(np.array(ANSCOMBE_X4, float), np.array(ANSCOMBE_Y4)) == pytest.approx(
        0.5, abs=1e-3
    )


P_BH = [0.50, 0.01, 0.001, 0.69, 0.02, 0.05, 0.0025]


def test_benjamini_hochberg_reference():
    q = fdr_adjust(P_BH, "bh")
    assert q == pytest.approx([0.5833, 0.0233, 0.0070, 0.69, 0.0350, 0.0700, 0.00875], abs=1e-4)
    assert (q < 0.05).astype(int).tolist() == [0, 1, 1, 0, 1, 0, 1]


def test_benjamini_yekutieli_matches_scipy():
    from scipy.stats import false_discovery_control

    assert fdr_adjust(P_BH, "by") == pytest.approx(false_discovery_control(P_BH, method="by"))
    assert len(fdr_adjust([], "by")) == 0
    with pytest.raises(ValueError, match="unknown method"):
        fdr_adjust(P_BH, "holm")


def test_newey_west_matches_stata_on_macrodata():
    from statsmodels.datasets import macrodata

    d = macrodata.load_pandas().data
    y = 400 * np.diff(np.log(d["realinv"].to_numpy()))
    x1 = 400 * np.diff(np.log(d["realgdp"].to_numpy()))
    x2 = d["realint"].to_numpy()[:-1]
    X = np.column_stack([x1, x2, np.ones(len(y))])
    fit = ols(X, y)
    se = np.sqrt(np.diag(newey_west_cov(X, fit.resid, 4, use_correction=True)))
    assert len(y) == 202
    assert se == pytest.approx([0.33125645, 0.29582348, 1.18593381], rel=1e-6)
