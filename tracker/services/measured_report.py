"""The report's ``measured`` section (REPORT_SCHEMA.md, METHODS §M): felt vs measured.

Domain records → one row per measured score (a scored probe, or a day's outcome) with the
rating and the state that go with it → ``tracker.analysis.measured``. A probe takes the rating
and factor values of the check-in saved just before it (``checkin_id``) when that check-in rates
the skill, else the means of its day's check-ins; an outcome takes its day's means. numpy and
the analysis load here, not when the services are imported.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.domain import CheckIn, Factor, Skill
from tracker.domain.measured import DailyOutcome, Measure, Probe, ProbeKind
from tracker.services.report_json import json_ready

if TYPE_CHECKING:
    from tracker.analysis.measured import MeasureSeries
    from tracker.services.report_measured_types import MeasuredFactor, MeasuredSection

PROBE_NAMES = {ProbeKind.VIGILANCE: ("Vigilance speed", "1/s"),
               ProbeKind.DIGIT_SYMBOL: ("Digit-symbol", "per minute")}


def measured_section(skill: Skill, factors: list[Factor], checkins: list[CheckIn],
                     probes: list[Probe], measures: list[Measure],
                     outcomes: list[DailyOutcome], since: date | None = None) -> dict[str, Any]:
    """The ``measured`` section for one skill, JSON-ready."""
    from tracker.analysis.measured import analyse_measure

    chosen = sorted(factors, key=lambda f: f.position)
    # only the check-ins a row reads: those probes follow, and those of days with a row that
    # has no check-in of its own (ten years of check-ins need not all be walked)
    linked = {p.checkin_id for p in probes if p.checkin_id}
    own_day = {o.day for o in outcomes} | {p.at.date() for p in probes if not p.checkin_id}
    rated = [c for c in checkins if skill.id in c.ratings]
    ids = {c.id for c in rated if c.id in linked or c.at.date() in own_day}
    missing = {p.at.date() for p in probes if p.checkin_id and p.checkin_id not in ids}
    needed = [c for c in rated if c.id in ids or c.at.date() in missing]
    states = _States(skill, chosen, needed)
    series = []
    for kind in ProbeKind:
        runs = sorted((p for p in probes if p.kind == kind and p.scored), key=lambda p: p.at)
        if runs:
            series.append(_probe_series(kind, runs, states, since))
    for m in sorted(measures, key=lambda m: m.name.lower()):
        days = sorted((o for o in outcomes if o.measure_id == m.id), key=lambda o: o.day)
        if days and not m.archived:
            series.append(_outcome_series(m, days, states, since))
    records = [analyse_measure(s) for s in series]
    # ``points`` are plain floats, None and bools already (the largest part: not walked again)
    points = [r.pop("points") for r in records]
    section: dict[str, Any] = json_ready({
        "skill": {"id": skill.id, "name": skill.name},
        "available": any(r["available"] for r in records),
        "measures": records,
        "headline": "",
    })
    from tracker.services.json_shapes import parse
    from tracker.services.report_measured_types import MeasuredSection

    section["headline"] = measured_headline(parse(MeasuredSection, section))
    for record, pts in zip(section["measures"], points, strict=True):
        record["points"] = pts
    return section


class _States:
    """The rating and factor values of the skill's check-ins, by check-in and as day means
    (each factor over the check-ins that recorded it; NaN where none did), as arrays."""

    def __init__(self, skill: Skill, chosen: list[Factor], rated: list[CheckIn]) -> None:
        self.factors = chosen
        self.row = {c.id: i for i, c in enumerate(rated)}
        n = len(rated)
        self.rating = np.fromiter((c.ratings[skill.id] for c in rated), float, n)
        self.values = np.empty((n, len(chosen)))
        for j, f in enumerate(chosen):
            self.values[:, j] = np.fromiter((c.values.get(f.id, math.nan) for c in rated),
                                            float, n)
        day = np.fromiter((c.at.date().toordinal() for c in rated), np.int64, n)
        self.days, inverse = np.unique(day, return_inverse=True)
        g = len(self.days)
        self.day_rating = np.bincount(inverse, self.rating, g) / np.maximum(
            np.bincount(inverse, minlength=g), 1)
        self.day_values = np.full((g, len(chosen)), math.nan)
        for j in range(len(chosen)):
            ok = ~np.isnan(self.values[:, j])
            count = np.bincount(inverse[ok], minlength=g)
            sums = np.bincount(inverse[ok], self.values[ok, j], g)
            self.day_values[:, j] = np.where(count > 0, sums / np.maximum(count, 1), math.nan)

    def at(self, day: np.ndarray, linked: list[int | None]) -> tuple[np.ndarray, np.ndarray]:
        """(rating, values) per row: the linked check-in's (row index) when there is one,
        else the day's means, else NaN."""
        n, g = len(day), len(self.days)
        rating, values = np.full(n, math.nan), np.full((n, len(self.factors)), math.nan)
        if g:
            pos = np.minimum(np.searchsorted(self.days, day), g - 1)
            has = self.days[pos] == day
            rating[has] = self.day_rating[pos[has]]
            values[has] = self.day_values[pos[has]]
        rows = np.array([i if i is not None else -1 for i in linked], dtype=np.int64)
        own = rows >= 0
        rating[own] = self.rating[rows[own]]
        values[own] = self.values[rows[own]]
        return rating, values


def _series(mid: str, name: str, unit: str, kind: str, higher: bool, at: list[str],
            day: np.ndarray, states: _States, linked: list[int | None], score: list[float],
            err: list[float], session: list[int] | None = None,
            prediction: list[float] | None = None) -> MeasureSeries:
    from tracker.analysis.measured import MeasureSeries
    from tracker.analysis.skill_report import FactorSeries

    rating, matrix = states.at(day, linked)
    fs = [FactorSeries(f.id, f.name, matrix[:, j].copy(), f.unit, str(f.kind), f.archived)
          for j, f in enumerate(states.factors)
          if not (f.archived and np.isnan(matrix[:, j]).all())]
    return MeasureSeries(
        id=mid, name=name, unit=unit, kind=kind, higher_is_better=higher, at=at, day=day,
        rating=rating, score=np.array(score, float), error_variance=np.array(err, float),
        session=None if session is None else np.array(session, dtype=np.int64),
        prediction=None if prediction is None else np.array(prediction, float), factors=fs)


def _probe_series(kind: ProbeKind, runs: list[Probe], states: _States,
                  since: date | None) -> MeasureSeries:
    """One row per scored probe of ``kind``; the session number counts every scored run of the
    kind, also those before ``since`` (practice is practice whenever it was)."""
    kept = [(i + 1, p) for i, p in enumerate(runs) if since is None or p.at.date() >= since]
    name, unit = PROBE_NAMES[kind]
    nan = math.nan
    return _series(
        f"probe:{kind.value}", name, unit, "probe", True, [p.at.isoformat() for _, p in kept],
        np.array([p.at.date().toordinal() for _, p in kept], dtype=np.int64), states,
        [states.row.get(p.checkin_id) if p.checkin_id else None for _, p in kept],
        [p.score if p.score is not None else nan for _, p in kept],
        [p.error_variance if p.error_variance is not None else nan for _, p in kept],
        session=[s for s, _ in kept],
        prediction=[p.prediction if p.prediction is not None else nan for _, p in kept])


def _outcome_series(m: Measure, days: list[DailyOutcome], states: _States,
                    since: date | None) -> MeasureSeries:
    kept = [o for o in days if since is None or o.day >= since]
    return _series(
        m.id, m.name, m.unit, "outcome", m.higher_is_better, [o.day.isoformat() for o in kept],
        np.array([o.day.toordinal() for o in kept], dtype=np.int64), states,
        [None] * len(kept), [o.value for o in kept], [math.nan] * len(kept))


# -- the headline sentence --------------------------------------------------------------------
WORTH_SAYING = ("tentative", "claimed")


def measured_headline(section: MeasuredSection) -> str:
    """One or two sentences for the headline card: the factor whose pull on the rating is most
    clearly split, or how many more measured days are needed. Nothing is claimed that the
    guards of METHODS §8 do not allow."""
    skill = section.skill.name
    fitted = [m for m in section.measures if m.available and m.factors]
    if not section.measures:
        return ""
    if not fitted:
        m = section.measures[0]
        return (f"Not enough measured days yet to compare your {skill} rating with your "
                f"{m.measure.name.lower()} ({m.reason}).")
    best: tuple[float, Any, MeasuredFactor] | None = None
    for m in fitted:
        for f in m.factors:
            if f.clouding.status in WORTH_SAYING or f.via_performance.status in WORTH_SAYING:
                # a corrected probe before an outcome's overstated clouding; then the pull
                score = abs(f.rating.per_sd) + (0.0 if m.clouding_is_upper_bound else 1e6)
                if best is None or score > best[0]:
                    best = (score, m, f)
    if best is None:
        m = fitted[0]
        waiting = [f.clouding.more_days_needed or 0 for f in m.factors
                   if f.clouding.status == "insufficient_data"]
        if waiting:
            return (f"About {min(waiting)} more days with a {m.measure.name.lower()} score "
                    f"needed before Touchstone can tell judgment from performance in your "
                    f"{skill} rating.")
        return (f"No clear sign yet that your state moves your {skill} rating by judgment "
                f"rather than by measured {m.measure.name.lower()}.")
    _, m, f = best
    return _split_sentence(skill, m.measure.name.lower(), m.clouding_is_upper_bound, f)


def _split_sentence(skill: str, measure: str, upper: bool, f: MeasuredFactor) -> str:
    """"When your mood is 2 points lower, you rate your S 0.8 lower while your M score is 0.1
    SD lower: most of mood's pull on your rating is judgment (clouding 0.7, likely 0.3–1.1)":
    every number per natural step of the factor (``headline.natural_step``), signed as part of the
    drop in the rating on the days the factor is at its worse side."""
    from tracker.services.headline import amount, natural_step

    step = natural_step(f)  # type: ignore[arg-type]  # reads kind, unit and sd only
    name = f.name.lower()
    sign = 1.0 if f.rating.estimate >= 0 else -1.0  # +1: the low side lowers the rating
    drop = step * sign
    if f.kind == "yesno":
        what = f"On days without {name}" if sign > 0 else f"On days with {name}"
    else:
        size = amount(step, f)  # type: ignore[arg-type]
        what = f"When your {name} is {size} {'lower' if sign > 0 else 'higher'}"
    r = f.rating.estimate * drop
    p = f.performance.estimate * drop
    c = f.clouding
    text = (f"{what}, you rate your {skill} {abs(r):.1f} {'lower' if r > 0 else 'higher'} "
            f"while your {measure} score is {abs(p):.1f} SD {'lower' if p > 0 else 'higher'}")
    lo, hi = sorted(x * drop for x in (c.ci95_adjusted or c.ci95))
    digits = 2 if min(abs(lo), abs(hi)) < 0.05 else 1  # never a claimed "0.0–1.1"
    # "likely": the interval adjusted for the number of factors, worded as the headline card's
    # share is; its level is in the Details and the JSON
    said = f"clouding {c.estimate * drop:.1f}, likely {lo:.{digits}f}–{hi:.{digits}f}"
    share = c.estimate / f.rating.estimate if f.rating.estimate else 0.0
    tentatively = "tentatively, " if c.status == "tentative" else ""
    if c.status in WORTH_SAYING:
        most = "most" if share > 0.5 else "part"
        text += f": {tentatively}{most} of {name}'s pull on your rating is judgment ({said})"
    else:
        text += f": no clear clouding — {name}'s pull may be real performance ({said})"
    if upper:
        text += ("; the outcome comes from no timed session, so there is no noise estimate to "
                 "correct for, and this clouding may be overstated")
    return text + ". Association, not cause."
