"""Display names and hints for skills and factors, translatable."""

from __future__ import annotations

from tracker.domain import Factor, FactorKind, Skill
from tracker.ui.number_input import format_number
from tracker.ui.text import translator

tr = translator("labels")


def _builtin_names(column: bool) -> dict[str, str]:
    return {
        "mood": tr("Mood"),
        "sleep_hours": tr("Sleep") if column else tr("Sleep last night"),
        "sleep_quality": tr("Sleep quality"),
        "hunger": tr("Hunger"),
        "energy": tr("Energy"),
        "stress": tr("Stress"),
    }


def factor_name(factor: Factor) -> str:
    """The name shown for a factor (built-ins translated and a little more explicit)."""
    if factor.builtin:
        return _builtin_names(column=False).get(factor.id, factor.name)
    return factor.name


def factor_column(factor: Factor) -> str:
    """A short column header for a factor (history table)."""
    if factor.builtin:
        return _builtin_names(column=True).get(factor.id, factor.name)
    return factor.name


def factor_hint(factor: Factor) -> str:
    """What the ends of a factor mean, or its range and unit."""
    if factor.kind is FactorKind.YESNO:
        return ""
    lo = format_number(factor.minimum) if factor.minimum is not None else "…"
    hi = format_number(factor.maximum) if factor.maximum is not None else "…"
    if factor.kind is FactorKind.SCALE:
        parts = []
        if factor.low_label:
            parts.append(f"{lo} = {tr(factor.low_label)}")
        if factor.high_label:
            parts.append(f"{hi} = {tr(factor.high_label)}")
        return "\n".join(parts)
    unit = f" {factor.unit}" if factor.unit else ""
    text = f"{lo}–{hi}{unit}"
    if factor.step == 0.25:
        text += tr(", quarter hours") if factor.unit == "h" else tr(", steps of 0.25")
    elif factor.step != 1:
        text += tr(", steps of %1").replace("%1", format_number(factor.step))
    return text


def anchors_html(skill: Skill) -> str:
    """The skill's anchors (what 1, 5 and 10 mean) as a small three-line block."""
    rows = [(v, t) for v, t in ((1, skill.anchor_low), (5, skill.anchor_mid),
                                (10, skill.anchor_high)) if t]
    if not rows:
        return ""
    cells = "".join(
        f"<tr><td align='right' style='padding-right:6px'><b>{v}</b></td>"
        f"<td>{_escape(t)}</td></tr>"
        for v, t in rows
    )
    return f"<table cellspacing='0' cellpadding='0'>{cells}</table>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
