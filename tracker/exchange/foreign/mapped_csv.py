"""Any CSV, read through an explicit column mapping.

Each column gets a role: ``timestamp`` (optionally ``timestamp:FORMAT``, a ``strptime``
pattern such as ``%d/%m/%Y %H:%M``; default ISO 8601), ``time`` (a separate clock column
joined to the timestamp with a space), ``skill:NAME[@LO-HI]``, ``factor:NAME[@LO-HI]``
(``@LO-HI`` is the column's own scale, converted to the target's), ``tag`` (a non-zero
number adds the column name as a tag), ``tags`` (items separated by ``;``, ``|`` or ``,``),
``note``, ``mood`` (mood labels, mapped like Daylio's) or ``skip``. Numbers may use a
decimal comma; yes/no/true/false count as 1/0. Times without a UTC offset are read on ``tz``
(default: this computer's zone). The source identity of a row is its timestamp text and the
sheet's mapped column names, so re-importing the same sheet changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import tzinfo

from tracker.domain.cell_text import ISO as ISO
from tracker.domain.cell_text import TIMESTAMP_FORMATS as TIMESTAMP_FORMATS
from tracker.domain.cell_text import cell_number, parse_time
from tracker.domain.cell_text import guess_format as guess_format
from tracker.domain.local_time import utc_offset
from tracker.errors import ExchangeError
from tracker.exchange.foreign.convert import parse_target
from tracker.exchange.foreign.model import (
    KeyCounter,
    Measure,
    SourceData,
    SourceEntry,
    cell,
    csv_rows,
    decode,
    localize,
    row_error,
)

ROLES = ("skip", "timestamp", "time", "skill", "factor", "tag", "tags", "note", "mood")
_TAG_SPLIT = re.compile(r"[;|,]")
_TIMESTAMP_NAMES = ("timestamp", "datetime", "date time", "date/time", "when", "date", "day")
_NOTE_NAMES = ("note", "notes", "comment", "comments", "journal")
_TAG_NAMES = ("tags", "tag", "activities", "labels")


@dataclass(frozen=True, slots=True)
class ColumnRole:
    """What one column holds; ``name``/``low``/``high`` for skill and factor columns."""

    role: str = "skip"
    name: str = ""
    low: float | None = None
    high: float | None = None
    fmt: str = ISO  # timestamp columns only

    def spec(self) -> str:
        if self.role in ("skill", "factor"):
            text = f"{self.role}:{self.name}"
            if self.low is not None and self.high is not None:
                text += f"@{_num(self.low)}-{_num(self.high)}"
            return text
        if self.role == "timestamp" and self.fmt != ISO:
            return f"timestamp:{self.fmt}"
        return self.role


def parse_role(text: str) -> ColumnRole:
    """``timestamp[:FORMAT]``, ``time``, ``skill:NAME[@LO-HI]``, ``factor:…``, ``tags`` …"""
    clean = str(text).strip()
    head, _, rest = clean.partition(":")
    role = head.strip().casefold()
    if role == "timestamp":
        return ColumnRole("timestamp", fmt=rest.strip() or ISO)
    if role in ("skill", "factor"):
        target = parse_target(clean)
        return ColumnRole(role, target.name, target.low, target.high)
    if role in ROLES and not rest:
        return ColumnRole(role)
    raise ExchangeError(
        f"{text!r} is not a column role: use timestamp[:FORMAT], time, skill:NAME, "
        "factor:NAME, tag, tags, note, mood or skip."
    )


@dataclass
class CsvMapping:
    """A role for each column, by header text (columns not named are skipped)."""

    columns: dict[str, ColumnRole] = field(default_factory=dict)


def read_table(raw: str | bytes, limit: int | None = None) -> tuple[list[str], list[list[str]]]:
    """The header and the first ``limit`` rows (all when None), for a preview."""
    rows = csv_rows(decode(raw))
    try:
        _, header = next(rows)
    except StopIteration:
        raise ExchangeError(
            "The file is empty: expected a header line naming the columns."
        ) from None
    body: list[list[str]] = []
    for _, record in rows:
        if limit is not None and len(body) >= limit:
            break
        body.append(record)
    return [" ".join(h.split()) for h in header], body


def guess_mapping(header: list[str], rows: list[list[str]]) -> CsvMapping:
    """A first guess the user then corrects: time, note, tags by name; numbers as factors."""
    mapping = CsvMapping()
    keys = [h.casefold() for h in header]
    stamp = next((keys.index(n) for n in _TIMESTAMP_NAMES if n in keys), None)
    for index, title in enumerate(header):
        key = keys[index]
        values = [cell(r, index).strip() for r in rows if cell(r, index).strip()]
        if not title:
            continue
        if index == stamp:
            mapping.columns[title] = ColumnRole("timestamp", fmt=guess_format(values))
        elif key == "time" and stamp is not None and keys[stamp] in ("date", "day"):
            mapping.columns[title] = ColumnRole("time")
        elif key in _NOTE_NAMES:
            mapping.columns[title] = ColumnRole("note")
        elif key in _TAG_NAMES:
            mapping.columns[title] = ColumnRole("tags")
        elif values and all(cell_number(v) is not None for v in values):
            name = "mood" if key == "mood" else title
            yes_no = all(cell_number(v) in (0.0, 1.0) for v in values) and key != "mood"
            mapping.columns[title] = (
                ColumnRole("factor", name, 0.0, 1.0) if yes_no else ColumnRole("factor", name)
            )
        elif key == "mood" and values:
            mapping.columns[title] = ColumnRole("mood")
        else:
            mapping.columns[title] = ColumnRole("skip")
    if "time" in {r.role for r in mapping.columns.values()}:
        for title, role in mapping.columns.items():  # date and time apart: re-guess the format
            if role.role == "timestamp":
                both = [
                    f"{cell(r, keys.index(title.casefold()))} {cell(r, keys.index('time'))}"
                    for r in rows
                ]
                mapping.columns[title] = ColumnRole("timestamp", fmt=guess_format(both))
    return mapping


def parse_mapped_csv(raw: str | bytes, mapping: CsvMapping, tz: tzinfo | None = None) -> SourceData:
    """Parse a sheet through ``mapping``; raise ``ExchangeError`` naming the first bad row."""
    text = decode(raw)
    rows = csv_rows(text)
    try:
        _, header = next(rows)
    except StopIteration:
        raise ExchangeError(
            "The file is empty: expected a header line naming the columns."
        ) from None
    titles = [" ".join(h.split()) for h in header]
    positions = {t.casefold(): i for i, t in reversed(list(enumerate(titles)))}
    roles: dict[int, ColumnRole] = {}
    for title, role in mapping.columns.items():
        index = positions.get(" ".join(title.split()).casefold())
        if index is None:
            raise ExchangeError(
                f"The sheet has no column {title!r} (columns: {', '.join(titles)})."
            )
        roles[index] = role
    stamps = [i for i, r in roles.items() if r.role == "timestamp"]
    if len(stamps) != 1:
        raise ExchangeError("Choose exactly one timestamp column.")
    stamp_col = stamps[0]
    fmt = roles[stamp_col].fmt
    time_col = next((i for i, r in roles.items() if r.role == "time"), None)
    valued = [i for i, r in roles.items() if r.role in ("skill", "factor", "tag", "mood")]
    if not valued:
        raise ExchangeError(
            "Choose at least one column with values: a skill rating, a factor or mood."
        )
    source = SourceData("csv")
    for index in valued:
        role = roles[index]
        if role.role == "mood":
            continue
        target = "tag" if role.role == "tag" else f"{role.role}:{role.name}"
        source.measures[titles[index]] = Measure(titles[index], role.low, role.high, "", target)
    identity = "|".join(sorted(titles[i].casefold() for i in roles if roles[i].role != "skip"))
    unique = KeyCounter()
    for number, record in rows:
        stamp_text = cell(record, stamp_col).strip()
        if time_col is not None:
            stamp_text = f"{stamp_text} {cell(record, time_col).strip()}".strip()
        if not stamp_text:
            raise row_error(number, f"the time ({titles[stamp_col]}) is empty.")
        parsed = parse_time(stamp_text, fmt)
        if parsed is None:
            shown = "ISO 8601 (2024-03-01T08:30)" if fmt == ISO else fmt
            raise row_error(number, f"{stamp_text!r} does not match the time format {shown}.")
        at = parsed if parsed.tzinfo is not None else localize(parsed, tz, number)
        if utc_offset(at).total_seconds() % 60:
            raise row_error(number, "the UTC offset is not a whole number of minutes.")
        entry = SourceEntry(number, unique(f"{identity}|{stamp_text}"), at)
        for index, role in roles.items():
            value = cell(record, index)
            if role.role == "note":
                entry.note = f"{entry.note}\n{value}" if entry.note and value else (
                    entry.note or value)
            elif role.role == "tags":
                entry.tags.extend(t.strip() for t in _TAG_SPLIT.split(value) if t.strip())
            elif role.role == "mood":
                label = " ".join(value.split())
                if label:
                    entry.mood = label
                    source.mood_labels.setdefault(label, None)
            elif role.role in ("skill", "factor", "tag") and value.strip():
                number_value = cell_number(value)
                if number_value is None:
                    raise row_error(
                        number, f"column {titles[index]!r}: {value.strip()!r} is not a number."
                    )
                entry.measures[titles[index]] = number_value
        source.entries.append(entry)
    if not source.entries:
        raise ExchangeError("The sheet has a header but no rows.")
    return source


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
