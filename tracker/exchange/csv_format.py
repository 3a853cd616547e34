"""CSV for spreadsheets and pandas: one row per check-in, one column per skill and factor.

Header: ``id,timestamp,skill:NAME…,factor:NAME…,[outcome:NAME…,probe:KIND…,]tags,note``
(skills and factors in position order, archived ones included; the measured columns are
described in ``csv_measured.py``). Cells: ratings and values as plain numbers (no trailing
``.0``; yes/no as 1/0), tags joined by ``;``, notes exactly as written (the csv module quotes
newlines, commas and quotes; a note starting with ``=`` is not escaped). An empty cell is a
missing value. Lines end in CRLF (RFC 4180): write the text with ``newline=""``.

Import rules (decided here, reported back in ``CsvImport.created``):

* ``skill:NAME`` / ``factor:NAME`` columns match known definitions by name, ignoring case and
  repeated spaces; archived definitions match too. ``id``, ``timestamp``, ``tags`` and
  ``note`` are matched ignoring case. Any other named column is refused (no silent loss).
* An unknown ``skill:NAME`` creates a skill. An unknown ``factor:NAME`` creates a factor from
  its values: yes/no when every value is 0 or 1 (or yes/no/true/false); otherwise a number
  whose bounds are the smallest and largest value in the sheet (a single distinct value v
  gives 0–v, or v–(v + step) when v <= 0) and whose step is the coarsest of 1, 0.5, 0.25, 0.1,
  0.05, 0.01 … 1e-12 that every value is a multiple of. An unknown factor column with no
  values creates nothing.
* A missing ``id`` column or an empty id cell gives a UUID5 derived from the row's content
  (time, ratings and values by column name, tags, note), so importing the same sheet twice
  yields the same ids. Two rows with the same id are refused.
* ``timestamp`` is required, ISO 8601 with a UTC offset. Numbers use a decimal point; a
  decimal comma ("7,5") is refused with a message naming the cell.
* Rows are numbered from 1 after the header line; every error names its row and column.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from tracker.domain.models import CheckIn, Factor, FactorKind, Skill, new_id
from tracker.domain.validation import (
    check_factor_value,
    check_rating,
    normalize_tags,
    validate_checkin,
    validate_skill_name,
)
from tracker.errors import ExchangeError, ValidationError
from tracker.exchange.csv_measured import DERIVED_PREFIXES, SKIPPED_NOTE, measured_columns
from tracker.exchange.dataset import (
    Dataset,
    format_number,
    located_error,
    parse_timestamp,
    valid_id,
)
from tracker.exchange.factor_inference import describe_new_factor as _describe
from tracker.exchange.factor_inference import infer_factor as _infer_factor
from tracker.exchange.text import decode_text

SKILL_PREFIX = "skill:"
FACTOR_PREFIX = "factor:"
FIXED_COLUMNS = ("id", "timestamp", "tags", "note")
ROW_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://touchstone.invalid/csv-row")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d+")
_Def = TypeVar("_Def", Skill, Factor)
_YES = {"yes": 1.0, "y": 1.0, "true": 1.0, "no": 0.0, "n": 0.0, "false": 0.0}


@dataclass
class CsvImport:
    """A parsed sheet: the definitions it uses (known and new), its check-ins, what was made."""

    data: Dataset
    created: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------- dumping


def dump_csv(data: Dataset, bom: bool = False) -> str:
    """Serialise ``data`` as CSV text; ``bom`` prefixes a UTF-8 BOM so Excel detects UTF-8."""
    skills = _in_position_order(data.skills)
    factors = _in_position_order(data.factors)
    _require_unique_names([s.name for s in skills], "skills")
    _require_unique_names([f.name for f in factors], "factors")
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    measured, measured_cells = measured_columns(data)
    writer.writerow(
        ["id", "timestamp"]
        + [SKILL_PREFIX + s.name for s in skills]
        + [FACTOR_PREFIX + f.name for f in factors]
        + measured
        + ["tags", "note"]
    )
    for checkin in data.checkins:
        ratings = [checkin.ratings.get(s.id) for s in skills]
        values = [checkin.values.get(f.id) for f in factors]
        writer.writerow(
            [checkin.id, checkin.at.isoformat()]
            + ["" if r is None else str(int(r)) for r in ratings]
            + ["" if v is None else format_number(v) for v in values]
            + measured_cells(checkin)
            + [";".join(checkin.tags), checkin.note]
        )
    return ("\ufeff" if bom else "") + out.getvalue()


def _in_position_order(items: list[_Def]) -> list[_Def]:
    return sorted(items, key=lambda item: item.position)


def _require_unique_names(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise ExchangeError(
                f"Two {what} are called {name!r}; rename one before exporting to CSV."
            )
        seen.add(name.casefold())


# --------------------------------------------------------------------------------- loading


@dataclass
class _Column:
    index: int
    header: str
    kind: str  # "id" | "timestamp" | "tags" | "note" | "skill" | "factor" | "blank" | "derived"
    name: str = ""


@dataclass
class _Row:
    number: int
    id: str
    at: datetime
    ratings: dict[int, float]  # column index -> rating
    values: dict[int, float]  # column index -> value
    tags: tuple[str, ...]
    note: str


def load_csv(
    text: str | bytes, known_skills: list[Skill], known_factors: list[Factor]
) -> CsvImport:
    """Parse a sheet against the journal's definitions; raise ``ExchangeError`` on a bad cell."""
    text = decode_text(text, advice='save it as "CSV UTF-8"')
    records = _records(text)
    try:
        header = next(records)
    except StopIteration:
        raise ExchangeError(
            "The file is empty: expected a header line such as id,timestamp,skill:Overall,note."
        ) from None
    columns = _columns(header)
    skills, created = _match_skills(columns, known_skills)
    if any(c.kind == "derived" for c in columns):
        created.append(SKIPPED_NOTE)
    known_factor_map = {_key(f.name): f for f in known_factors}
    factor_of: dict[int, Factor] = {
        c.index: known_factor_map[_key(c.name)]
        for c in columns
        if c.kind == "factor" and _key(c.name) in known_factor_map
    }
    parsed = [
        _parse_row(number, record, columns, skills, factor_of)
        for number, record in _numbered(records)
    ]
    rows = [row for row in parsed if row is not None]
    new_factors = _infer_factors(columns, rows, factor_of, known_factors, created)
    factor_of.update(new_factors)
    checkins = _build_checkins(rows, columns, skills, factor_of)

    used_skills = list(dict.fromkeys(skills.values()))
    used_factors = list(dict.fromkeys(factor_of.values()))
    return CsvImport(
        data=Dataset(skills=used_skills, factors=used_factors, checkins=checkins),
        created=created,
    )


def _records(text: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = "the header line" if number == 0 else f"row {number}"
            raise located_error(where, number or None, f"cannot read the CSV: {exc}.") from None
        number += 1
        yield record


def _numbered(records: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    yield from enumerate(records, start=1)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _columns(header: list[str]) -> list[_Column]:
    columns: list[_Column] = []
    seen: dict[tuple[str, str], str] = {}
    for index, cell in enumerate(header):
        title = cell.strip().removeprefix("\ufeff")
        lower = title.casefold()
        if not title:
            column = _Column(index, title, "blank")
        elif lower in FIXED_COLUMNS:
            column = _Column(index, title, lower)
        elif lower.startswith(DERIVED_PREFIXES):
            column = _Column(index, title, "derived", title)
        elif lower.startswith(SKILL_PREFIX) or lower.startswith(FACTOR_PREFIX):
            kind, _, rest = title.partition(":")
            name = " ".join(rest.split())
            if not name:
                raise ExchangeError(
                    f"Column {title!r} needs a name after the colon, such as {kind.lower()}:Coding."
                )
            column = _Column(index, title, kind.casefold(), name)
        else:
            raise ExchangeError(
                f"Column {title!r} is not understood: the columns are id, timestamp, "
                "skill:NAME, factor:NAME, tags and note."
            )
        if column.kind != "blank":
            key = (column.kind, _key(column.name))
            if key in seen:
                raise ExchangeError(f"Column {title!r} appears twice (also as {seen[key]!r}).")
            seen[key] = title
        columns.append(column)
    kinds = {c.kind for c in columns}
    if "timestamp" not in kinds:
        raise ExchangeError(
            "The sheet has no 'timestamp' column: every check-in needs its "
            "time, such as 2024-03-01T08:30:00+01:00."
        )
    if "skill" not in kinds:
        raise ExchangeError(
            "The sheet has no skill column: name at least one column "
            "skill:NAME (e.g. skill:Overall) with ratings 1-10."
        )
    return columns


def _match_skills(columns: list[_Column], known: list[Skill]) -> tuple[dict[int, Skill], list[str]]:
    by_name = {_key(s.name): s for s in known}
    names = [s.name for s in known]
    position = max((s.position for s in known), default=-1)
    skills: dict[int, Skill] = {}
    created: list[str] = []
    for column in columns:
        if column.kind != "skill":
            continue
        skill = by_name.get(_key(column.name))
        if skill is None:
            try:
                name = validate_skill_name(column.name, names)
            except ValidationError as exc:
                raise ExchangeError(f"Column {column.header!r}: {exc}") from None
            position += 1
            skill = Skill(id=new_id(), name=name, position=position)
            names.append(name)
            created.append(f"New skill {name!r}")
        skills[column.index] = skill
    return skills, created


def _parse_row(
    number: int,
    record: list[str],
    columns: list[_Column],
    skills: dict[int, Skill],
    known_factors: dict[int, Factor],
) -> _Row | None:
    if not any(cell.strip() for cell in record):
        return None  # a blank line
    if len(record) > len(columns) and any(c.strip() for c in record[len(columns) :]):
        raise located_error(
            f"row {number}",
            number,
            f"it has {len(record)} cells but the header names {len(columns)} columns.",
        )
    cells = record + [""] * (len(columns) - len(record))
    row = _Row(number, "", datetime.min, {}, {}, (), "")
    timestamp_seen = False
    for column in columns:
        cell = cells[column.index]

        def fail(detail: str, column: _Column = column) -> ExchangeError:
            return located_error(f"row {number}, column {column.header!r}", number, detail)

        if column.kind == "derived":
            continue
        if column.kind == "blank":
            if cell.strip():
                raise fail(
                    f"{_quote(cell)} is in a column without a name; name the column or empty it."
                )
        elif column.kind == "id":
            row.id = cell.strip()
            if row.id and not valid_id(row.id):
                raise fail("an id is at most 200 printable characters.")
        elif column.kind == "timestamp":
            timestamp_seen = True
            try:
                row.at = parse_timestamp(cell)
            except ValueError as exc:
                raise fail(f"{exc}.") from None
        elif column.kind == "tags":
            try:
                row.tags = normalize_tags(cell.split(";"))
            except ValidationError as exc:
                raise fail(str(exc)) from None
        elif column.kind == "note":
            row.note = cell
        elif column.kind == "skill":
            number_value = _number(cell, fail, words=False)
            if number_value is not None:
                try:
                    row.ratings[column.index] = check_rating(skills[column.index], number_value)
                except ValidationError as exc:
                    raise fail(str(exc)) from None
        else:  # factor
            factor = known_factors.get(column.index)
            words = factor is None or factor.kind is FactorKind.YESNO
            number_value = _number(cell, fail, words=words)
            if number_value is None:
                continue
            if factor is not None:
                try:
                    number_value = check_factor_value(factor, number_value)
                except ValidationError as exc:
                    raise fail(str(exc)) from None
                except ArithmeticError:
                    raise fail(
                        f"{_quote(cell)} cannot be checked against {factor.name}'s bounds and step."
                    ) from None
            row.values[column.index] = number_value
    assert timestamp_seen  # _columns guarantees the column
    return row


def _number(cell: str, fail: Callable[[str], ExchangeError], words: bool) -> float | None:
    text = cell.strip()
    if not text:
        return None
    if words and text.casefold() in _YES:
        return _YES[text.casefold()]
    if _NUMBER.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            raise fail(f"{_quote(cell)} is too large.")
        return value
    if _DECIMAL_COMMA.fullmatch(text):
        raise fail(
            f"{_quote(cell)} uses a decimal comma; write numbers with a decimal point "
            f"({text.replace(',', '.')})."
        )
    raise fail(f"{_quote(cell)} is not a number.")


def _infer_factors(
    columns: list[_Column],
    rows: list[_Row],
    known: dict[int, Factor],
    known_factors: list[Factor],
    created: list[str],
) -> dict[int, Factor]:
    names = [f.name for f in known_factors]
    position = max((f.position for f in known_factors), default=-1)
    inferred: dict[int, Factor] = {}
    for column in columns:
        if column.kind != "factor" or column.index in known:
            continue
        values = [row.values[column.index] for row in rows if column.index in row.values]
        if not values:
            created.append(f"Column {column.header!r} has no values, so no factor was created")
            continue
        position += 1
        try:
            factor = _infer_factor(column.name, values, position, names)
        except ValidationError as exc:
            raise ExchangeError(f"Column {column.header!r}: {exc}") from None
        if factor is None:
            raise ExchangeError(
                f"Column {column.header!r}: its values have too many decimals to make a "
                "factor from them; round them to at most 12 decimals."
            )
        names.append(factor.name)
        inferred[column.index] = factor
        created.append(_describe(factor))
    return inferred


def _build_checkins(
    rows: list[_Row],
    columns: list[_Column],
    skills: dict[int, Skill],
    factors: dict[int, Factor],
) -> list[CheckIn]:
    headers = {c.index: c for c in columns}
    skill_map = {s.id: s for s in skills.values()}
    factor_map = {f.id: f for f in factors.values()}
    skill_columns = ", ".join(c.header for c in columns if c.kind == "skill")
    checkins: list[CheckIn] = []
    first_row: dict[str, int] = {}
    for row in rows:
        if not row.ratings:
            raise located_error(
                f"row {row.number}",
                row.number,
                f"no skill is rated; fill at least one of {skill_columns}.",
            )
        derived = not row.id
        checkin_id = row.id or _derived_id(row, headers)
        if checkin_id in first_row:
            where = f"row {row.number}" + ("" if derived else ", column 'id'")
            detail = (
                f"it repeats row {first_row[checkin_id]} exactly."
                if derived
                else f"the id {checkin_id} is also used by row {first_row[checkin_id]}."
            )
            raise located_error(where, row.number, detail)
        first_row[checkin_id] = row.number
        checkin = CheckIn(
            id=checkin_id,
            at=row.at,
            ratings={skills[i].id: int(v) for i, v in row.ratings.items()},
            values={factors[i].id: v for i, v in row.values.items() if i in factors},
            tags=row.tags,
            note=row.note,
        )
        try:
            checkins.append(validate_checkin(checkin, skill_map, factor_map, require_rating=False))
        except ValidationError as exc:
            where = f"row {row.number}" + (", column 'note'" if "note" in str(exc) else "")
            raise located_error(where, row.number, str(exc)) from None
    return checkins


def _derived_id(row: _Row, headers: dict[int, _Column]) -> str:
    """A UUID5 of the row's content, independent of column order and of ids."""
    content = {
        "timestamp": row.at.isoformat(),
        "cells": sorted(
            [f"skill:{_key(headers[i].name)}", format_number(v)] for i, v in row.ratings.items()
        )
        + sorted(
            [f"factor:{_key(headers[i].name)}", format_number(v)] for i, v in row.values.items()
        ),
        "tags": list(row.tags),
        "note": row.note,
    }
    return str(uuid.uuid5(ROW_ID_NAMESPACE, json.dumps(content, ensure_ascii=False)))


def _quote(cell: str, limit: int = 40) -> str:
    text = repr(cell.strip())
    return text if len(text) <= limit else text[: limit - 1] + "…"
