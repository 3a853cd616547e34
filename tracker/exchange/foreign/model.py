"""What every foreign parser produces: source entries in the source's own terms.

A parser reads another app's export into a ``SourceData``: timed entries with an optional
mood label, named numeric measures on the source's own scale, tags and a note. Turning that
into Touchstone check-ins (mood mapping, scale conversion, skills and factors) is
``tracker.exchange.foreign.convert``'s job, so every app shares one set of rules.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from tracker.errors import ExchangeError
from tracker.exchange.dataset import located_error
from tracker.exchange.text import decode_text

APPS = ("daylio", "bearable", "trackandgraph", "csv")
APP_NAMES = {
    "daylio": "Daylio",
    "bearable": "Bearable",
    "trackandgraph": "Track & Graph",
    "csv": "CSV",
}
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://touchstone.invalid/foreign-import")
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Measure:
    """A numeric series in the source ("Energy", "Sleep"), with its scale when it has one."""

    name: str
    low: float | None = None  # source scale, e.g. 1..5; None = unbounded quantity
    high: float | None = None
    unit: str = ""
    target: str = ""  # the suggested target spec, e.g. "factor:energy" (see convert.Target)


@dataclass(slots=True)
class SourceEntry:
    """One moment in the source: mood label, measure values, tags, note."""

    row: int  # 1-based row (CSV, after the header) or record number, for messages
    key: str  # the source's identity of this moment, stable across exports
    at: datetime  # timezone-aware
    mood: str | None = None  # mood label (Daylio)
    measures: dict[str, float] = field(default_factory=dict)  # measure name -> source value
    tags: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class SourceData:
    """A parsed export: entries, mood labels with their suggested mood 1-10, measures."""

    app: str
    entries: list[SourceEntry] = field(default_factory=list)
    mood_labels: dict[str, int | None] = field(default_factory=dict)  # label -> mood or None
    mood_levels: dict[str, int] = field(default_factory=dict)  # label -> source level 1-5
    measures: dict[str, Measure] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)  # said to the user before importing


def checkin_id(app: str, key: str) -> str:
    """The check-in id for a source moment: UUID5 over the app and the source identity."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{app}|{key}"))


def definition_id(app: str, kind: str, name: str) -> str:
    """A deterministic id for a skill or factor an import creates."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{app}|{kind}|{' '.join(name.split()).casefold()}"))


class KeyCounter:
    """Makes keys unique in file order: the second "k" becomes "k#2", and so on."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        count = self._seen.get(key, 0) + 1
        self._seen[key] = count
        return key if count == 1 else f"{key}#{count}"


def decode(raw: str | bytes, name: str = "The file") -> str:
    """UTF-8 text (a BOM is dropped); a clear ExchangeError otherwise."""
    if isinstance(raw, bytes | bytearray) and len(raw) > MAX_FILE_BYTES:
        raise ExchangeError(f"{name} is larger than {MAX_FILE_BYTES // 2**20} MB.")
    raw = decode_text(raw, name, "export it again as CSV")
    if "\x00" in raw:
        raise ExchangeError(f"{name} contains NUL bytes: it is not a CSV text file.")
    return raw


def csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) for each non-blank record; the header is row 0."""
    reader = csv.reader(io.StringIO(text, newline=""))
    number = -1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = "the header line" if number < 0 else f"row {number + 1}"
            record_no = number + 1 if number >= 0 else None
            raise located_error(where, record_no, f"cannot read the CSV: {exc}.") from None
        number += 1
        if number > 0 and not any(cell.strip() for cell in record):
            continue
        yield number, record


def open_table(raw: str | bytes, app_label: str) -> tuple[Iterator[tuple[int, list[str]]],
                                                      list[str], list[str]]:
    """Decode ``raw`` and read its header: (the remaining rows, the header, the header's
    normalised names — case and spacing ignored). An empty file is a clear ExchangeError."""
    rows = csv_rows(decode(raw))
    try:
        _, header = next(rows)
    except StopIteration:
        raise ExchangeError(f"The file is empty: expected {app_label}'s header line.") from None
    return rows, header, [" ".join(h.split()).casefold() for h in header]


def header_index(header: list[str], wanted: tuple[str, ...], app: str) -> dict[str, int]:
    """Column positions of ``wanted`` (matched ignoring case and spaces) or a clear error."""
    names = [" ".join(h.split()).casefold() for h in header]
    found: dict[str, int] = {}
    for column in wanted:
        if column in names:
            found[column] = names.index(column)
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ExchangeError(
            f"This does not look like a {APP_NAMES[app]} export: the header lacks "
            f"{', '.join(missing)} (expected {','.join(wanted)})."
        )
    return found


def cell(record: list[str], index: int) -> str:
    return record[index] if index < len(record) else ""


def row_error(row: int, detail: str) -> ExchangeError:
    return located_error(f"row {row}", row, detail)


def localize(naive: datetime, tz: tzinfo | None, row: int) -> datetime:
    """Attach ``tz`` (None: this computer's zone, by ``domain.local_time``'s rule: a time in
    a DST gap is refused, the repeated hour is the first) to a wall-clock time from the file."""
    if tz is None:
        from tracker.domain.local_time import on_local_clock
        from tracker.errors import ValidationError

        try:
            tz = on_local_clock(naive, "the time").at.tzinfo
        except ValidationError as error:
            raise row_error(row, str(error)) from None
    try:
        at = naive.replace(tzinfo=tz)
        offset = at.utcoffset()
    except (OverflowError, ValueError, OSError):
        raise row_error(row, f"{naive.isoformat(sep=' ')} is out of range.") from None
    if offset is None or offset.total_seconds() % 60:
        raise row_error(row, "the time zone's offset is not a whole number of minutes.")
    return at.replace(tzinfo=timezone(offset))  # a fixed offset, as stored


def split_items(text: str) -> list[str]:
    """Items joined by `` | `` (Daylio activities, Bearable details), trimmed, no empties."""
    return [item.strip() for item in text.split("|") if item.strip()]
