"""Assemble one skill's section of the report from arrays (see docs/REPORT_SCHEMA.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.analysis import guards
from tracker.analysis.adjusted import adjusted_series
from tracker.analysis.correlation import associate
from tracker.analysis.crossval import share_explained
from tracker.analysis.fcr import FcrIntervals, fcr_intervals
from tracker.analysis.insights import insights
from tracker.analysis.multiplicity import fdr_adjust
from tracker.analysis.regression import RobustFit, robust_fit
from tracker.analysis.tags import (
    TagChoice,
    TagSeries,
    as_factor_values,
    choose_tags,
    tags_section,
)
from tracker.analysis.timeofday import (
    MIN_RHYTHM_CHECKINS,
    cosinor_columns,
    hourly_bins,
    hours_vary,
    period_means,
    rhythm,
)

MIN_COVERAGE = 0.5  # a factor enters the regression when recorded on half the rated check-ins
MIN_FACTOR_DAYS = 10
MIN_TREND_SPAN_DAYS = 14
MIN_RESIDUAL_DF = 10
CARRY_OVER_FACTORS = ("mood", "energy", "stress")
ESTIMATOR = "ols_cluster_day_ar1"


@dataclass
class FactorSeries:
    """One factor's values aligned with the skill's check-ins (NaN = not recorded)."""

    id: str
    name: str
    values: np.ndarray
    unit: str = ""
    kind: str = "number"
    archived: bool = False


@dataclass
class SkillSeries:
    """One skill's rated check-ins in time order, as arrays."""

    skill_id: str
    skill_name: str
    timestamps: list[str]
    rating: np.ndarray
    day: np.ndarray  # local calendar day as a proleptic ordinal
    hour: np.ndarray  # local hour of day, fractional
    factors: list[FactorSeries] = field(default_factory=list)
    tags: list[TagSeries] = field(default_factory=list)  # by day (analysis/tags.py)


def analyse_skill(s: SkillSeries) -> dict[str, Any]:
    """Every section of the report for one skill."""
    n = len(s.rating)
    section: dict[str, Any] = {
        "skill": {"id": s.skill_id, "name": s.skill_name},
        "counts": _counts(s),
        "correlations": [],
        "regression": {"available": False, "reason": "no ratings"},
        "tags": tags_section([], set(), None),
        "time_of_day": None,
        "carry_over": [],
        "adjusted": {"available": False, "series": []},
    }
    if n == 0:
        section["insights"] = insights(section)
        return section
    section["correlations"] = _correlations(s)
    section["regression"], adjusted, section["tags"] = _regression(s)
    section["time_of_day"] = _time_of_day(s)
    section["carry_over"] = _carry_over(s)
    section["adjusted"] = adjusted
    section["insights"] = insights(section)
    return section


def _counts(s: SkillSeries) -> dict[str, Any]:
    days = np.unique(s.day)
    return {
        "checkins": len(s.rating),
        "days": len(days),
        "first": s.timestamps[0] if s.timestamps else None,
        "last": s.timestamps[-1] if s.timestamps else None,
        "per_factor": {f.id: int((~np.isnan(f.values)).sum()) for f in s.factors},
    }


def _factor_info(f: FactorSeries) -> dict[str, Any]:
    return {"factor": f.id, "name": f.name, "unit": f.unit, "kind": f.kind, "archived": f.archived}


def _correlations(s: SkillSeries) -> list[dict[str, Any]]:
    out = []
    for f in s.factors:
        a = associate(f.values, s.rating, s.day)
        if a is None:
            continue
        lo, hi = a["pearson"]["ci95"]
        a["status"] = guards.status(a["n_eff"], lo > 0 or hi < 0)
        a["more_days_needed"] = guards.more_days_needed(a["n_eff"], a["n"])
        out.append(_factor_info(f) | a)
    return out


def _trend_years(s: SkillSeries) -> np.ndarray:
    years: np.ndarray = (s.day - s.day.min() + s.hour / 24.0) / 365.25
    return years


def same_rating_reason(rating: np.ndarray) -> str | None:
    """Why nothing can explain the rating: it never varied (None when it did)."""
    if len(rating) == 1:
        return "only one check-in so far"
    if len(rating) and np.ptp(rating) == 0:
        return f"every rating so far is {rating[0]:g}"
    return None


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _regression(s: SkillSeries) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The regression section, the adjusted series and the tags: design, fit, format
    (§4-5, §4b, §10)."""
    design, choice = _design(s)
    if isinstance(design, str):
        return ({"available": False, "reason": design}, {"available": False, "series": []},
                tags_section(choice.records, set(), design))
    regression, adjusted = _format(s, design, _fit(design), choice)
    return regression, adjusted, tags_section(choice.records, {f.id for f in design.used}, None)


@dataclass
class _Design:
    """The regression's rows and columns: the base terms first, then the factors entered."""

    rows: np.ndarray  # which check-ins are model rows (listwise complete)
    y: np.ndarray
    day: np.ndarray
    X: np.ndarray
    base_names: list[str]
    used: list[FactorSeries]  # the factors entered, then the tags entered (kind "tag")

    @property
    def nb(self) -> int:
        return len(self.base_names)

    @property
    def nf(self) -> int:
        """How many of ``used`` are factors (the state; the rest are tags)."""
        return sum(f.kind != "tag" for f in self.used)


@dataclass
class _Fit:
    """The robust fit with its intervals, tests and the factors' BY-adjusted q values."""

    rf: RobustFit
    lo: np.ndarray
    hi: np.ndarray
    p: np.ndarray
    t: np.ndarray
    q: np.ndarray


def _design(s: SkillSeries) -> tuple[_Design | str, TagChoice]:
    """The design matrix (§4, §4b), or the reason there is none, a sentence for people; and
    the tags judged on the model's rows."""
    n = len(s.rating)
    candidates, constant = [], []
    for f in s.factors:
        ok = ~np.isnan(f.values)
        if ok.sum() < MIN_COVERAGE * n or len(np.unique(s.day[ok])) < MIN_FACTOR_DAYS:
            continue
        if np.ptp(f.values[ok]) == 0:
            constant.append(f.name)
            continue
        candidates.append(f)
    rows = np.ones(n, dtype=bool)
    for f in candidates:
        rows &= ~np.isnan(f.values)
    choice = choose_tags(s.tags, s.day, rows)
    same = same_rating_reason(s.rating)
    if same:  # a constant rating: every coefficient and its SE would be rounding noise
        return same, choice
    if not candidates and not choice.chosen:
        return (f"{_and(constant)} {'has' if len(constant) == 1 else 'have'} not varied yet"
                if constant else "no factor recorded often enough"), choice
    tags = [FactorSeries(t.id, t.name, as_factor_values(t), kind="tag") for t in choice.chosen]
    y = s.rating[rows]
    day = s.day[rows]
    hour = s.hour[rows]
    base_cols: list[np.ndarray] = [np.ones(len(y))]
    base_names = ["const"]
    trend = _trend_years(s)[rows]
    if day.max() - day.min() >= MIN_TREND_SPAN_DAYS:
        base_cols.append(trend - trend.mean())
        base_names.append("trend_per_year")
    if hours_vary(hour):
        sc = cosinor_columns(hour)
        tod = [sc[:, 0] - sc[:, 0].mean(), sc[:, 1] - sc[:, 1].mean()]
        if _full_rank(np.column_stack(base_cols + tod)):
            base_cols += tod
            base_names += ["tod_sin", "tod_cos"]
    used: list[FactorSeries] = []
    cols = np.column_stack(base_cols)
    for f in [*candidates, *tags]:
        x = f.values[rows]
        trial = np.column_stack([cols, x - x.mean()])
        if _full_rank(trial):
            used.append(f)
            cols = trial
    if (not used or len(y) - cols.shape[1] < MIN_RESIDUAL_DF
            or len(np.unique(day)) < MIN_FACTOR_DAYS or np.ptp(y) == 0):
        return "too few complete check-ins", choice
    return _Design(rows, y, day, cols, base_names, used), choice


def _families(d: _Design) -> tuple[np.ndarray, ...]:
    """The two multiplicity families (§4b): the state factors, and the tags. Apart, so that
    adding a tag never changes what is said about a state factor."""
    tag = np.array([f.kind == "tag" for f in d.used], dtype=bool)
    return tuple(fam for fam in (~tag, tag) if fam.any())


def _fit(d: _Design) -> _Fit:
    """OLS with day-clustered AR(1) errors (§4); BY q within each family (§4, §4b)."""
    rf = robust_fit(d.X, d.y, d.day)
    lo, hi = rf.ci95()
    p = rf.pvalues()
    q = np.empty(len(d.used))
    for fam in _families(d):
        q[fam] = fdr_adjust(p[d.nb:][fam], "by")
    return _Fit(rf, lo, hi, p, rf.tvalues(), q)


def _family_fcr(d: _Design, fit: _Fit) -> FcrIntervals:
    """FCR-adjusted intervals (§4a) within each family, so they agree with its q values."""
    idx = np.arange(d.nb, d.X.shape[1])
    coef, se, df = fit.rf.fit.coef[idx], fit.rf.se[idx], fit.rf.df[idx]
    lo, hi, level = np.empty(len(idx)), np.empty(len(idx)), np.empty(len(idx))
    selected = np.zeros(len(idx), dtype=bool)
    for fam in _families(d):
        part = fcr_intervals(coef[fam], se[fam], df[fam], fit.q[fam], guards.ALPHA)
        lo[fam], hi[fam], level[fam], selected[fam] = (part.lo, part.hi, part.level,
                                                       part.selected)
    return FcrIntervals(lo, hi, level, selected)


def _format(s: SkillSeries, d: _Design, fit: _Fit,
            choice: TagChoice) -> tuple[dict[str, Any], dict[str, Any]]:
    """The regression section and the adjusted series as the report's JSON shapes."""
    rf, lo, hi, p, q, nb = fit.rf, fit.lo, fit.hi, fit.p, fit.q, d.nb
    fcr = _family_fcr(d, fit)
    days = {r["factor"]: r for r in choice.records}
    factors = []
    for i, f in enumerate(d.used):
        j = nb + i
        sd = float(np.std(f.values[d.rows], ddof=1))
        sig = bool(q[i] < guards.ALPHA)
        status = guards.status(float(rf.n_eff[j]), sig)
        shown = status != guards.INSUFFICIENT  # no interval where §8 allows no claim
        adj = [float(fcr.lo[i]), float(fcr.hi[i])] if shown else None
        factors.append(
            _factor_info(f)
            | {
                "estimate": float(rf.fit.coef[j]),
                "se": float(rf.se[j]),
                "ci95": [float(lo[j]), float(hi[j])],
                "sd": sd,
                "per_sd": float(rf.fit.coef[j]) * sd,
                "per_sd_ci95": [float(lo[j]) * sd, float(hi[j]) * sd],
                "ci95_adjusted": adj,
                "per_sd_ci95_adjusted": [adj[0] * sd, adj[1] * sd] if adj else None,
                "ci_adjusted_level": float(fcr.level[i]) if adj else None,
                "t": float(fit.t[j]),
                "df": float(rf.df[j]),
                "p": float(p[j]),
                "q": float(q[i]),
                "rho": float(rf.rho[j]),
                "n_eff": float(rf.n_eff[j]),
                "status": status,
                "more_days_needed": guards.more_days_needed(float(rf.n_eff[j]), rf.n_days),
            }
            | (_tag_extras(f, days[f.id]) if f.kind == "tag" else {})
        )
    terms = [
        {
            "term": name,
            "estimate": float(rf.fit.coef[j]),
            "se": float(rf.se[j]),
            "ci95": [float(lo[j]), float(hi[j])],
            "p": float(p[j]),
            "n_eff": float(rf.n_eff[j]),
        }
        for j, name in enumerate(d.base_names)
    ]
    result = {
        "available": True,
        "estimator": ESTIMATOR,
        "lag": "AR(1) over consecutive calendar days (lag-1 autocorrelations, bias-corrected)",
        "n": len(d.y),
        "days": rf.n_days,
        "k": d.X.shape[1],
        "columns": d.base_names + [f.id for f in d.used],
        "excluded_factors": [f.id for f in s.factors if f.id not in {u.id for u in d.used}],
        "r2": rf.fit.r2,
        "adj_r2": rf.fit.adj_r2,
        "multiplicity": "benjamini_yekutieli",
        "share_explained": (share_explained(d.X[:, :nb + d.nf], d.y, d.day, nb)
                            if d.nf else None),  # the state's share: tags are not state
        "base_terms": terms,
        "factors": factors,
    }
    state = d.used[:d.nf]  # the rating at your average state: the factors, not the tags
    if not state:
        return result, {"available": False, "series": []}
    idx = np.arange(nb, nb + d.nf)
    adj_series = adjusted_series(d.y, d.X[:, idx], rf.fit.coef[idx], rf.cov[np.ix_(idx, idx)],
                                 d.day)
    ts = [t for t, keep in zip(s.timestamps, d.rows, strict=True) if keep]
    keys = ("adjusted", "se", "rolling7", "rolling7_se", "rolling7_raw")
    columns = [d.y.tolist()] + [adj_series[key].tolist() for key in keys]
    series = [
        dict(zip(("at", "rating", *keys), row, strict=True))
        for row in zip(ts, *columns, strict=True)
    ]
    adjusted = {
        "available": True,
        "factors": [f.id for f in state],
        "means": {f.id: float(f.values[d.rows].mean()) for f in state},
        "series": series,
        "latest": series[-1],
    }
    return result, adjusted


def _tag_extras(f: FactorSeries, record: dict[str, Any]) -> dict[str, Any]:
    """A tag's days with and without it among the model's days, and its natural unit."""
    return {"days_with": record["days_with"], "days_without": record["days_without"],
            "natural_unit": f"on days tagged {f.name}"}


def _full_rank(X: np.ndarray) -> bool:
    """Columns linearly independent: smallest eigenvalue of the scaled Gram matrix > 1e-10."""
    gram = X.T @ X
    scale = np.sqrt(np.diag(gram))
    if np.any(scale == 0):
        return False
    return bool(np.linalg.eigvalsh(gram / np.outer(scale, scale))[0] > 1e-10)


def _time_of_day(s: SkillSeries) -> dict[str, Any]:
    out: dict[str, Any] = {
        "periods": period_means(s.rating, s.hour, s.day),
        "bins": hourly_bins(s.rating, s.hour),
        "cosinor": None,
    }
    reason = same_rating_reason(s.rating)
    if reason is None and len(np.unique(s.day)) < 2:
        reason = "all check-ins are on one day"
    elif reason is None and len(s.hour) < MIN_RHYTHM_CHECKINS:
        reason = "too few check-ins"
    elif reason is None and not hours_vary(s.hour):
        reason = "check-in times hardly vary"
    if reason:
        out["cosinor_reason"] = reason
        return out
    trend = _trend_years(s)
    sc = cosinor_columns(s.hour)
    cols = [np.ones(len(s.rating))]
    if s.day.max() - s.day.min() >= MIN_TREND_SPAN_DAYS:
        cols.append(trend - trend.mean())
    cols += [sc[:, 0], sc[:, 1]]
    X = np.column_stack(cols)
    if not _full_rank(X):
        out["cosinor_reason"] = "check-in times hardly vary"
        return out
    if len(s.rating) - X.shape[1] < MIN_RESIDUAL_DF:
        out["cosinor_reason"] = "too few check-ins"
        return out
    rf = robust_fit(X, s.rating, s.day)
    k = X.shape[1]
    cos = rhythm(rf, k - 2, k - 1)
    cos["mesor"] = float(rf.fit.coef[0])
    cos["n"] = len(s.rating)
    cos["status"] = guards.status(cos["n_eff"], cos["p"] < guards.ALPHA)
    out["cosinor"] = cos
    return out


def _carry_over(s: SkillSeries) -> list[dict[str, Any]]:
    days, inverse = np.unique(s.day, return_inverse=True)
    rating_day = np.bincount(inverse, weights=s.rating) / np.bincount(inverse)
    out = []
    for f in s.factors:
        if f.id not in CARRY_OVER_FACTORS:
            continue
        ok = ~np.isnan(f.values)
        if not ok.any():
            continue
        fd, fi = np.unique(s.day[ok], return_inverse=True)
        fmean = np.bincount(fi, weights=f.values[ok]) / np.bincount(fi)
        pos = np.searchsorted(fd, days - 1)
        pos = np.minimum(pos, len(fd) - 1)
        has = fd[pos] == days - 1
        prev = np.where(has, fmean[pos], np.nan)
        a = associate(prev, rating_day, days)
        if a is None:
            continue
        lo, hi = a["pearson"]["ci95"]
        a["status"] = guards.status(a["n_eff"], lo > 0 or hi < 0)
        a["more_days_needed"] = guards.more_days_needed(a["n_eff"], a["n"])
        out.append(_factor_info(f) | {"lag_days": 1} | a)
    return out
