"""The report use case: check-ins → arrays → per-skill analysis → dict and text.

``tracker.analysis`` is imported inside the functions, so importing this module stays cheap for
the GUI. No scipy at run time (``tracker.analysis.distributions``).
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from tracker.domain import CheckIn, Factor, Skill
from tracker.domain.validation import tag_key
from tracker.domain.words import plural
from tracker.services.report_json import json_ready

if TYPE_CHECKING:  # loaded by the functions that need them (the GUI imports this module)
    from tracker.analysis.skill_report import SkillSeries
    from tracker.analysis.tags import TagSeries
    from tracker.domain.measured import DailyOutcome, Measure, Probe
    from tracker.domain.reality import Evaluation, Revisit

REPORT_VERSION = 1


def build_report(
    skills: list[Skill],
    factors: list[Factor],
    checkins: list[CheckIn],
    skill_id: str | None = None,
    since: date | None = None,
    evaluations: list[Evaluation] | None = None,
    revisits: list[Revisit] | None = None,
    probes: list[Probe] | None = None,
    measures: list[Measure] | None = None,
    outcomes: list[DailyOutcome] | None = None,
) -> dict[str, Any]:
    """The analysis as a JSON-ready dict (no NaN, no numpy types); see docs/REPORT_SCHEMA.md.

    With ``skill_id`` None: one section per active skill that has ratings. ``since`` keeps the
    check-ins whose local calendar day is on or after it. With ``evaluations`` and
    ``revisits`` (lists of ``tracker.domain.reality`` records) the report gains the
    ``evaluations``, ``revisits`` and ``calibration`` sections; with ``probes`` or ``outcomes``
    (``tracker.domain.measured``) the ``measured`` section (felt vs measured) of the skill asked
    for, else of the first skill analysed (null when there is none).
    """
    from tracker.analysis.skill_report import analyse_skill

    kept = [c for c in checkins if since is None or c.at.date() >= since]
    keys = [(c.at.timestamp(), c.id) for c in kept]
    rows = [kept[i] for i in sorted(range(len(kept)), key=keys.__getitem__)]
    if skill_id is None:
        chosen = [s for s in sorted(skills, key=lambda s: s.position) if not s.archived]
        chosen = [s for s in chosen if any(s.id in c.ratings for c in rows)]
    else:
        chosen = [s for s in skills if s.id == skill_id]
    tags = _TagDays(rows)
    sections = [analyse_skill(_series(s, factors, rows, tags)) for s in chosen]
    report: dict[str, Any] = json_ready(
        {
            "report_version": REPORT_VERSION,
            "skill_id": skill_id,
            "since": since.isoformat() if since else None,
            "skills": sections,
        }
    )
    if evaluations is not None or revisits is not None:
        from tracker.services.reality_report import reality_sections

        report.update(reality_sections(skills, checkins, list(evaluations or []),
                                       list(revisits or []), since=since))
    if probes is not None or outcomes is not None:
        from tracker.services.measured_report import measured_section

        skill = chosen[0] if chosen else None
        report["measured"] = None if skill is None else measured_section(
            skill, factors, checkins, list(probes or []), list(measures or []),
            list(outcomes or []), since=since)
    return report


def t_quantile(p: float, df: float) -> float:
    """The Student t quantile, for views that draw intervals (the UI does not import analysis)."""
    from tracker.analysis.distributions import t_ppf

    return float(t_ppf(p, df))


class _TagDays:
    """Per tag key the local days on which any check-in carries it (METHODS §4b: tags count
    per day), and each key's most frequent spelling."""

    def __init__(self, rows: list[CheckIn]) -> None:
        self.days: dict[str, set[int]] = {}
        keys: dict[str, str] = {}  # each spelling's key, worked out once
        spellings: Counter[str] = Counter()
        for c in rows:
            if not c.tags:
                continue
            day = c.at.date().toordinal()
            spellings.update(c.tags)
            for tag in c.tags:
                key = keys.get(tag) or keys.setdefault(tag, tag_key(tag))
                self.days.setdefault(key, set()).add(day)
        self.names: dict[str, str] = {}
        for tag, _ in sorted(spellings.items(), key=lambda e: (-e[1], e[0])):
            self.names.setdefault(keys[tag], tag)  # the most frequent spelling, ties by text


def _tag_series(tags: _TagDays, day: np.ndarray) -> list[TagSeries]:
    """Each tag found on a day of ``day`` as a yes/no per check-in, by its day."""
    from tracker.analysis.tags import TagSeries

    out = []
    for key in sorted(tags.days):
        present = np.isin(day, np.fromiter(tags.days[key], np.int64))
        if present.any():
            out.append(TagSeries(key, tags.names[key], present))
    return out


def _series(skill: Skill, factors: list[Factor], rows: list[CheckIn],
            tags: _TagDays) -> SkillSeries:
    from tracker.analysis.skill_report import FactorSeries, SkillSeries

    rated = [c for c in rows if skill.id in c.ratings]
    chosen = [f for f in sorted(factors, key=lambda f: f.position)]
    nan = math.nan
    values_of = [c.values for c in rated]
    matrix = np.empty((len(rated), len(chosen)))
    for j, f in enumerate(chosen):  # column by column: no per-row list to build
        matrix[:, j] = np.fromiter((v.get(f.id, nan) for v in values_of), float, len(rated))
    factor_series = []
    for j, f in enumerate(chosen):
        values = matrix[:, j].copy()
        if f.archived and np.isnan(values).all():
            continue  # archived and never recorded with this skill: leave it out
        factor_series.append(FactorSeries(f.id, f.name, values, f.unit, str(f.kind), f.archived))
    day = np.array([c.at.date().toordinal() for c in rated], dtype=np.int64)
    return SkillSeries(
        skill_id=skill.id,
        skill_name=skill.name,
        timestamps=[c.at.isoformat() for c in rated],
        rating=np.array([float(c.ratings[skill.id]) for c in rated], dtype=float),
        day=day,
        hour=np.array([c.local_hour for c in rated], dtype=float),
        factors=factor_series,
        tags=_tag_series(tags, day),
    )


def format_report(report: dict[str, Any]) -> str:
    """The human text of ``touchstone report``."""
    if not report["skills"]:
        text = "No ratings to analyse yet.\n"
    else:
        text = "\n\n".join(_format_section(sec) for sec in report["skills"]) + "\n"
    if "calibration" in report:
        text += "\n" + _format_reality(report) + "\n"
    if report.get("measured") and report["measured"]["measures"]:
        text += "\n" + _format_measured(report["measured"]) + "\n"
    return text


def _format_measured(sec: dict[str, Any]) -> str:
    """Felt vs measured (METHODS.md §M): per measure, each factor's pull split."""
    title = f"Felt vs measured ({sec['skill']['name']})"
    lines = [title, "=" * len(title)]
    if sec["headline"]:
        lines.append(sec["headline"])
    for m in sec["measures"]:
        head = f"{m['measure']['name']}: {plural(m['sessions'], 'score')}"
        if m["practice_sessions"]:
            head += f" ({m['practice_sessions']} practice)"
        if m["reliability"] is not None:
            head += f", reliability {m['reliability']:.2f}"
        if m["clouding_is_upper_bound"]:
            head += "; no noise estimate: clouding may be overstated"
        lines += ["", head]
        if not m["available"]:
            lines.append(f"  not available: {m['reason']}")
            continue
        lines.append(f"  {'factor':<16}{'rating/SD':>10}{'measured/SD':>12}  "
                     f"{'clouding/SD':>11}  {'adjusted CI':<16}status")
        for f in m["factors"]:
            c = f["clouding"]
            lines.append(
                f"  {f['name'][:15]:<16}{f['rating']['per_sd']:>10.2f}"
                f"{f['performance']['per_sd']:>12.2f}  {c['per_sd']:>11.2f}  "
                f"{_ci(c['per_sd_ci95_adjusted']):<16}{c['status']}")
    return "\n".join(lines)


def _format_reality(report: dict[str, Any]) -> str:
    """Evaluations, calibration and then-vs-now (METHODS.md §R)."""
    ev, cal = report["evaluations"], report["calibration"]
    lines = ["Touching reality", "================",
             f"Evaluations: {ev['n']} ({ev['pending']} pending, {len(ev['overdue'])} overdue)"]
    if cal["n"]:
        lines.append(
            f"Calibration: {plural(cal['n'], 'prediction')}, Brier {_f(cal['brier'], 3)} (base "
            f"rate {_f(cal['brier_reference'], 3)}), {_skill(cal)} ({cal['status']})")
        for b in cal["reliability_bins"]:
            lines.append(f"  predicted {100 * b['from']:.0f}-{100 * b['to']:.0f} %: n = {b['n']}, "
                         f"observed {100 * b['observed']:.0f} % (95 % CI {100 * b['ci95'][0]:.0f}"
                         f" to {100 * b['ci95'][1]:.0f} %)")
    for sec in report["revisits"]["skills"]:
        d = sec["differences"]
        lines.append(f"Then vs now, {sec['skill']['name']}: n = {d['n']}, mean now − then "
                     f"{_f(d['mean'])} {_ci(d['ci95'])}, SD {_f(d['sd'])}, limits "
                     f"{_ci(d['limits'])} ({d['status']})")
        fit = sec["later_on_earlier"]
        if fit:
            lines.append(f"  later on earlier: slope {_f(fit['slope'])} {_ci(fit['ci95'])}"
                         f" ({fit['status']})")
    return "\n".join(lines)


def _skill(cal: dict[str, Any]) -> str:
    """The Brier skill score, or why there is none: it compares with always forecasting the
    base rate, which is perfect while every outcome is alike."""
    if cal["brier_skill"] is not None or cal["base_rate"] is None:
        return f"skill {_f(cal['brier_skill'])}"
    alike = "every outcome is good" if cal["base_rate"] >= 1 else "no outcome is good"
    return f"no skill score while {alike} (it needs good and bad ones)"


def _f(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _ci(pair: list[float] | None, digits: int = 2) -> str:
    return "–" if not pair else f"[{_f(pair[0], digits)}, {_f(pair[1], digits)}]"


def _tag_lines(tags: dict[str, Any]) -> list[str]:
    """The tags the regression left out, and why (METHODS §4b)."""
    out = [f"{t['name']} ({t['reason']})" for t in tags["items"] if not t["entered"]]
    if not out:
        return []
    more = f"; and {len(out) - 10} more (report --json lists them)" if len(out) > 10 else ""
    return [f"  tags not in the model (each needs {tags['min_days_with']} days with it and "
            f"{tags['min_days_without']} without; at most {tags['max_tags']} enter): "
            + "; ".join(out[:10]) + more]


def _format_section(sec: dict[str, Any]) -> str:
    c = sec["counts"]
    name = sec["skill"]["name"]
    lines = [f"{name}: {plural(c['checkins'], 'check-in')} on {plural(c['days'], 'day')}"]
    if c["checkins"]:
        lines[0] += f" ({c['first'][:10]} to {c['last'][:10]})"
    lines.append("=" * len(lines[0]))
    lines += ["", "Insights"] + [f"  * {i['text']}" for i in sec["insights"]]
    if sec["correlations"]:
        lines += ["", "Associations (daily means; n = days, n_eff after autocorrelation)"]
        lines.append(
            f"  {'factor':<16}{'n':>5}{'n_eff':>7}{'r':>7}  {'95% CI':<16}{'rho_s':>6}  status"
        )
        for a in sec["correlations"]:
            lines.append(
                f"  {a['name'][:15]:<16}{a['n']:>5}{a['n_eff']:>7.0f}{a['pearson']['r']:>7.2f}"
                f"  {_ci(a['pearson']['ci95']):<16}{a['spearman']['r']:>6.2f}  {a['status']}"
            )
    reg = sec["regression"]
    lines += ["", "Regression (all factors together, with trend and time of day)"]
    if not reg.get("available"):
        lines.append(f"  not available: {reg.get('reason')}")
    else:
        lines.append(
            f"  n = {plural(reg['n'], 'check-in')} on {plural(reg['days'], 'day')}; errors: "
            "clustered by day, AR(1)-inflated; q: Benjamini-Yekutieli"
        )
        lines.append(
            f"  {'factor':<16}{'per unit':>9}{'per SD':>8}  {'95% CI per SD':<16}"
            f"{'adjusted CI':<16}{'q':>7}{'n_eff':>7}  status"
        )
        for f in reg["factors"]:
            name = f"tagged {f['name']}" if f["kind"] == "tag" else f["name"]
            lines.append(
                f"  {name[:15]:<16}{f['estimate']:>9.3f}{f['per_sd']:>8.2f}  "
                f"{_ci(f['per_sd_ci95']):<16}{_ci(f['per_sd_ci95_adjusted']):<16}"
                f"{f['q']:>7.3f}{f['n_eff']:>7.0f}  {f['status']}"
            )
        share = reg.get("share_explained")
        lines += _tag_lines(sec["tags"])
        lines.append(f"  R² {reg['r2']:.3f}, adjusted R² {reg['adj_r2']:.3f}")
        if share is None and all(f["kind"] == "tag" for f in reg["factors"]):
            lines.append("  out-of-sample share explained by state: no state factor entered "
                         "(tags are not part of it)")
        elif share is None:
            lines.append("  out-of-sample share explained by state: too few days")
        elif share["share_percent"] is None:
            lines.append("  out-of-sample share explained by state: no detectable share")
        else:
            lo, hi = share["ci95"]
            lines.append(
                f"  out-of-sample share explained by state: {share['share_percent']:.1f} %"
                f" (95 % CI {100 * lo:.1f} to {100 * hi:.1f} %)"
            )
    tod = sec.get("time_of_day")
    if tod:
        lines += ["", "Time of day"]
        cos = tod.get("cosinor")
        if cos:
            h = int(round(cos["peak_hour"] * 60)) % 1440
            lines.append(
                f"  rhythm: peak {h // 60:02d}:{h % 60:02d}, amplitude "
                f"{cos['amplitude']:.2f} {_ci(cos['amplitude_ci95'])}, p = {cos['p']:.3f}"
                f" ({cos['status']})"
            )
        for p in tod["periods"]:
            if p["n"]:
                lines.append(
                    f"  {p['period']:<10} {_f(p['mean'])} {_ci(p['ci95']):<16} n = {p['n']}"
                )
    if sec.get("carry_over"):
        lines += ["", "Carry-over (yesterday's mean against today's mean rating)"]
        for a in sec["carry_over"]:
            lines.append(
                f"  {a['name'][:15]:<16} r = {a['pearson']['r']:.2f} "
                f"{_ci(a['pearson']['ci95'])}, n = {a['n']}, n_eff = {a['n_eff']:.0f}"
                f" ({a['status']})"
            )
    lines += ["", "Associations, not causes. Methods: docs/METHODS.md."]
    return "\n".join(lines)
