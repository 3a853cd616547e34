"""Fuzzing the loaders: whatever the input, the outcome is a Dataset or an ExchangeError."""

from __future__ import annotations

import csv
import io
import json

from exchange_strategies import datasets
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import BUILTIN_FACTORS, Skill
from tracker.errors import ExchangeError
from tracker.exchange import CsvImport, Dataset, dump_csv, dump_json, load_csv, load_json

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
TRICKY_CELLS = [
    "",
    "0",
    "1",
    "11",
    "-1",
    "7.5",
    "7,5",
    "x",
    "nan",
    "inf",
    "1e999",
    "1e-400",
    "yes",
    "no",
    " ",
    ";",
    ";;",
    '"',
    "\x00",
    "=1+1",
    "2024-03-01",
    "\n",
    "2024-03-01T08:00+25:00",
    "0001-01-01T00:00+05:00",
    "9" * 400,
]


def outcome_json(payload: str | bytes) -> None:
    try:
        result = load_json(payload)
    except ExchangeError as exc:
        assert str(exc)
    else:
        assert isinstance(result, Dataset)


def outcome_csv(payload: str | bytes, data: Dataset | None = None) -> None:
    skills = data.skills if data else [Skill("s", "Overall")]
    factors = data.factors if data else list(BUILTIN_FACTORS)
    try:
        result = load_csv(payload, skills, factors)
    except ExchangeError as exc:
        assert str(exc)
    else:
        assert isinstance(result, CsvImport)


@given(st.text() | st.binary())
def test_arbitrary_text_into_load_json(payload):
    outcome_json(payload)


@given(json_values)
def test_arbitrary_json_values_into_load_json(value):
    outcome_json(json.dumps(value))
    outcome_json(
        json.dumps(
            {
                "format": "touchstone",
                "format_version": 1,
                "skills": value,
                "factors": value,
                "checkins": value,
            }
        )
    )


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


@given(datasets(max_checkins=3), st.data())
def test_a_valid_json_file_with_one_value_replaced(data, draw):
    document = json.loads(dump_json(data))
    path = draw.draw(st.sampled_from(list(_paths(document))[1:]))
    replacement = draw.draw(json_values | st.sampled_from(TRICKY_CELLS))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    outcome_json(json.dumps(document))


@given(st.text() | st.binary())
def test_arbitrary_text_into_load_csv(payload):
    outcome_csv(payload)


@given(
    st.lists(st.lists(st.sampled_from(TRICKY_CELLS) | st.text(max_size=6), max_size=5), max_size=4)
)
def test_arbitrary_cells_under_a_valid_header(cells):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(
        [
            "id",
            "timestamp",
            "skill:Overall",
            "skill:New",
            "factor:Mood",
            "factor:Made up",
            "tags",
            "note",
        ]
    )
    writer.writerows(cells)
    outcome_csv(out.getvalue())


@given(datasets(max_checkins=3), st.data())
def test_a_valid_sheet_with_one_cell_replaced(data, draw):
    rows = list(csv.reader(io.StringIO(dump_csv(data), newline="")))
    row = draw.draw(st.integers(0, len(rows) - 1))
    column = draw.draw(st.integers(0, len(rows[row]) - 1))
    rows[row][column] = draw.draw(st.sampled_from(TRICKY_CELLS) | st.text(max_size=8))
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    outcome_csv(out.getvalue(), data)
