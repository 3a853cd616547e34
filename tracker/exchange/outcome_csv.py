"""Daily outcomes from a CSV file: one row ``date,measure,value[,unit]`` per measure and day.

A first row that names the columns (``date,measure,value`` or with ``unit``) is a header and is
skipped. Every problem is an ``ExchangeError`` naming the file's line (the header is line 1),
and the whole file is refused: a row with a bad date, a value that is not a number, a missing
measure, a wrong number of columns, or a second row for the same measure and day.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date

from tracker.errors import ExchangeError
from tracker.exchange.text import decode_text

HEADER = ("date", "measure", "value", "unit")


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One row of the file: its line number, the day, the measure's name, value and unit."""

    line: int
    day: date
    measure: str
    value: float
    unit: str = ""


def read_outcome_csv(raw: str | bytes, name: str = "The file") -> list[OutcomeRow]:
    """The rows of an outcome CSV, checked (see the module's docstring)."""
    text = decode_text(raw, name, "save it as UTF-8 CSV")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise ExchangeError(f"{name} is not valid CSV: {exc}.") from None
    rows: list[OutcomeRow] = []
    first: dict[tuple[str, date], int] = {}
    for line, record in enumerate(records, start=1):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if line == 1 and tuple(c.casefold() for c in cells) in (HEADER[:3], HEADER):
            continue
        row = _row(line, cells)
        key = (row.measure.casefold(), row.day)
        if key in first:
            raise ExchangeError(f"Line {line}: a second value for {row.measure!r} on "
                                f"{row.day.isoformat()} (line {first[key]} has one). Nothing "
                                "was imported.")
        first[key] = line
        rows.append(row)
    if not rows:
        raise ExchangeError(f"{name} has no rows of outcomes (expected date,measure,value"
                            "[,unit], e.g. 2026-12-01,pages written,3).")
    return rows


def _row(line: int, cells: list[str]) -> OutcomeRow:
    if len(cells) not in (3, 4):
        hint = (" (it seems to separate them with ';': save it as CSV with commas)"
                if len(cells) == 1 and ";" in cells[0] else "")
        raise ExchangeError(f"Line {line}: expected date,measure,value[,unit], not {len(cells)} "
                            f"column{'s' if len(cells) != 1 else ''}{hint}. Nothing was "
                            "imported.")
    day_text, measure, value_text = cells[:3]
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise ExchangeError(f"Line {line}: {day_text!r} is not a date like 2026-12-01. "
                            "Nothing was imported.") from None
    measure = " ".join(measure.split())
    if not measure:
        raise ExchangeError(f"Line {line}: the measure is missing. Nothing was imported.")
    try:
        value = float(value_text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ExchangeError(f"Line {line}: the value {value_text!r} is not a number. "
                            "Nothing was imported.")
    return OutcomeRow(line, day, measure, value, " ".join(cells[3].split()) if len(cells) > 3
                      else "")
