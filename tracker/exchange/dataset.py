"""The unit of export and import, and helpers both file formats share."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeGuard

from tracker.domain.models import CheckIn, Factor, Skill
from tracker.errors import ExchangeError


@dataclass
class Dataset:
    """Everything a file carries: definitions (archived ones included) and check-ins."""

    skills: list[Skill] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)


def located_error(where: str, record: int | None, detail: str) -> ExchangeError:
    """An ``ExchangeError`` whose text starts with ``where`` (e.g. "row 3, column 'note'").

    ``ExchangeError(msg, record)`` would prefix "record n: "; CSV speaks of rows and JSON of
    skills/factors/check-ins, so the location is written here and ``record`` set afterwards.
    """
    error = ExchangeError(f"{where}: {detail}")
    error.record = record
    return error


def parse_timestamp(text: str) -> datetime:
    """Parse an ISO 8601 time with a UTC offset; raise ``ValueError`` with a user message.

    The valid range is the journal's (``domain.validation``): every wall time from
    0001-01-01T00:00 to 9999-12-31T23:59:59.999999 with a whole-minute offset under 24 h,
    even where its UTC instant falls outside years 1-9999 (0001-01-01T00:00+14:00).
    """
    clean = text.strip()
    if not clean:
        raise ValueError("the time is missing")
    try:
        at = datetime.fromisoformat(clean)
    except ValueError:
        raise ValueError(
            f"{clean!r} is not an ISO 8601 time such as 2024-03-01T08:30:00+01:00"
        ) from None
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(
            f"{clean!r} has no UTC offset: add a UTC offset such as +01:00 "
            f"(e.g. {at.isoformat()}+01:00)"
        )
    return at  # any wall time of years 1-9999 with its offset: what the journal stores


def format_number(value: float) -> str:
    """A number as text: no trailing ``.0`` when integral, otherwise the shortest exact form."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return repr(number)


def json_number(value: float) -> int | float:
    """A number for JSON: an ``int`` when integral and exactly representable, else a float."""
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def valid_id(value: str, limit: int = 200) -> bool:
    """True for an id a file may carry: 1..limit printable characters, no outer spaces."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return 0 < len(value) <= limit and value.isprintable() and value.strip() == value


def is_finite_number(value: object) -> TypeGuard[int | float]:
    """True for an ``int``/``float`` (not ``bool``) that is finite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an int too large for a float
        return False
