"""Words and number formats shared by the views (translatable through ``tr``)."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain.words import pick
from tracker.ui.text import translator

tr = translator("dashboard")


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def ci(pair: Sequence[float | None] | None, digits: int = 2) -> str:
    return "–" if not pair else f"{num(pair[0], digits)} to {num(pair[1], digits)}"


def clock(hour: float | None) -> str:
    """11.5 → '11:30'."""
    if hour is None:
        return "–"
    minutes = int(round(hour * 60)) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def status_label(status: str) -> str:
    return {
        "claimed": tr("clear association"),
        "tentative": tr("tentative"),
        "no_evidence": tr("no clear association"),
        "insufficient_data": tr("not enough data yet"),
        "info": tr("for reference"),
    }.get(status, status)


def needs_more(days: int | None) -> str:
    if not days:
        return ""
    return pick(days, tr("about %1 more day with check-ins needed"),
                tr("about %1 more days with check-ins needed"))


def link_words(r: float | None) -> str:
    """How closely two things move together, in words (the guide's reading of r)."""
    if r is None:
        return "–"
    size = abs(r)
    strength = (tr("Hardly any link") if size < 0.1 else tr("A weak link") if size < 0.3
                else tr("A moderate link") if size < 0.5 else tr("A strong link"))
    if size < 0.1:
        return strength
    return strength + " " + (tr("(higher together)") if r > 0 else tr("(one up, the other down)"))


NOT_CAUSE = "Association, not cause."
