"""Plain-language sentences generated from the numbers of one skill's section."""

from __future__ import annotations

from typing import Any

from tracker.analysis import guards
from tracker.domain.words import plural

CAUTION = "Association, not cause."
YES_NO = ("tag", "yesno")  # said as a yes against a no, not per SD


def _num(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace("-", "−")


def p_text(name: str, p: float, digits: int = 3) -> str:
    """``p = 0.012`` style, but ``p < 0.001`` below 0.001 (never ``p = 0.000``)."""
    if p < 0.001:
        return f"{name} < 0.001"
    return f"{name} = {p:.{digits}f}"


def _unit(f: dict[str, Any]) -> str:
    return f" {f['unit']}" if f.get("unit") else ""


def _hhmm(hour: float) -> str:
    minutes = int(round(hour * 60)) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def insights(section: dict[str, Any]) -> list[dict[str, Any]]:
    """Insight records {kind, factor, status, text}, most important first."""
    skill = section["skill"]["name"]
    out: list[dict[str, Any]] = []
    counts = section["counts"]
    if counts["checkins"] == 0:
        return [
            {
                "kind": "empty",
                "factor": None,
                "status": guards.INSUFFICIENT,
                "text": f"No ratings of {skill} yet.",
            }
        ]
    reg = section["regression"]
    corr = {c["factor"]: c for c in section["correlations"]}
    if not reg.get("available"):
        out.append(
            {
                "kind": "regression",
                "factor": None,
                "status": guards.INSUFFICIENT,
                "text": f"Not enough complete check-ins to relate your state to your {skill} "
                f"rating yet ({reg.get('reason')}).",
            }
        )
    for f in reg.get("factors", []) if reg.get("available") else []:
        out.append(_factor_sentence(skill, f, corr.get(f["factor"])))
    share = reg.get("share_explained") if reg.get("available") else None
    if share is not None:
        out.append(_share_sentence(skill, share))
    tod = section.get("time_of_day") or {}
    cos = tod.get("cosinor")
    if cos:
        out.append(_rhythm_sentence(skill, cos))
    for c in section.get("carry_over", []):
        if c["status"] in (guards.TENTATIVE, guards.CLAIMED):
            lo, hi = c["pearson"]["ci95"]
            word = "Tentatively, y" if c["status"] == guards.TENTATIVE else "Y"
            out.append(
                {
                    "kind": "carry_over",
                    "factor": c["factor"],
                    "status": c["status"],
                    "text": f"{word}esterday's {c['name'].lower()} goes with today's {skill} "
                    f"rating (r = {_num(c['pearson']['r'])}, 95 % CI {_num(lo)} to "
                    f"{_num(hi)}; n = {plural(c['n'], 'day')}, n_eff = {c['n_eff']:.0f}). "
                    f"{CAUTION}",
                }
            )
    adj = section.get("adjusted") or {}
    if adj.get("available"):
        last = adj["latest"]
        out.append(
            {
                "kind": "adjusted",
                "factor": None,
                "status": "info",
                "text": f"At your average state you would have rated {skill} "
                f"{last['rolling7']:.1f} ± {1.96 * last['rolling7_se']:.1f} over the "
                f"last 7 days (you rated {last['rolling7_raw']:.1f}).",
            }
        )
    return out


def _factor_sentence(skill: str, f: dict[str, Any], c: dict[str, Any] | None) -> dict[str, Any]:
    name = f["name"]
    st = f["status"]
    base = {"kind": "factor", "factor": f["factor"], "status": st}
    tag = f.get("kind") == "tag"
    if st == guards.INSUFFICIENT:
        return base | {
            "text": f"{'The tag ' + name if tag else name}: not enough data "
            f"for a claim yet (effective n "
            f"{f['n_eff']:.0f}, 30 needed; about {plural(f['more_days_needed'], 'more day')} "
            f"with check-ins)."
        }
    ci = f"{100 * f['ci_adjusted_level']:.1f} % CI adjusted for the number of factors"
    if f.get("kind") in YES_NO:
        return base | {"text": _yes_no_sentence(skill, f, ci)}
    lo, hi = f["per_sd_ci95_adjusted"]  # crosses 0 exactly when nothing is claimed (§4a)
    if st == guards.NO_EVIDENCE:
        text = (
            f"No clear association between {name.lower()} and your {skill} rating once the "
            f"other factors are held fixed ({_num(f['per_sd'])} points per SD, {ci} "
            f"{_num(lo)} to {_num(hi)}, {p_text('q', f['q'], 2)})."
        )
        if c and c["status"] in (guards.TENTATIVE, guards.CLAIMED):
            text += (
                f" On its own it does go with the rating (r = {_num(c['pearson']['r'])}), "
                "probably because it travels with the other factors."
            )
        return base | {"text": text}
    direction = "higher" if f["per_sd"] > 0 else "lower"
    lead = "Tentatively: when" if st == guards.TENTATIVE else "When"
    text = (
        f"{lead} your {name.lower()} is one SD ({f['sd']:.2g}{_unit(f)}) higher, you rate "
        f"your {skill} {abs(f['per_sd']):.2f} points {direction} ({ci} {_num(lo)} to "
        f"{_num(hi)}; {_num(f['estimate'])} per {name.lower()} unit; {p_text('q', f['q'])}; "
        f"n_eff = {f['n_eff']:.0f}). {CAUTION}"
    )
    return base | {"text": text}


def _yes_no_sentence(skill: str, f: dict[str, Any], ci: str) -> str:
    """A tag or a yes/no factor in its natural unit, a yes against a no (§4b): "On days
    tagged gym you rate …", "When caffeine is yes, you rate …"; the adjusted interval per
    yes."""
    name, st = f["name"], f["status"]
    lo, hi = f["ci95_adjusted"]
    tag = f["kind"] == "tag"
    days = (f"; {plural(f['days_with'], 'day')} with the tag, {f['days_without']} without"
            if tag else "")
    if st == guards.NO_EVIDENCE:
        what = f"the tag {name}" if tag else name.lower()
        when = f"on days tagged {name}" if tag else f"when {name.lower()} is yes"
        return (f"No clear association between {what} and your {skill} rating once the other "
                f"factors are held fixed ({_num(f['estimate'])} points {when}, {ci} {_num(lo)} "
                f"to {_num(hi)}, {p_text('q', f['q'], 2)}{days}).")
    direction = "higher" if f["estimate"] > 0 else "lower"
    when = f"on days tagged {name}" if tag else f"when {name.lower()} is yes,"
    lead = f"Tentatively: {when}" if st == guards.TENTATIVE else when[0].upper() + when[1:]
    return (f"{lead} you rate your {skill} {abs(f['estimate']):.2f} points {direction} ({ci} "
            f"{_num(lo)} to {_num(hi)}; {p_text('q', f['q'])}; n_eff = {f['n_eff']:.0f}{days})."
            f" {CAUTION}")


def _share_sentence(skill: str, share: dict[str, Any]) -> dict[str, Any]:
    lo, hi = share["ci95"]
    base = share.get("baseline")
    if base is None:
        base_text = ""
    elif base["share_percent"] is None:
        base_text = " Trend and time of day alone explain no detectable share."
    else:
        b_lo, b_hi = base["share_ci95_percent"]
        base_text = (
            f" Trend and time of day alone explain about {base['share_percent']:.0f} % "
            f"(95 % CI {b_lo:.0f} to {b_hi:.0f} %)."
        )
    if share["detectable"]:
        text = (
            f"Your state explains about {100 * share['gain']:.0f} % of the variation in your "
            f"{skill} rating beyond trend and time of day, judged on later data it was not "
            f"fitted to (95 % CI {100 * lo:.0f} to {100 * hi:.0f} %).{base_text} {CAUTION}"
        )
        st = guards.CLAIMED
    else:
        text = (
            f"No detectable share of your {skill} rating is explained by your state beyond "
            f"trend and time of day, judged on later data it was not fitted to.{base_text}"
        )
        st = guards.NO_EVIDENCE
    return {"kind": "share", "factor": None, "status": st, "text": text}


def _rhythm_sentence(skill: str, cos: dict[str, Any]) -> dict[str, Any]:
    st = cos["status"]
    base = {"kind": "time_of_day", "factor": None, "status": st}
    if st == guards.INSUFFICIENT:
        return base | {
            "text": f"Time of day: not enough data yet (effective n {cos['n_eff']:.0f}, 30 needed)."
        }
    if st == guards.NO_EVIDENCE:
        return base | {
            "text": f"No clear daily rhythm in your {skill} rating ({p_text('p', cos['p'], 2)})."
        }
    lo, hi = cos["amplitude_ci95"]
    lead = "Tentatively, your" if st == guards.TENTATIVE else "Your"
    return base | {
        "text": f"{lead} {skill} rating peaks around {_hhmm(cos['peak_hour'])} and is "
        f"{cos['amplitude']:.2f} points above its daily mean there (95 % CI "
        f"{lo:.2f} to {hi:.2f}; {p_text('p', cos['p'])}). {CAUTION}"
    }
