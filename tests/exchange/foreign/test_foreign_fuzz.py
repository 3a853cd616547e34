"""Fuzzing every foreign parser: a clean import or a clear ExchangeError, never a traceback."""

from __future__ import annotations

import csv
import io
from datetime import timedelta, timezone
from pathlib import Path

from foreign_samples import backup_document, daylio_backup, sample
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import BUILTIN_FACTORS
from tracker.errors import ExchangeError
from tracker.exchange.foreign import (
    CsvMapping,
    ImportOptions,
    SourceData,
    Target,
    convert,
    detect_app,
    parse_bearable,
    parse_daylio_backup,
    parse_daylio_csv,
    parse_mapped_csv,
    parse_role,
    parse_trackandgraph,
)

TZ = timezone(timedelta(hours=1))
CELLS = [
    "",
    " ",
    "0",
    "1",
    "5",
    "10",
    "11",
    "-1",
    "7.5",
    "7,5",
    "1e999",
    "nan",
    "x",
    "|",
    " | ",
    "a | b",
    ";",
    '"',
    "\x00",
    "\ud800",
    "é",
    "9" * 300,
    "rad",
    "good",
    "meh",
    "bad",
    "awful",
    "2024-03-01",
    "2024-02-30",
    "March 1",
    "1 March",
    "20:30",
    "8:30 PM",
    "12:00 AM",
    "25:00",
    "am",
    "pm",
    "pre",
    "mid",
    "all day",
    "7:30",
    "1:02:03",
    "99:59:59",
    "Mood",
    "Energy",
    "Sleep",
    "Symptom",
    "Factors",
    "Notes",
    "Productivity",
    "2024-03-01T08:30:00+01:00",
    "2024-03-01T08:30:00",
    "2024-03-01T08:30+25:00",
    "0001-01-01T00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "yes",
    "no",
]
cells = st.sampled_from(CELLS) | st.text(max_size=12)


def table(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def rows_of(width: int):
    return st.lists(st.lists(cells, min_size=0, max_size=width + 1), max_size=6)


def converted(source: SourceData, options: ImportOptions | None = None) -> None:
    try:
        result = convert(source, [], list(BUILTIN_FACTORS), options)
    except ExchangeError as exc:
        assert str(exc)
    else:
        assert len(result.checkins) + result.left_out == len(source.entries)


def outcome(parse, payload, options: ImportOptions | None = None) -> None:
    try:
        source = parse(payload)
    except ExchangeError as exc:
        assert str(exc)
    else:
        converted(source, options)


DAYLIO = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
DAYLIO_OLD = ["year", "date", "weekday", "time", "mood", "activities", "note"]
BEARABLE = [
    "date formatted",
    "date",
    "weekday",
    "time of day",
    "category",
    "rating/amount",
    "detail",
    "notes",
]
TG = ["FeatureName", "Timestamp", "Value", "Label", "Note"]


@given(
    rows_of(8),
    st.booleans(),
    st.dictionaries(st.sampled_from(CELLS), st.none() | st.integers(1, 10), max_size=3),
)
def test_daylio_csv(rows, old, moods):
    text = table(DAYLIO_OLD if old else DAYLIO, rows)
    outcome(lambda t: parse_daylio_csv(t, tz=TZ), text, ImportOptions(mood=moods))


@given(
    rows_of(8),
    st.sampled_from(
        [None, Target("skill", "Work", 1, 5), Target("tag"), Target("factor", "energy")]
    ),
)
def test_bearable(rows, target):
    options = ImportOptions(targets={"Productivity": target} if target else {})
    text = table(BEARABLE, rows)

    def parse(t):
        source = parse_bearable(t, tz=TZ)
        if "Productivity" not in source.measures:
            options.targets.clear()
        return source

    outcome(parse, text, options)


@given(rows_of(5))
def test_track_and_graph(rows):
    outcome(parse_trackandgraph, table(TG, rows))


@given(
    rows_of(4),
    st.lists(
        st.sampled_from(
            [
                "skip",
                "timestamp",
                "timestamp:%d/%m/%Y",
                "time",
                "skill:A",
                "skill:B@1-5",
                "factor:mood",
                "factor:X@0-1",
                "factor:sleep_hours",
                "tag",
                "tags",
                "note",
                "mood",
            ]
        ),
        min_size=4,
        max_size=4,
    ),
)
def test_mapped_csv(rows, roles):
    header = ["a", "b", "c", "d"]
    mapping = CsvMapping({h: parse_role(r) for h, r in zip(header, roles, strict=True)})
    outcome(lambda t: parse_mapped_csv(t, mapping, tz=TZ), table(header, rows))


@given(st.binary(max_size=300))
def test_arbitrary_bytes_for_every_parser(raw):
    for parse in (
        parse_daylio_backup,
        parse_trackandgraph,
        lambda b: parse_daylio_csv(b, tz=TZ),
        lambda b: parse_bearable(b, tz=TZ),
    ):
        outcome(parse, raw)
    try:
        assert detect_app(Path("x.csv"), raw) in ("daylio", "bearable", "trackandgraph", "csv")
    except ExchangeError as exc:
        assert str(exc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(
    st.sampled_from(["customMoods", "tags", "dayEntries"]),
    st.integers(0, 3),
    st.sampled_from(
        [
            "id",
            "mood",
            "datetime",
            "timeZoneOffset",
            "tags",
            "note",
            "custom_name",
            "mood_group_id",
            "name",
            "note_title",
        ]
    ),
    json_values,
)
def test_daylio_backup_with_one_field_changed(section, index, key, value):
    document = backup_document()
    items = document[section]
    if index < len(items):
        items[index][key] = value
    else:
        document[section] = value if key == "id" else items
    outcome(parse_daylio_backup, daylio_backup(document))


def test_the_samples_survive_the_same_checks():
    outcome(parse_daylio_backup, sample("backup.daylio").read_bytes())


clean_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)


@given(
    st.lists(
        st.tuples(
            st.dates().filter(lambda d: d.year > 1),
            st.sampled_from(["00:00", "8:30 AM", "12:59 PM", "23:59", "11:00 pm"]),
            st.sampled_from(["rad", "good", "meh", "bad", "awful", "Good"]),
            st.lists(clean_text, max_size=3),
            clean_text,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_well_formed_daylio_rows_always_import(rows):
    text = table(
        DAYLIO,
        [
            [d.isoformat(), "", "", t, m, " | ".join(a.replace("|", "/") for a in acts), "", n]
            for d, t, m, acts, n in rows
        ],
    )
    result = convert(parse_daylio_csv(text, tz=TZ), [], list(BUILTIN_FACTORS))
    assert len(result.checkins) == len(rows)
    assert len({c.id for c in result.checkins}) == len(rows)
