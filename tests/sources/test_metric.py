"""The daily-metric reader on real CSV and JSON files in tmp_path, plus a bounded fuzz."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.sources.base import SourceError
from tracker.sources.metric import VALUE, parse_metric, reader

UTC = UTC


def naive_day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def read(path, **options):
    return reader.read({"file": str(path), **options}, naive_day).values[VALUE]


def test_csv_with_header_guessed_columns_decimal_comma_and_blank_day(tmp_path):
    f = tmp_path / "words.csv"
    f.write_text("Date,Words\n2026-12-01,500\n2026-12-02,\"1,5\"\n2026-12-03,\n", "utf-8")
    assert read(f) == {date(2026, 12, 1): 500.0, date(2026, 12, 2): 1.5}


def test_csv_mapped_columns_and_format_like_the_csv_import(tmp_path):
    f = tmp_path / "deep.csv"
    f.write_text("when,hours,comment\n01/12/2026,2.5,ok\n02/12/2026,3,\n", "utf-8")
    got = read(f, date="When", value="hours", format="%d/%m/%Y")
    assert got == {date(2026, 12, 1): 2.5, date(2026, 12, 2): 3.0}
    # guessed the same way the mapped CSV import guesses it (day first on 13+)
    f.write_text("day,hours\n13/12/2026,1\n", "utf-8")
    assert read(f) == {date(2026, 12, 13): 1.0}


def test_wakatime_json_with_nested_seconds_scaled_to_hours(tmp_path):
    f = tmp_path / "wakatime.json"
    f.write_text(json.dumps({"days": [
        {"date": "2026-12-01", "grand_total": {"total_seconds": 7200}},
        {"date": "2026-12-02", "grand_total": {"total_seconds": 5400}}]}), "utf-8")
    got = read(f, value="grand_total.total_seconds", scale=1 / 3600)
    assert got == {date(2026, 12, 1): 2.0, date(2026, 12, 2): 1.5}


def test_json_object_of_days_and_times_with_offset_on_the_journal_day(tmp_path):
    f = tmp_path / "m.json"
    f.write_text(json.dumps({"2026-12-01": 3, "2026-12-02": 4}), "utf-8")
    assert read(f) == {date(2026, 12, 1): 3.0, date(2026, 12, 2): 4.0}
    f.write_text(json.dumps([{"date": "2026-12-01T23:30:00-05:00", "value": 7}]), "utf-8")
    # 04:30 UTC on the 2nd: day_of decides (here UTC), not the file's own offset
    assert read(f) == {date(2026, 12, 2): 7.0}


@pytest.mark.parametrize(("text", "message"), [
    ("date,value\n2026-12-01,3\n2026-13-45,4\n", "row 2: '2026-13-45' is not a date"),
    ("date,value\n2026-12-01,3\n2026-12-01,4\n", "row 2: a second value for 2026-12-01 (row 1"),
    ("date,value\n2026-12-01,three\n", "row 1: the value 'three' is not a number"),
    ("date,a,b\n2026-12-01,1,2\n", "say which column holds the value"),
    ("date,value\n", "has no rows of values"),
    ("", "is empty"),
    ("[1, 2]", "row 1: expected an object"),
    ("{bad json", "is not valid JSON"),
])
def test_bad_input_is_one_sentence_naming_the_row(tmp_path, text, message):
    f = tmp_path / "bad.csv"
    f.write_text(text, "utf-8")
    with pytest.raises(SourceError, match=None) as caught:
        read(f)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_unknown_column_and_bad_scale(tmp_path):
    with pytest.raises(SourceError, match="is not there"):
        read(tmp_path / "gone.csv")
    f = tmp_path / "m.csv"
    f.write_text("date,value\n2026-12-01,1\n", "utf-8")
    with pytest.raises(SourceError, match="no column 'Words'"):
        read(f, value="Words")
    with pytest.raises(SourceError, match="scale"):
        read(f, scale="x")
    f.write_bytes(b"date,value\n2026-12-01,\xff\n")
    with pytest.raises(SourceError, match="not UTF-8"):
        read(f)


def test_state_skips_an_unchanged_file_and_rereads_a_changed_one(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text("date,value\n2026-12-01,1\n", "utf-8")
    options = {"file": str(f)}
    first = reader.read(options, naive_day)
    assert first.state is not None and first.state["sha256"]
    # an unchanged file: the values come from the state, even if the file could not be parsed
    f.write_text("date,value\n2026-12-01,X\n", "utf-8")
    os.utime(f, ns=(first.state["mtime_ns"], first.state["mtime_ns"]))
    size = first.state["size"]
    assert f.stat().st_size == size
    assert reader.read(options, naive_day, first.state).values == first.values
    # changed (mtime moves): read again, and the bad row is reported
    later = first.state["mtime_ns"] + 10**9
    os.utime(f, ns=(later, later))
    with pytest.raises(SourceError, match="row 1"):
        reader.read(options, naive_day, first.state)
    f.write_text("date,value\n2026-12-01,2\n2026-12-02,5\n", "utf-8")
    second = reader.read(options, naive_day, first.state)
    assert second.values == reader.read(options, naive_day).values  # same with or without
    assert second.values[VALUE] == {date(2026, 12, 1): 2.0, date(2026, 12, 2): 5.0}


rows = st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2030, 1, 1)),
                          st.one_of(st.floats(-1e9, 1e9, allow_nan=False),
                                    st.text(max_size=6))), max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows, json_form=st.booleans())
def test_fuzz_either_the_values_or_a_source_error(rows, json_form):
    if json_form:
        raw = json.dumps([{"date": d.isoformat(), "value": v} for d, v in rows]).encode()
    else:
        out = io.StringIO()
        csv.writer(out).writerows([("date", "value"), *((d.isoformat(), v) for d, v in rows)])
        raw = out.getvalue().encode()
    try:
        got = parse_metric(raw, {}, naive_day)
    except SourceError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    days = [d for d, v in rows if str(v).strip()]
    assert set(got) == set(days) and len(days) == len(set(days))
    for d, v in rows:
        if isinstance(v, float):
            assert got[d] == pytest.approx(v)
