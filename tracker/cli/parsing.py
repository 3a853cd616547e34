"""What the user typed, read once: numbers, ``NAME=VALUE`` pairs, days, times, scales, sizes.

Each parser raises ``ValidationError`` naming the option, so the command line answers bad
input with one line. A time without an offset is read on this computer's clock
(``domain.local_time``, loaded only when such a time is given).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tracker.errors import ValidationError


def parse_number(text: str, what: str, *, percent: bool = False) -> float:
    """A number typed on the command line (a decimal comma is accepted; with ``percent``,
    a trailing ``%`` too)."""
    cleaned = str(text).strip()
    if percent:
        cleaned = cleaned.rstrip("%")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        raise ValidationError(f"{what}: {text!r} is not a number.") from None


def optional_number(text: str | None, what: str) -> float | None:
    """``parse_number`` (a trailing ``%`` allowed) of an option that may be left out."""
    return None if text is None else parse_number(text, what, percent=True)


def parse_pair(text: str, what: str, shape: str = "NAME=VALUE") -> tuple[str, str]:
    """``NAME=VALUE`` split at the first ``=``, both sides stripped and neither empty."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ValidationError(f"{what} expects {shape}, not {text!r}.")
    return name.strip(), value.strip()


def parse_day(text: str | None, what: str) -> date | None:
    """An ISO date like 2026-11-27, or None when the option was left out."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{what}: {text!r} is not a date like 2026-11-27.") from None


def on_local_clock(value: datetime, what: str) -> datetime:
    """``value`` with this computer's UTC offset at that moment, unless it has an offset."""
    if value.tzinfo is not None:
        return value
    from tracker.domain.local_time import on_local_clock as read_local

    return read_local(value, what).at


def parse_checkin_time(text: str | None) -> tuple[datetime | None, str]:
    """``--at``: an ISO date-time, not in the future, and a note when it was ambiguous; without
    an offset it is read on this computer's clock (a time in a DST gap is refused)."""
    if text is None:
        return None, ""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"--at: {text!r} is not a date and time like 2026-11-27T08:30 "
            "or 2026-11-27T08:30+01:00."
        ) from None
    note = ""
    if value.tzinfo is None:
        from tracker.domain.local_time import on_local_clock as read_local

        local = read_local(value, "--at")
        value, note = local.at, local.note
    if value > datetime.now(UTC):
        raise ValidationError("--at: a check-in cannot be in the future.")
    return value, note


def parse_event_time(text: str | None) -> datetime | None:
    """``--date``: an ISO date or date-time, possibly in the future (an interview next week)."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"--date: {text!r} is not a date like 2026-11-27 or "
                              "2026-11-27T14:00.") from None
    return on_local_clock(value, "--date")


def parse_scale(text: str | None) -> tuple[float, float] | None:
    """``--scale MIN-MAX`` like 1-10."""
    if text is None:
        return None
    lo, sep, hi = text.strip().partition("-")
    if not sep or not lo or not hi:
        raise ValidationError(f"--scale: {text!r} is not MIN-MAX like 1-10.")
    return parse_number(lo, "--scale", percent=True), parse_number(hi, "--scale", percent=True)


def parse_size(text: str) -> tuple[int, int]:
    """``--size WIDTHxHEIGHT``, each side 200-8000 pixels."""
    try:
        width, height = (int(part) for part in text.lower().split("x"))
        if not (200 <= width <= 8000 and 200 <= height <= 8000):
            raise ValueError
    except ValueError:
        raise ValidationError(f"--size: {text!r} is not WIDTHxHEIGHT like 1100x760.") from None
    return width, height
