"""A daily-metric file: any CSV or JSON of ``date, value`` (words written, problems solved, hours
of deep work, a WakaTime or RescueTime export), one value per day.

Options (``SourceConfig.options``): ``file`` (the path), ``date`` and ``value`` (the columns, by
header name; JSON: a key, dotted for nested objects like ``grand_total.total_seconds``),
``format`` (the date's ``strptime`` pattern or ``iso``; guessed from the file when absent, as
the mapped CSV import guesses it: ``tracker.domain.cell_text`` reads cells for both) and
``scale`` (a factor, e.g. 1/3600 to turn seconds into hours). Without ``date``/``value`` the
columns called date/day and the one other column are taken.

A JSON file is a list of objects, an object holding one such list (``{"days": [...]}``) or an
object ``{"2026-12-01": 3, ...}``. A date with a time and a UTC offset is counted on the
journal's local day (``day_of``); a date or a wall-clock time on its own date. An empty value is
no value for that day. An unparseable date, a value that is not a number or a second row for
a day is a ``SourceError`` naming the row; nothing is read then.

``state`` keeps the file's size, modification time and SHA-256 with the values read, so an
unchanged file is not parsed again (not kept for times with an offset: their day follows the
journal's check-ins, which may change).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.domain.cell_text import ISO, cell_number, guess_format, parse_time
from tracker.sources.base import DayOf, MeasureSpec, Reading, SourceError

KIND = "metric"
VALUE = "value"
MAX_BYTES = 200 * 1024 * 1024
_DATE_NAMES = ("date", "day", "datum", "time", "timestamp")

Cells = list[tuple[int, str, str]]  # (row number, date text, value text)


class MetricReader:
    """The reader of kind "metric" (see the module's docstring)."""

    kind = KIND
    measures = (MeasureSpec(VALUE, "Daily value", ""),)

    def check(self, options: dict[str, Any]) -> None:
        self.read(options, _naive_day)

    def read(self, options: dict[str, Any], day_of: DayOf,
             state: dict[str, Any] | None = None) -> Reading:
        path = _path(options)
        try:
            stat = path.stat()
        except OSError:
            raise SourceError(f"The file {path} is not there (moved or deleted?).") from None
        if not path.is_file():
            raise SourceError(f"{path} is not a file.")
        if stat.st_size > MAX_BYTES:
            raise SourceError(f"The file {path} is larger than {MAX_BYTES // 2**20} MB.")
        signature = {"options": _plain(options), "size": stat.st_size,
                     "mtime_ns": stat.st_mtime_ns}
        cached = _cached(state, signature)
        if cached is not None:
            return cached
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"The file {path} cannot be read ({exc.strerror}).") from None
        digest = hashlib.sha256(raw).hexdigest()
        signature_hash = {"options": signature["options"], "sha256": digest}
        cached = _cached(state, signature_hash)
        if cached is not None:
            return Reading(cached.values, state={**cached.state, **signature} if cached.state
                           else None)
        zoned: list[datetime] = []  # times with an offset: their day depends on ``day_of``

        def counted(at: datetime) -> date:
            zoned.append(at)
            return day_of(at)

        values = parse_metric(raw, options, counted, path.name)
        return Reading({VALUE: values}, state=None if zoned else {
            **signature, "sha256": digest,
            "values": {d.isoformat(): v for d, v in sorted(values.items())}})


def parse_metric(raw: bytes, options: dict[str, Any], day_of: DayOf,
                 name: str = "The file") -> dict[date, float]:
    """Per day, the file's value (see the module's docstring); ``SourceError`` otherwise."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name} is not UTF-8 text (byte {exc.start + 1}).") from None
    if "\x00" in text:
        raise SourceError(f"{name} contains NUL bytes: it is not a CSV or JSON text file.")
    stripped = text.lstrip()
    cells = (_json_cells(stripped, options, name) if stripped[:1] in ("[", "{")
             else _csv_cells(text, options, name))
    if not cells:
        raise SourceError(f"{name} has no rows of values (expected date,value).")
    scale = _scale(options)
    fmt = str(options.get("format") or guess_format([c[1] for c in cells]))
    values: dict[date, float] = {}
    first: dict[date, int] = {}
    for row, day_text, value_text in cells:
        where = f"{name}, row {row}"
        day = _day(day_text, fmt, day_of, where)
        if not value_text.strip():
            continue
        value = cell_number(value_text)
        if value is None:
            raise SourceError(f"{where}: the value {value_text.strip()!r} is not a number.")
        if day in first:
            raise SourceError(f"{where}: a second value for {day.isoformat()} (row "
                              f"{first[day]} has one).")
        first[day] = row
        values[day] = value * scale
    return values


def _day(text: str, fmt: str, day_of: DayOf, where: str) -> date:
    clean = text.strip()
    at = parse_time(clean, fmt)
    if at is None:
        shown = "ISO 8601 (2026-12-01)" if fmt == ISO else fmt
        raise SourceError(f"{where}: {clean!r} is not a date like {shown}.")
    if at.tzinfo is None:
        return at.date()
    try:
        return day_of(at)
    except (OverflowError, ValueError):
        raise SourceError(f"{where}: {clean!r} is out of range.") from None


def _csv_cells(text: str, options: dict[str, Any], name: str) -> Cells:
    try:
        records = [r for r in csv.reader(io.StringIO(text, newline=""), strict=True)
                   if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise SourceError(f"{name} is not valid CSV: {exc}.") from None
    if not records:
        raise SourceError(f"{name} is empty: expected a header line naming the columns.")
    header = [" ".join(h.split()) for h in records[0]]
    date_col, value_col = _columns(header, options, name)
    return [(n, _cell(r, date_col), _cell(r, value_col))
            for n, r in enumerate(records[1:], start=1)]


def _columns(header: list[str], options: dict[str, Any], name: str) -> tuple[int, int]:
    keys = [h.casefold() for h in header]

    def find(title: str) -> int:
        wanted = " ".join(title.split()).casefold()
        if wanted not in keys:
            raise SourceError(f"{name} has no column {title!r} (columns: {', '.join(header)}).")
        return keys.index(wanted)

    date_col = (find(str(options["date"])) if options.get("date")
                else next((keys.index(n) for n in _DATE_NAMES if n in keys), None))
    if date_col is None:
        raise SourceError(f"{name}: say which column holds the date (columns: "
                          f"{', '.join(header)}).")
    if options.get("value"):
        return date_col, find(str(options["value"]))
    others = [i for i, h in enumerate(header) if i != date_col and h]
    if len(others) != 1:
        raise SourceError(f"{name}: say which column holds the value (columns: "
                          f"{', '.join(header)}).")
    return date_col, others[0]


def _json_cells(text: str, options: dict[str, Any], name: str) -> Cells:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SourceError(f"{name} is not valid JSON ({exc}).") from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1 and not options.get("date"):
            data = lists[0]
        elif all(not isinstance(v, dict | list) for v in data.values()):
            return [(n, str(k), _text(v)) for n, (k, v) in enumerate(data.items(), start=1)]
    if not isinstance(data, list):
        raise SourceError(f"{name}: expected a list of days (objects with a date and a value).")
    cells: Cells = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise SourceError(f"{name}, row {n}: expected an object with a date and a value.")
        date_key = str(options.get("date") or next(
            (k for k in item if str(k).casefold() in _DATE_NAMES), "date"))
        value_key = str(options.get("value") or VALUE)
        cells.append((n, _text(_dig(item, date_key)), _text(_dig(item, value_key))))
    return cells


def _dig(item: dict[str, Any], key: str) -> object:
    found: object = item
    for part in key.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return found


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value if isinstance(value, str) else json.dumps(value)


def _cell(record: list[str], index: int) -> str:
    return record[index] if index < len(record) else ""


def _scale(options: dict[str, Any]) -> float:
    raw = options.get("scale", 1.0)
    scale = raw if isinstance(raw, int | float) and not isinstance(raw, bool) else None
    if scale is None or not math.isfinite(scale) or scale == 0:
        raise SourceError(f"The scale must be a non-zero number, not {raw!r}.")
    return float(scale)


def _path(options: dict[str, Any]) -> Path:
    file = options.get("file")
    if not isinstance(file, str) or not file.strip():
        raise SourceError("Say which file holds the daily values.")
    return Path(file).expanduser()


def _plain(options: dict[str, Any]) -> str:
    """A digest of the options read (the state never repeats the path)."""
    used = {k: options[k] for k in sorted(options) if k in
            ("file", "date", "value", "format", "scale")}
    return hashlib.sha256(json.dumps(used, sort_keys=True, default=str).encode()).hexdigest()


def _cached(state: dict[str, Any] | None, signature: dict[str, Any]) -> Reading | None:
    if not state or any(state.get(k) != v for k, v in signature.items()):
        return None
    try:
        values = {date.fromisoformat(d): float(v) for d, v in state["values"].items()}
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    return Reading({VALUE: values}, state=state)


def _naive_day(at: datetime) -> date:
    return at.astimezone().date()


reader = MetricReader()
