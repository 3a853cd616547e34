"""FCR-adjusted intervals (METHODS §4a): they cross 0 exactly when there is no claim, they
match an independent computation (statsmodels' BY selection, scipy's t quantile), and the
selected ones cover their parameter as Benjamini & Yekutieli (2005) promise."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import t as student_t
from statsmodels.stats.multitest import multipletests

from tests.analysis.simulate import ar1
from tracker.analysis import guards
from tracker.analysis.distributions import t_ppf, t_sf
from tracker.analysis.fcr import crosses_zero, fcr_intervals, harmonic
from tracker.analysis.multiplicity import fdr_adjust
from tracker.analysis.regression import robust_fit
from tracker.analysis.skill_report import FactorSeries, SkillSeries, analyse_skill

ALPHA = guards.ALPHA
STRESS = bool(os.environ.get("TOUCHSTONE_STRESS"))


@st.composite
def families(draw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """m estimates with SEs and dfs; some t values sit exactly on a BY step k·α/(m c_m)."""
    m = draw(st.integers(1, 12))
    df = np.array(draw(st.lists(st.floats(1.0, 300.0), min_size=m, max_size=m)))
    se = np.array(draw(st.lists(st.floats(1e-3, 10.0), min_size=m, max_size=m)))
    t = []
    for i in range(m):
        if draw(st.booleans()):  # on the boundary of a step of the BY procedure
            k = draw(st.integers(1, m))
            a = k * ALPHA / (m * harmonic(m))
            t.append(float(t_ppf(1 - a / 2, df[i])))
        else:
            t.append(draw(st.floats(0.0, 8.0)))
    sign = np.array(draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=m, max_size=m)))
    return sign * np.array(t) * se, se, df


def _report_way(coef, se, df):
    """p and q as the report computes them (RobustFit.pvalues, fdr_adjust)."""
    p = 2.0 * np.asarray(t_sf(np.abs(coef / se), df))
    return p, fdr_adjust(p, "by")


@settings(max_examples=300 if STRESS else 120, deadline=None)
@given(families())
def test_the_adjusted_interval_crosses_zero_exactly_when_q_is_not_below_alpha(family):
    coef, se, df = family
    _, q = _report_way(coef, se, df)
    out = fcr_intervals(coef, se, df, q, ALPHA)
    for i in range(len(coef)):
        assert crosses_zero(out.lo[i], out.hi[i]) == (q[i] >= ALPHA), (coef[i], q[i])
    # the clamp that makes this exact only absorbs rounding: the half-width is the t one
    half = np.asarray(t_ppf(1 - (1 - out.level) / 2, df)) * se
    assert (out.hi - out.lo) / 2 == pytest.approx(half, rel=1e-9, abs=1e-12)


def test_seeded_p_value_sets_through_the_formula_match_statsmodels_and_scipy():
    """2000 random families: selection = multipletests(fdr_by), level from the paper."""
    rng = np.random.default_rng(2005)
    for _ in range(2000):
        m = int(rng.integers(1, 15))
        df = rng.uniform(2, 200, m)
        se = rng.uniform(0.01, 3, m)
        coef = rng.standard_normal(m) * se * rng.choice([0.5, 2.0, 4.0], m)
        p, q = _report_way(coef, se, df)
        out = fcr_intervals(coef, se, df, q, ALPHA)
        reject = multipletests(p, alpha=ALPHA, method="fdr_by")[0]
        assert np.array_equal(out.selected, reject)
        r, c_m = int(reject.sum()), sum(1 / i for i in range(1, m + 1))
        miss = np.where(reject, r, r + 1) * ALPHA / (m * c_m)
        half = student_t.ppf(1 - miss / 2, df) * se
        assert out.lo == pytest.approx(coef - half, rel=1e-9, abs=1e-12)
        assert out.hi == pytest.approx(coef + half, rel=1e-9, abs=1e-12)
        crossing = (out.lo <= 0) & (out.hi >= 0)
        assert np.array_equal(crossing, ~reject)


def _sections(seed: int, reps: int):
    """Simulated skills with 5 factors (two real, three null) through ``analyse_skill``."""
    rng = np.random.default_rng(seed)
    for _ in range(reps):
        n = int(rng.integers(25, 120))
        day = np.arange(738000, 738000 + n)
        xs = [ar1(rng, n, 0.5) for _ in range(5)]
        effects = rng.choice([0.0, 0.15, 0.3, 0.6], 2)
        y = effects[0] * xs[0] + effects[1] * xs[1] + ar1(rng, n, 0.5)
        factors = [FactorSeries(f"f{i}", f"F{i}", x) for i, x in enumerate(xs)]
        yield analyse_skill(SkillSeries("s", "S", [f"d{d}" for d in day], y, day,
                                        np.full(n, 9.0), factors))


def test_in_the_report_the_adjusted_interval_crosses_zero_exactly_when_not_claimed():
    """The report's own JSON: null ⇔ insufficient_data, else crosses 0 ⇔ no claim; and the
    interval is the one statsmodels + scipy give for the report's estimate, se, df, p."""
    seen = set()
    for section in _sections(16, 200 if STRESS else 40):
        factors = section["regression"]["factors"]
        p = np.array([f["p"] for f in factors])
        reject = multipletests(p, alpha=ALPHA, method="fdr_by")[0]
        m, r = len(factors), int(reject.sum())
        for f, sel in zip(factors, reject, strict=True):
            seen.add(f["status"])
            claimed = f["status"] in (guards.CLAIMED, guards.TENTATIVE)
            if f["status"] == guards.INSUFFICIENT:
                assert f["ci95_adjusted"] is None and f["per_sd_ci95_adjusted"] is None
                continue
            assert crosses_zero(*f["ci95_adjusted"]) == (not claimed)
            assert crosses_zero(*f["per_sd_ci95_adjusted"]) == (not claimed)
            assert sel == claimed
            miss = (r if sel else r + 1) * ALPHA / (m * harmonic(m))
            assert f["ci_adjusted_level"] == pytest.approx(1 - miss, rel=1e-12)
            half = student_t.ppf(1 - miss / 2, f["df"]) * f["se"]
            assert f["ci95_adjusted"] == pytest.approx(
                [f["estimate"] - half, f["estimate"] + half], rel=1e-9)
            assert f["per_sd_ci95_adjusted"] == pytest.approx(
                [v * f["sd"] for v in f["ci95_adjusted"]], rel=1e-12)
    assert {guards.CLAIMED, guards.NO_EVIDENCE, guards.INSUFFICIENT} <= seen


def test_one_factor_gets_the_plain_95_interval():
    """m = 1: c_1 = 1 and R or R + 1 is 1, so the adjusted interval is the 95 % one."""
    coef, se, df = np.array([0.4]), np.array([0.2]), np.array([40.0])
    p, q = _report_way(coef, se, df)
    out = fcr_intervals(coef, se, df, q, ALPHA)
    half = student_t.ppf(0.975, 40) * 0.2
    assert [out.lo[0], out.hi[0]] == pytest.approx([0.4 - half, 0.4 + half], rel=1e-12)
    assert out.level[0] == pytest.approx(0.95)


def test_selected_intervals_keep_the_false_coverage_rate():
    """8 AR(1) factors, 3 with real effects, n = 120 days: the share of selected intervals that
    miss their true coefficient, averaged over runs, stays ≤ 5 % (+ simulation slack)."""
    reps = 2000 if STRESS else 400
    rng = np.random.default_rng(71)
    n, m = 120, 8
    beta = np.array([0.6, 0.45, 0.3, 0, 0, 0, 0, 0])
    day = np.arange(n)
    ratios, selected_any = [], 0
    for _ in range(reps):
        X = np.column_stack([ar1(rng, n, 0.5) for _ in range(m)])
        y = X @ beta + ar1(rng, n, 0.5)
        design = np.column_stack([np.ones(n), X - X.mean(axis=0)])
        rf = robust_fit(design, y, day)
        q = fdr_adjust(rf.pvalues()[1:], "by")
        out = fcr_intervals(rf.fit.coef[1:], rf.se[1:], rf.df[1:], q, ALPHA)
        r = int(out.selected.sum())
        misses = ((out.lo > beta) | (out.hi < beta)) & out.selected
        ratios.append(misses.sum() / max(r, 1))
        selected_any += r > 0
    assert selected_any / reps > 0.8  # the claim is tested where claims are made
    print(f"FCR {np.mean(ratios):.4f}, runs with a selection {selected_any / reps:.3f}")
    assert np.mean(ratios) <= 0.07
