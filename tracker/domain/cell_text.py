"""Reading one cell of a user's sheet: a time in a known format, a number (decimal comma and
yes/no allowed). Shared by the mapped-CSV import (``tracker.exchange``) and the daily-metric
source (``tracker.sources.metric``), so a file reads the same through either."""

from __future__ import annotations

import re
from datetime import datetime

ISO = "iso"
TIMESTAMP_FORMATS = (
    ISO,
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %I:%M %p",
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d{1,3})?")
_WORDS = {"yes": 1.0, "true": 1.0, "y": 1.0, "no": 0.0, "false": 0.0, "n": 0.0}


def parse_time(text: str, fmt: str = ISO) -> datetime | None:
    """``text`` read with ``fmt`` (a ``strptime`` pattern or ``ISO``), None if it does not fit."""
    try:
        if fmt == ISO:
            return datetime.fromisoformat(text)
        return datetime.strptime(text, fmt)
    except (ValueError, OverflowError):
        return None


def guess_format(values: list[str]) -> str:
    """The first known timestamp format every sample value fits (ISO when none do)."""
    samples = [v.strip() for v in values if v.strip()][:20]
    for fmt in TIMESTAMP_FORMATS:
        if samples and all(parse_time(v, fmt) is not None for v in samples):
            return fmt
    return ISO


def cell_number(text: str) -> float | None:
    """A cell as a number: ``3``, ``2,5``, ``1e3``, yes/no/true/false as 1/0; None otherwise
    (also for magnitudes of 10^12 and more, which no sheet of daily values means)."""
    clean = text.strip()
    if clean.casefold() in _WORDS:
        return _WORDS[clean.casefold()]
    if not _NUMBER.fullmatch(clean):
        return None
    value = float(clean.replace(",", "."))
    return value if abs(value) < 1e12 else None
