"""Encode an aware datetime as (UTC microseconds since the epoch, UTC offset in minutes).

Both directions use exact integer arithmetic on the wall time, so every datetime between
years 1 and 9999 round-trips to the microsecond with its offset, and none overflows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache

from tracker.errors import ValidationError

_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_MINUTE = timedelta(minutes=1)
_US_PER_MINUTE = 60_000_000


def encode(at: datetime) -> tuple[int, int]:
    """``(utc_microseconds, offset_minutes)`` for an aware datetime."""
    offset = at.utcoffset()
    if offset is None:
        raise ValidationError("The time of a check-in needs a UTC offset.")
    if offset % _MINUTE:
        raise ValidationError("The UTC offset of a check-in must be a whole number of minutes.")
    offset_min = offset // _MINUTE
    wall_us = (at.replace(tzinfo=None) - _EPOCH) // _MICROSECOND
    return wall_us - offset_min * _US_PER_MINUTE, offset_min


def instant_us(at: datetime) -> int:
    """UTC microseconds since the epoch of an aware datetime (for range filters)."""
    offset = at.utcoffset()
    if offset is None:
        raise ValueError("a naive datetime cannot be compared with stored instants")
    return (at.replace(tzinfo=None) - _EPOCH - offset) // _MICROSECOND


def decode(utc_us: int, offset_min: int) -> datetime:
    """The aware datetime with the stored offset (a fixed-offset ``timezone``)."""
    wall = _EPOCH + timedelta(microseconds=utc_us + offset_min * _US_PER_MINUTE)
    return wall.replace(tzinfo=zone(offset_min))


@lru_cache(maxsize=256)
def zone(offset_min: int) -> timezone:
    """The fixed-offset timezone for ``offset_min`` minutes east of UTC."""
    return UTC if offset_min == 0 else timezone(timedelta(minutes=offset_min))


def utc_now_text() -> str:
    """The current UTC time as ISO 8601 text ending in Z (for created/updated columns)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
