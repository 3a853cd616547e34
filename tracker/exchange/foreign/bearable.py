"""Bearable's CSV export: one row per logged item.

Header ``date,weekday,time of day,category,rating/amount,detail,notes``; newer exports add a
``date formatted`` column (ISO date), preferred when present. ``time of day`` is ``HH:MM``
or a part of the day, placed at a fixed time: pre 04:00, am 09:00, mid 13:00, pm 19:00,
all day 12:00 (said to the user before importing). Rows sharing a date and time of day
form one check-in; a measure logged twice in one slot starts another check-in.

Categories: Mood (rating 1-10 → mood), Energy (1-5 → energy 1-10), Sleep (``H:MM`` or
hours → sleep), Sleep quality (→ sleep quality 1-5, values kept), Symptom(s), Factors and
any other category without a rating (``detail`` items joined by `` | `` → tags; a
trailing "(Mild)" severity is dropped), Notes/Gratitude (→ note). Any other category with a
number becomes a measure of that name (a custom rating such as "Productivity"), which the
user may send to a skill. The ``notes`` column is added to the check-in's note.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time, tzinfo

from tracker.errors import ExchangeError
from tracker.exchange.foreign.model import (
    KeyCounter,
    Measure,
    SourceData,
    SourceEntry,
    cell,
    header_index,
    localize,
    open_table,
    row_error,
    split_items,
)

COLUMNS = ("date", "time of day", "category", "rating/amount", "detail", "notes")
PARTS_OF_DAY = {"pre": time(4), "am": time(9), "mid": time(13), "pm": time(19),
                "all day": time(12)}
KNOWN_MEASURES = {
    "mood": Measure("Mood", 1, 10, "", "factor:mood"),
    "energy": Measure("Energy", 1, 5, "", "factor:energy"),
    "sleep": Measure("Sleep", None, None, "h", "factor:sleep_hours"),
    "sleep quality": Measure("Sleep quality", None, None, "", "factor:sleep_quality"),
}
NOTE_CATEGORIES = {"notes", "note", "gratitude", "journal"}
_DATE_FORMATS = ("%d/%m/%Y", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y")
_SEVERITY = re.compile(r"\s*\((mild|moderate|severe|unbearable|extreme)\)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DURATION = re.compile(r"(\d{1,3}):([0-5]\d)(?::([0-5]\d))?")


def parse_bearable(raw: str | bytes, tz: tzinfo | None = None) -> SourceData:
    """Parse a Bearable CSV export; raise ``ExchangeError`` naming the first bad row."""
    rows, header, names = open_table(raw, "Bearable")
    index = header_index(header, COLUMNS, "bearable")
    formatted = names.index("date formatted") if "date formatted" in names else None
    source = SourceData("bearable")
    source.remarks.append(
        "Parts of the day are placed at fixed times: pre 04:00, am 09:00, mid 13:00, "
        "pm 19:00, all day 12:00."
    )
    unique = KeyCounter()
    slots: dict[str, SourceEntry] = {}
    for number, record in rows:
        day = _day(record, index["date"], formatted, number)
        slot_text = " ".join(cell(record, index["time of day"]).split()).casefold()
        clock = _clock(slot_text, number)
        category = " ".join(cell(record, index["category"]).split())
        if not category:
            raise row_error(number, "the category is empty.")
        rating = cell(record, index["rating/amount"]).strip()
        detail = cell(record, index["detail"]).strip()
        notes = cell(record, index["notes"]).strip()
        base = f"{day.isoformat()} {slot_text}"
        entry = slots.get(base)
        measure = _measure(category, rating, detail, number, source)
        if entry is None or (measure is not None and measure[0] in entry.measures):
            naive = datetime.combine(day, clock)
            entry = SourceEntry(number, unique(base), localize(naive, tz, number))
            source.entries.append(entry)
            slots[base] = entry
        if measure is not None:
            entry.measures[measure[0]] = measure[1]
        elif category.casefold() in NOTE_CATEGORIES:
            notes = "\n".join(t for t in (detail, notes) if t)
        else:
            entry.tags.extend(_SEVERITY.sub("", item) for item in split_items(detail))
        if notes:
            entry.note = f"{entry.note}\n{notes}" if entry.note else notes
    if not source.entries:
        raise ExchangeError("The Bearable file has a header but no rows.")
    return source


def _measure(
    category: str, rating: str, detail: str, row: int, source: SourceData
) -> tuple[str, float] | None:
    key = category.casefold()
    if key in NOTE_CATEGORIES or not rating:
        return None
    known = KNOWN_MEASURES.get(key)
    if key in ("symptom", "symptoms", "factors") and known is None:
        return None  # a severity or count beside tag items: the items are what matters
    if known is not None and known.unit == "h":
        value = _hours(rating, row)
    elif _NUMBER.fullmatch(rating):
        value = float(rating)
    else:
        raise row_error(row, f"{category}: {rating!r} is not a number.")
    measure = known or Measure(category, None, None, "", f"factor:{category}")
    source.measures.setdefault(measure.name, measure)
    return measure.name, value


def _hours(text: str, row: int) -> float:
    match = _DURATION.fullmatch(text)
    if match:
        return int(match[1]) + int(match[2]) / 60 + int(match[3] or 0) / 3600
    if _NUMBER.fullmatch(text):
        return float(text)
    raise row_error(row, f"Sleep: {text!r} is not a duration such as 7:30.")


def _day(record: list[str], column: int, formatted: int | None, row: int) -> date:
    texts = [cell(record, formatted).strip()] if formatted is not None else []
    texts.append(cell(record, column).strip())
    for text in texts:
        if not text:
            continue
        with contextlib.suppress(ValueError):
            return date.fromisoformat(text[:10])  # ISO, possibly followed by a time
        for fmt in _DATE_FORMATS:
            with contextlib.suppress(ValueError):
                return datetime.strptime(text, fmt).date()
    shown = next((t for t in texts if t), "")
    raise row_error(row, f"date {shown!r} is not a date such as 2024-03-01.")


def _clock(text: str, row: int) -> time:
    if text in PARTS_OF_DAY:
        return PARTS_OF_DAY[text]
    try:
        return datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise row_error(
            row, f"time of day {text!r} is neither HH:MM nor one of pre, am, mid, pm, all day."
        ) from None
