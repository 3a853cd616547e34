"""Felt vs measured for one measure (a probe kind or a daily outcome), from arrays (METHODS §M).

Rows are measured scores, each with the self-rating and the state that go with it. Per factor:
its pull on the rating, on measured performance (in SDs of the score and in rating-equivalent
units) and the clouding (``eiv.split_fit``), each under the report's honesty rules:
day-clustered AR(1)-inflated errors, Benjamini–Yekutieli q across factors, FCR-adjusted
intervals and the n_eff guards of §8. Probes have a practice term and their first sessions are
practice; outcomes have no error variance, so their clouding is uncorrected and an overstatement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracker.analysis import guards
from tracker.analysis.distributions import t_ppf, t_sf
from tracker.analysis.eiv import MIN_PARTIAL_RELIABILITY, partial_reliability, split_fit
from tracker.analysis.fcr import fcr_intervals
from tracker.analysis.multiplicity import fdr_adjust
from tracker.analysis.regression import robust_fit
from tracker.analysis.skill_report import (
    MIN_COVERAGE,
    MIN_FACTOR_DAYS,
    MIN_RESIDUAL_DF,
    MIN_TREND_SPAN_DAYS,
    FactorSeries,
    _full_rank,
)

PRACTICE_SESSIONS = 3  # a probe kind's first sessions: learning the task, not measuring
TOO_FEW = "too few measured days with a rating and the state recorded"
FAMILIES = ("rating", "performance", "via_performance", "clouding", "clouding_uncorrected")


@dataclass
class MeasureSeries:
    """One measure's rows in time order: the measured score, its error variance (NaN when
    unknown: outcomes), the rating and factor values that go with it, and for probes the
    session number (1 = the first run of this kind) and the prediction made before."""

    id: str
    name: str
    unit: str
    kind: str  # "probe" or "outcome"
    higher_is_better: bool
    at: list[str]
    day: np.ndarray  # local calendar day, proleptic ordinal
    rating: np.ndarray
    score: np.ndarray
    error_variance: np.ndarray
    session: np.ndarray | None = None
    prediction: np.ndarray | None = None
    factors: list[FactorSeries] = field(default_factory=list)


@dataclass
class _Rows:
    keep: np.ndarray
    Z: np.ndarray
    base: list[str]
    used: list[FactorSeries]
    m: np.ndarray
    err: np.ndarray
    sd_score: float


def analyse_measure(ms: MeasureSeries) -> dict[str, Any]:
    """The measure's record of the ``measured`` section (REPORT_SCHEMA.md)."""
    practice = _practice(ms)
    out: dict[str, Any] = {
        "measure": {"id": ms.id, "name": ms.name, "unit": ms.unit, "kind": ms.kind,
                    "higher_is_better": ms.higher_is_better},
        "available": False,
        "reason": None,
        "correction": "errors_in_variables" if ms.kind == "probe" else "none",
        "clouding_is_upper_bound": ms.kind != "probe",
        "sessions": len(ms.score),
        "practice_sessions": int(practice.sum()),
        "n": 0, "days": 0, "reliability": None, "partial_reliability": None,
        "columns": [], "slope_on_performance": None, "practice_per_log_session": None,
        "factors": [], "points": [], "prediction_error": _prediction_error(ms, practice),
    }
    rows = _rows(ms, practice)
    out["points"] = _points(ms, practice)
    if isinstance(rows, str):
        out["reason"] = rows
        return out
    keep = rows.keep
    y, day = ms.rating[keep], ms.day[keep]
    out.update(n=int(keep.sum()), days=len(np.unique(day)), columns=rows.base + [
        f.id for f in rows.used])
    if ms.kind == "probe":
        out["reliability"] = float(1.0 - np.mean(rows.err) / np.var(rows.m, ddof=1))
        pr = partial_reliability(rows.Z, rows.m, rows.err)
        out["partial_reliability"] = pr
        if pr < MIN_PARTIAL_RELIABILITY:
            out["reason"] = (f"the measured {ms.name.lower()} is mostly noise once your state is "
                             f"held fixed (reliability {max(pr, 0.0):.2f}, "
                             f"{MIN_PARTIAL_RELIABILITY:.1f} needed)")
            return out
    nb = len(rows.base)
    cols = list(range(nb, rows.Z.shape[1]))
    prac = rows.base.index("log_session") if "log_session" in rows.base else None
    fit = split_fit(rows.Z, rows.m, rows.err, y, day, cols, prac)
    naive = split_fit(rows.Z, rows.m, np.zeros_like(rows.err), y, day, cols)
    sds = np.array([float(np.std(f.values[keep], ddof=1)) for f in rows.used])
    fams = {
        "rating": _family(fit.rating, fit.se_rating, fit, sds, fit.rho["rating"]),
        "performance": _family(fit.perf, fit.se_perf, fit, sds, fit.rho["perf"]),
        "via_performance": _family(fit.via, fit.se_via, fit, sds, fit.rho["via"]),
        "clouding": _family(fit.clouding, fit.se_clouding, fit, sds, fit.rho["clouding"]),
        "clouding_uncorrected": _family(naive.clouding, naive.se_clouding, naive, sds,
                                        naive.rho["clouding"]),
    }
    out["factors"] = [
        _info(f) | {"sd": float(sds[i]), "mean": float(np.mean(f.values[keep]))}
        | {name: fam[i] for name, fam in fams.items()}
        for i, f in enumerate(rows.used)]
    out["slope_on_performance"] = _single(fit.g, fit.se_g, fit.df_g, fit.n_eff_g, fit.rho_g,
                                          fit.n_days)
    if fit.practice is not None:
        est, se = fit.practice
        out["practice_per_log_session"] = {"estimate": est, "se": se}
    out["score_sd"] = rows.sd_score
    out["available"] = True
    return out


def _practice(ms: MeasureSeries) -> np.ndarray:
    if ms.session is None:
        return np.zeros(len(ms.score), dtype=bool)
    return np.asarray(ms.session <= PRACTICE_SESSIONS)


def _rows(ms: MeasureSeries, practice: np.ndarray) -> _Rows | str:
    """The model rows and design (§M1), or why there are none."""
    ok = np.isfinite(ms.rating) & np.isfinite(ms.score)
    if not ok.any():
        return "no measured score has a rating beside it yet"
    if ms.kind == "probe":
        ok &= np.isfinite(ms.error_variance)
        if not ok.any():
            return "the probes have no noise estimate (error variance) to correct with"
    ok &= ~practice
    if not ok.any():
        return f"the first {PRACTICE_SESSIONS} sessions are practice"
    n = int(ok.sum())
    if len(np.unique(ms.day[ok])) < MIN_FACTOR_DAYS:
        return TOO_FEW
    cands = []
    for f in ms.factors:
        has = ok & np.isfinite(f.values)
        if has.sum() >= MIN_COVERAGE * n and len(np.unique(ms.day[has])) >= MIN_FACTOR_DAYS \
                and np.ptp(f.values[has]) > 0:
            cands.append(f)
    if not cands:
        return "no factor recorded often enough beside the measured scores"
    for f in cands:
        ok = ok & np.isfinite(f.values)
    day = ms.day[ok]
    base_cols, base = [np.ones(int(ok.sum()))], ["const"]
    if day.max() - day.min() >= MIN_TREND_SPAN_DAYS:
        t = (day - day.min()) / 365.25
        base_cols.append(t - t.mean())
        base.append("trend_per_year")
    if ms.session is not None:
        ls = np.log(ms.session[ok].astype(float))
        if np.ptp(ls) > 0 and _full_rank(np.column_stack(base_cols + [ls - ls.mean()])):
            base_cols.append(ls - ls.mean())
            base.append("log_session")
    Z = np.column_stack(base_cols)
    used = []
    for f in cands:
        x = f.values[ok]
        trial = np.column_stack([Z, x - x.mean()])
        if _full_rank(trial):
            used.append(f)
            Z = trial
    score = ms.score[ok]
    sd = float(np.std(score, ddof=1)) if len(score) > 1 else 0.0
    if not used or len(score) - Z.shape[1] - 1 < MIN_RESIDUAL_DF \
            or len(np.unique(day)) < MIN_FACTOR_DAYS:
        return TOO_FEW
    if sd == 0 or np.ptp(ms.rating[ok]) == 0:
        return "the measured score or the rating has not varied yet"
    err = ms.error_variance[ok] / sd**2 if ms.kind == "probe" else np.zeros(len(score))
    return _Rows(ok, Z, base, used, (score - score.mean()) / sd, err, sd)


def _family(est: np.ndarray, se: np.ndarray, fit: Any, sds: np.ndarray,
            rho: np.ndarray) -> list[dict[str, Any]]:
    """Per factor: estimate, interval, q (BY across the factors), FCR interval and status;
    ``rho`` the AR(1) product that inflated ``se``."""
    df, n_eff = fit.df, fit.n_eff
    tv = np.divide(est, se, out=np.where(np.abs(est) > 1e-12, np.copysign(np.inf, est), 0.0),
                   where=se > 0)
    p = 2.0 * np.asarray(t_sf(np.abs(tv), df), dtype=float)
    q = fdr_adjust(p, "by")
    half = np.asarray(t_ppf(0.975, df), dtype=float) * se
    fcr = fcr_intervals(est, se, df, q, guards.ALPHA)
    out = []
    for i in range(len(est)):
        status = guards.status(float(n_eff[i]), bool(q[i] < guards.ALPHA))
        shown = status != guards.INSUFFICIENT
        adj = [float(fcr.lo[i]), float(fcr.hi[i])] if shown else None
        sd = float(sds[i])
        out.append({
            "estimate": float(est[i]), "se": float(se[i]),
            "ci95": [float(est[i] - half[i]), float(est[i] + half[i])],
            "per_sd": float(est[i]) * sd,
            "per_sd_ci95": [float(est[i] - half[i]) * sd, float(est[i] + half[i]) * sd],
            "ci95_adjusted": adj,
            "per_sd_ci95_adjusted": [adj[0] * sd, adj[1] * sd] if adj else None,
            "ci_adjusted_level": float(fcr.level[i]) if adj else None,
            "df": float(df[i]), "p": float(p[i]), "q": float(q[i]),
            "rho": float(rho[i]), "n_eff": float(n_eff[i]), "status": status,
            "more_days_needed": guards.more_days_needed(float(n_eff[i]), fit.n_days),
        })
    return out


def _single(est: float, se: float, df: float, n_eff: float, rho: float,
            n_days: int) -> dict[str, Any]:
    half = float(t_ppf(0.975, df)) * se
    p = float(2.0 * t_sf(abs(est / se), df)) if se > 0 else 0.0
    return {"estimate": est, "se": se, "ci95": [est - half, est + half], "df": df, "p": p,
            "rho": rho, "n_eff": n_eff,
            "status": guards.status(n_eff, p < guards.ALPHA),
            "more_days_needed": guards.more_days_needed(n_eff, n_days)}


def _info(f: FactorSeries) -> dict[str, Any]:
    return {"factor": f.id, "name": f.name, "unit": f.unit, "kind": f.kind,
            "archived": f.archived}


def _points(ms: MeasureSeries, practice: np.ndarray) -> list[dict[str, Any]]:
    """Per row, for the scatter and the two series: the rating and the score, each
    standardised over the non-practice rows (null where missing or not standardisable)."""
    def z(v: np.ndarray) -> list[float | None]:
        ref = v[~practice & np.isfinite(v)]
        if len(ref) < 2 or np.std(ref) == 0:
            return [None] * len(v)
        return _finite((v - ref.mean()) / np.std(ref, ddof=1))

    keys = ("at", "rating", "measured", "score", "practice")
    columns = (ms.at, z(ms.rating), z(ms.score), _finite(ms.score), practice.tolist())
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns, strict=True)]


def _finite(v: np.ndarray) -> list[float | None]:
    """``v`` as Python floats, None where not finite."""
    ok = np.isfinite(v)
    out: list[float | None] = np.where(ok, v, 0.0).tolist()
    if not ok.all():
        for i in np.flatnonzero(~ok).tolist():
            out[i] = None
    return out


def _prediction_error(ms: MeasureSeries, practice: np.ndarray) -> dict[str, Any]:
    """Predicted − measured score (the probe's units) regressed on the state (§M5)."""
    none: dict[str, Any] = {"available": False, "reason": None, "n": 0, "days": 0,
                            "mean": None, "factors": []}
    if ms.prediction is None:
        return none | {"reason": "no predictions for this measure"}
    ok = ~practice & np.isfinite(ms.prediction) & np.isfinite(ms.score)
    used = [f for f in ms.factors if _varies(f.values[ok & np.isfinite(f.values)], ok.sum())]
    for f in used:
        ok = ok & np.isfinite(f.values)
    n = int(ok.sum())
    if n - len(used) - 1 < MIN_RESIDUAL_DF or len(np.unique(ms.day[ok])) < MIN_FACTOR_DAYS:
        return none | {"reason": "too few predictions beside a measured score", "n": n}
    d = ms.prediction[ok] - ms.score[ok]
    X = np.ones((n, 1))
    kept = []
    for f in used:
        x = f.values[ok]
        trial = np.column_stack([X, x - x.mean()])
        if _full_rank(trial):
            X = trial
            kept.append(f)
    rf = robust_fit(X, d, ms.day[ok])
    lo, hi = rf.ci95()
    mean = {"estimate": float(rf.fit.coef[0]), "se": float(rf.se[0]),
            "ci95": [float(lo[0]), float(hi[0])], "n_eff": float(rf.n_eff[0]),
            "status": guards.status(float(rf.n_eff[0]), bool(lo[0] > 0 or hi[0] < 0))}
    sds = np.array([float(np.std(f.values[ok], ddof=1)) for f in kept])
    fam = _family(rf.fit.coef[1:], rf.se[1:], _RobustView(rf), sds, rf.rho[1:]) if kept else []
    return {"available": True, "reason": None, "n": n, "days": rf.n_days, "mean": mean,
            "factors": [_info(f) | {"sd": float(sds[i])} | fam[i] for i, f in enumerate(kept)]}


def _varies(values: np.ndarray, n: int) -> bool:
    """Recorded on at least ``MIN_COVERAGE`` of n rows, and not constant there."""
    return len(values) >= max(MIN_COVERAGE * n, 1) and float(np.ptp(values)) > 0


class _RobustView:
    """A ``RobustFit``'s factor block with the attribute names ``_family`` reads."""

    def __init__(self, rf: Any) -> None:
        self.df, self.n_eff, self.n_days = rf.df[1:], rf.n_eff[1:], rf.n_days
