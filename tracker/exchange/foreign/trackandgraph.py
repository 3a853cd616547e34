"""Track & Graph's CSV export: ``FeatureName,Timestamp,Value,Label,Note``, one data point a row.

Timestamps are ISO 8601 with a UTC offset. Values are numbers or durations ``H:MM:SS``
(imported as hours). Data points sharing a timestamp form one check-in; a feature repeated
at one timestamp starts another. Each feature is a measure of that name, by default a factor
of the same name (a custom number factor, unit "h" for durations; a feature called like a
built-in factor, e.g. "Mood", goes to it). Labels are not imported (the value is); notes are.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from tracker.errors import ExchangeError
from tracker.exchange.foreign.model import (
    KeyCounter,
    Measure,
    SourceData,
    SourceEntry,
    cell,
    header_index,
    open_table,
    row_error,
)

COLUMNS = ("featurename", "timestamp", "value")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_DURATION = re.compile(r"(-?)(\d+):([0-5]\d):([0-5]\d)(?:\.\d+)?")


def parse_trackandgraph(raw: str | bytes) -> SourceData:
    """Parse a Track & Graph CSV export; raise ``ExchangeError`` naming the first bad row."""
    rows, header, names = open_table(raw, "Track & Graph")
    index = header_index(header, COLUMNS, "trackandgraph")
    note_col = names.index("note") if "note" in names else None
    source = SourceData("trackandgraph")
    unique = KeyCounter()
    slots: dict[str, SourceEntry] = {}
    durations: set[str] = set()
    for number, record in rows:
        feature = " ".join(cell(record, index["featurename"]).split())
        if not feature:
            raise row_error(number, "FeatureName is empty.")
        stamp = cell(record, index["timestamp"]).strip()
        at = _timestamp(stamp, number)
        value, is_duration = _value(cell(record, index["value"]).strip(), feature, number)
        if is_duration:
            durations.add(feature)
        entry = slots.get(stamp)
        if entry is None or feature in entry.measures:
            entry = SourceEntry(number, unique(stamp), at)
            source.entries.append(entry)
            slots[stamp] = entry
        entry.measures[feature] = value
        note = cell(record, note_col).strip() if note_col is not None else ""
        if note and note not in entry.note.split("\n"):
            entry.note = f"{entry.note}\n{note}" if entry.note else note
        if feature not in source.measures:
            source.measures[feature] = Measure(feature, target=f"factor:{feature}")
    for feature in durations:
        source.measures[feature] = Measure(feature, unit="h", target=f"factor:{feature}")
    if not source.entries:
        raise ExchangeError("The Track & Graph file has a header but no data points.")
    source.entries.sort(key=lambda e: e.at.astimezone(UTC))
    return source


def _timestamp(text: str, row: int) -> datetime:
    try:
        at = datetime.fromisoformat(text)
        offset = at.utcoffset()
        if offset is None:
            raise row_error(row, f"Timestamp {text!r} has no UTC offset.")
        if offset.total_seconds() % 60:
            raise row_error(row, f"Timestamp {text!r}: the offset is not whole minutes.")
        at.astimezone(UTC)
    except ExchangeError:
        raise
    except (ValueError, OverflowError):
        raise row_error(
            row, f"Timestamp {text!r} is not an ISO time such as 2024-03-01T08:30:00+01:00."
        ) from None
    return at.replace(microsecond=0)


def _value(text: str, feature: str, row: int) -> tuple[float, bool]:
    match = _DURATION.fullmatch(text)
    if match:
        hours = int(match[2]) + int(match[3]) / 60 + int(match[4]) / 3600
        return (-hours if match[1] else hours), True
    if _NUMBER.fullmatch(text):
        value = float(text)
        if value == value and abs(value) < 1e12:
            return value, False
    raise row_error(row, f"{feature}: Value {text!r} is not a number or a duration H:MM:SS.")
