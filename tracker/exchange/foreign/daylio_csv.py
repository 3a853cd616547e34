"""Daylio's CSV export.

Header ``full_date,date,weekday,time,mood,activities,note_title,note`` (an older export has
seven columns, ``year,date,weekday,time,mood,activities,note``, with a day such as
"1 March"). ``time`` is 24-hour ("20:30") or 12-hour ("8:30 PM"). ``mood`` is the user's
label: the five default ones (rad, good, meh, bad, awful) map to mood 10, 8, 6, 3, 1
(``convert.level_to_mood``); a renamed label needs a mapping from the user. Activities are
joined by `` | `` and become tags. Times carry no UTC offset: they are read on ``tz``
(default: this computer's zone). The source identity of an entry is its date and minute.
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from tracker.errors import ExchangeError
from tracker.exchange.foreign.convert import LEVEL_LABELS, level_to_mood
from tracker.exchange.foreign.model import (
    KeyCounter,
    SourceData,
    SourceEntry,
    cell,
    header_index,
    localize,
    open_table,
    row_error,
    split_items,
)

NEW_COLUMNS = ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note")
OLD_COLUMNS = ("year", "date", "weekday", "time", "mood", "activities", "note")
_DAY_FORMATS = ("%d %B", "%B %d", "%d %b", "%b %d", "%d. %B", "%d.%m.", "%d.%m")
_TIME_FORMATS = ("%H:%M", "%I:%M %p", "%I:%M%p", "%H:%M:%S", "%I:%M:%S %p")


def default_mood_labels() -> tuple[dict[str, int | None], dict[str, int]]:
    """Daylio's five default labels: mood value and level (5 = rad … 1 = awful)."""
    levels = {label: level for level, label in sorted(LEVEL_LABELS.items(), reverse=True)}
    return {label: level_to_mood(level) for label, level in levels.items()}, levels


def parse_daylio_csv(raw: str | bytes, tz: tzinfo | None = None) -> SourceData:
    """Parse a Daylio CSV export; raise ``ExchangeError`` naming the first bad row."""
    rows, header, names = open_table(raw, "Daylio")
    old = "year" in names and "full_date" not in names
    index = header_index(header, OLD_COLUMNS if old else NEW_COLUMNS, "daylio")
    moods, levels = default_mood_labels()
    source = SourceData("daylio", mood_labels=dict(moods), mood_levels=dict(levels))
    unique = KeyCounter()
    for number, record in rows:
        day = _old_day(record, index, number) if old else _full_date(record, index, number)
        clock = _time(cell(record, index["time"]), number)
        label = " ".join(cell(record, index["mood"]).split())
        if not label:
            raise row_error(number, "the mood is empty.")
        naive = datetime.combine(day, clock)
        title = "" if old else cell(record, index["note_title"]).strip()
        note = cell(record, index["note"])
        source.entries.append(
            SourceEntry(
                row=number,
                key=unique(naive.isoformat(timespec="minutes")),
                at=localize(naive, tz, number),
                mood=label,
                tags=split_items(cell(record, index["activities"])),
                note=f"{title}\n{note}".strip("\n") if title else note,
            )
        )
        if label not in source.mood_labels:
            known = {k.casefold(): k for k in source.mood_labels}
            if label.casefold() in known:
                source.entries[-1].mood = known[label.casefold()]
            else:
                source.mood_labels[label] = None  # renamed: the user must map it
    if not source.entries:
        raise ExchangeError("The Daylio file has a header but no entries.")
    return source


def _full_date(record: list[str], index: dict[str, int], row: int) -> date:
    text = cell(record, index["full_date"]).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise row_error(row, f"full_date {text!r} is not a date like 2024-03-01.") from None


def _old_day(record: list[str], index: dict[str, int], row: int) -> date:
    year_text = cell(record, index["year"]).strip()
    day_text = " ".join(cell(record, index["date"]).split())
    if not (year_text.isdigit() and 1 <= int(year_text) <= 9999):
        raise row_error(row, f"year {year_text!r} is not a year like 2016.")
    for fmt in _DAY_FORMATS:
        try:
            parsed = datetime.strptime(f"{day_text} {year_text}", f"{fmt} %Y")
        except ValueError:
            continue
        return parsed.date()
    raise row_error(row, f"date {day_text!r} is not a day such as '1 March' or 'March 1'.")


def _time(text: str, row: int) -> time:
    clean = " ".join(text.replace(".", "").split()).upper()
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(clean, fmt).time()
        except ValueError:
            continue
    raise row_error(row, f"time {text.strip()!r} is not a time such as 20:30 or 8:30 PM.")
