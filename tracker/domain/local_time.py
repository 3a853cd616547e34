"""A wall-clock time typed without a UTC offset, read on this computer's clock: the one rule
for ``--at``, the form's time field and imports of files without offsets.

Twice a year such a time is not one moment. In the spring gap (02:30 on the night the clocks
jump from 02:00 to 03:00) it names no moment at all: it is refused, with the two times around
it, because a backfilled time is a claim about when something happened and moving it (by an
hour, to a time the user never typed) would make that claim up. In the autumn overlap (02:30
happens twice) the first, earlier one is taken, and ``LocalTime.note`` says so and how to pick
the other (give the offset).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from tracker.errors import ValidationError


@dataclass(frozen=True, slots=True)
class LocalTime:
    """The aware moment for a wall time; ``note`` is set when the wall time was ambiguous."""

    at: datetime
    note: str = ""


def utc_offset(at: datetime) -> timedelta:
    """The UTC offset of an aware datetime (``ValueError`` for a naive one)."""
    offset = at.utcoffset()
    if offset is None:
        raise ValueError(f"{at!r} has no UTC offset")
    return offset


def offset_text(at: datetime) -> str:
    """``+02:00``-style offset of an aware datetime."""
    return at.isoformat()[-6:] if at.utcoffset() else "+00:00"


def on_local_clock(wall: datetime, what: str = "The time") -> LocalTime:
    """``wall`` (naive) with this computer's UTC offset at that moment.

    Raises ``ValidationError`` for a time in a daylight-saving gap, or one too far off for
    the C library's clock (it ends short of years 1 and 9999).
    """
    text = repr(wall.isoformat(timespec="minutes"))
    try:
        first, second = (wall.replace(fold=fold).astimezone() for fold in (0, 1))
        back = [moment.astimezone().replace(tzinfo=None, fold=0) for moment in (first, second)]
    except (OverflowError, ValueError, OSError):
        raise ValidationError(
            f"{what}: {text} is too far off to read on this computer's clock; give its UTC "
            "offset, like 0001-01-01T08:30+00:00."
        ) from None
    plain = wall.replace(fold=0)
    if back[0] != plain and back[1] != plain:  # no moment shows this wall time: a gap
        before, after = sorted((first, second), key=utc_offset)
        jump = utc_offset(after) - utc_offset(before)
        earlier = (wall - jump).strftime("%H:%M")
        later = (wall + jump).strftime("%H:%M")
        raise ValidationError(
            f"{what}: {text} does not exist on this computer's clock: that night the clocks "
            f"jumped from {offset_text(before)} to {offset_text(after)}, skipping it. "
            f"Give {earlier} or {later}, or a UTC offset (e.g. "
            f"{wall.isoformat(timespec='minutes')}{offset_text(before)})."
        )
    if first.utcoffset() != second.utcoffset():  # it happened twice: take the first
        at = min(first, second, key=_instant)
        other = max(first, second, key=_instant)
        return LocalTime(at.replace(fold=0), (
            f"{text} happened twice on this computer's clock (the clocks went back); "
            f"took the first, {offset_text(at)}. For the second, give "
            f"{wall.isoformat(timespec='minutes')}{offset_text(other)}."))
    return LocalTime(first)


def _instant(moment: datetime) -> timedelta:
    """Sort key: the UTC instant, without converting (which could overflow)."""
    return moment.replace(tzinfo=None) - utc_offset(moment) - datetime.min
