"""Arbitrary bytes and malformed records through ``Journal.import_from``: the only outcomes are
a clean import or a clear error (with the record's number for a broken record), and on error
the database is exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.errors import ExchangeError, UserError
from tracker.services.journal import Journal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, str]:
    """A real JSON and CSV export of a small journal (the files malformed records come from)."""
    folder = tmp_path_factory.mktemp("source")
    journal = Journal.open(folder / "data")
    skill = journal.add_skill("Overall").ids[0]
    for i in range(4):
        journal.record(ratings={skill: 3 + i}, values={"mood": 5, "sleep_hours": 7.5},
                       tags=[f"t{i}"], note=f"note {i}")
    journal.export_to(folder / "out.json", "json")
    journal.export_to(folder / "out.csv", "csv")
    journal.close()
    return {"json": (folder / "out.json").read_text(), "csv": (folder / "out.csv").read_text()}


@contextmanager
def fresh_journal() -> Iterator[Journal]:
    folder = Path(tempfile.mkdtemp(prefix="touchstone-fuzz-"))
    journal = Journal.open(folder / "data")
    try:
        yield journal
    finally:
        journal.close()
        shutil.rmtree(folder, ignore_errors=True)


def dump(journal: Journal) -> list[str]:
    conn = sqlite3.connect(journal.store.path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def import_bytes(journal: Journal, payload: bytes, suffix: str) -> UserError | None:
    """Import ``payload``; the error it gave (database unchanged), or None (a clean import)."""
    path = Path(journal.data_dir).parent / f"input.{suffix}"
    path.write_bytes(payload)
    before = dump(journal)
    try:
        journal.import_from(path)
    except UserError as error:
        assert str(error).strip() and "Traceback" not in str(error)
        assert dump(journal) == before
        return error
    with sqlite3.connect(journal.store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    return None


@given(payload=st.binary(max_size=600), suffix=st.sampled_from(["csv", "json"]))
def test_arbitrary_bytes_import_cleanly_or_fail_untouched(payload, suffix):
    with fresh_journal() as journal:
        import_bytes(journal, payload, suffix)


@given(index=st.integers(0, 3), key=st.sampled_from(
    ["id", "timestamp", "ratings", "values", "tags", "note", None]), value=json_values)
def test_malformed_json_record_is_refused_with_its_number(exports, index, key, value):
    document = json.loads(exports["json"])
    record = document["checkins"][index]
    if key is None:
        document["checkins"][index] = value
    else:
        record[key] = value
    with fresh_journal() as journal:
        error = import_bytes(journal, json.dumps(document).encode(), "json")
    if error is not None:  # e.g. "check-in 1: 'id' must be text, not null."
        assert isinstance(error, ExchangeError) and error.record == index + 1
        assert str(error).startswith(f"check-in {index + 1}")


@given(row=st.integers(0, 3), column=st.integers(0, 30),
       cell=st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
def test_malformed_csv_cell_is_refused_with_its_number(exports, row, column, cell):
    rows = list(csv.reader(io.StringIO(exports["csv"])))
    target = rows[1 + row]
    target[column % len(target)] = cell
    out = io.StringIO()
    # "\r\n" as the line end makes the writer quote any cell holding "\r" or "\n" (with "\n"
    # alone a bare "\r" went out unquoted, which is a line break: a real extra row)
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    with fresh_journal() as journal:
        error = import_bytes(journal, out.getvalue().encode(), "csv")
    if error is not None:  # e.g. "row 1, column 'id': an id is at most 200 printable …"
        assert isinstance(error, ExchangeError) and error.record == row + 1
        assert str(error).startswith(f"row {row + 1}")
