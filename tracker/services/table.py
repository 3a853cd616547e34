"""Check-ins as a plain-text table for ``touchstone list``."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.domain import CheckIn, Factor, FactorKind, Skill
from tracker.domain.words import plural

NOTE_WIDTH = 40


def format_value(factor: Factor, value: float | None) -> str:
    """A factor value as shown to people: yes/no, whole numbers without '.0'."""
    if value is None:
        return ""
    if factor.kind is FactorKind.YESNO:
        return "yes" if value else "no"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def format_table(
    checkins: Sequence[CheckIn], skills: Sequence[Skill], factors: Sequence[Factor]
) -> str:
    """Columns: when, each skill and factor that has any value, tags, note (first line)."""
    if not checkins:
        return "No check-ins.\n"
    used_skills = [s for s in skills if any(s.id in c.ratings for c in checkins)]
    used_factors = [f for f in factors if any(f.id in c.values for c in checkins)]
    header = ["when", *(s.name for s in used_skills), *(f.name for f in used_factors),
              "tags", "note"]
    rows = [header]
    for c in checkins:
        note = c.note.splitlines()[0] if c.note else ""
        if len(note) > NOTE_WIDTH:
            note = note[: NOTE_WIDTH - 1] + "…"
        rows.append([
            c.at.isoformat(timespec="minutes"),
            *(str(c.ratings.get(s.id, "")) for s in used_skills),
            *(format_value(f, c.values.get(f.id)) for f in used_factors),
            ", ".join(c.tags),
            note,
        ])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n{plural(len(checkins), 'check-in')}\n"
