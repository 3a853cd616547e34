"""Arbitrary bytes and malformed records through ``transfer.import_from``: the only outcomes are
a clean import or a clear error (with the record's number for a broken record), and on error
the database is exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tracker.errors import ExchangeError, UserError
from tracker.services import transfer
from tracker.services.import_files import ImportResult
from tracker.services.journal import Journal

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict:
    """A real JSON and CSV export of a small journal (the files malformed records come from),
    and under "contents" what the journal held (see ``contents``)."""
    folder = tmp_path_factory.mktemp("source")
    journal = Journal.open(folder / "data")
    skill = journal.add_skill("Overall").ids[0]
    for i in range(4):
        journal.record(ratings={skill: 3 + i}, values={"mood": 5, "sleep_hours": 7.5},
                       tags=[f"t{i}"], note=f"note {i}")
    transfer.export_to(journal, folder / "out.json", "json")
    transfer.export_to(journal, folder / "out.csv", "csv")
    held = contents(journal)
    journal.close()
    return {"json": (folder / "out.json").read_text(), "csv": (folder / "out.csv").read_text(),
            "contents": held}


def contents(journal: Journal) -> dict[str, dict]:
    """Each check-in by id: its instant and offset, ratings by skill name, values, tags, note."""
    names = {s.id: s.name for s in journal.skills()}
    return {c.id: {"at": (c.at, c.at.utcoffset()),
                   "ratings": {names[k]: v for k, v in c.ratings.items()},
                   "values": dict(c.values), "tags": tuple(c.tags), "note": c.note}
            for c in journal.checkins()}


def check_accepted(journal: Journal, source: dict[str, dict], changed_id: str, field: str,
                   result) -> dict:
    """An accepted import of a source with one field of one record changed holds every record
    as the source had it, that one record too but for the changed field, which it returns."""
    got = contents(journal)
    assert result.added == len(got) == len(source), (result, len(got))
    others = {i: c for i, c in got.items() if i in source and i != changed_id}
    assert others == {i: c for i, c in source.items() if i != changed_id}
    ((new_id, record),) = [(i, c) for i, c in got.items() if i not in others]
    assert field == "id" or new_id == changed_id
    rest = {k: v for k, v in record.items() if k != field}
    assert rest == {k: v for k, v in source[changed_id].items() if k != field}
    return {"id": new_id, **record}


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


def import_bytes(journal: Journal, payload: bytes, suffix: str) -> UserError | ImportResult:
    """Import ``payload``: the error it gave (database unchanged), or what it imported."""
    path = Path(journal.data_dir).parent / f"input.{suffix}"
    path.write_bytes(payload)
    before = dump(journal)
    try:
        result = transfer.import_from(journal, path)
    except UserError as error:
        assert str(error).strip() and "Traceback" not in str(error)
        assert dump(journal) == before
        return error
    with sqlite3.connect(journal.store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    return result


def both_outcomes(draws: Counter) -> None:
    """The examples reached both branches: some imports refused, some accepted."""
    assert draws["refused"] > 0 and draws["accepted"] > 0, draws


def spliced(exports: dict) -> st.SearchStrategy[tuple[bytes, str]]:
    """A real export with a few bytes replaced somewhere (or none: the export itself)."""
    def splice(suffix: str, where: float, cut: int, new: bytes) -> tuple[bytes, str]:
        text = exports[suffix].encode()
        at = int(where * len(text))
        return text[:at] + new + text[at + cut:], suffix
    return st.builds(splice, st.sampled_from(["csv", "json"]), st.floats(0, 1),
                     st.integers(0, 4), st.binary(max_size=4))


def test_arbitrary_bytes_import_cleanly_or_fail_untouched(exports):
    draws: Counter = Counter()

    @given(source=st.tuples(st.binary(max_size=600), st.sampled_from(["csv", "json"]))
           | spliced(exports))
    def example(source):
        payload, suffix = source
        with fresh_journal() as journal:
            outcome = import_bytes(journal, payload, suffix)
            if isinstance(outcome, UserError):
                draws["refused"] += 1
                event("refused")
                return
            draws["accepted"] += 1
            event("accepted")
            held = contents(journal)
            assert outcome.added == len(held)
            if payload == exports[suffix].encode():
                assert held == exports["contents"]
            # what was accepted is what the file says: the same file again adds nothing
            again = import_bytes(journal, payload, suffix)
            assert isinstance(again, ImportResult), again
            assert (again.added, again.skipped, contents(journal)) == (0, len(held), held)

    example()
    both_outcomes(draws)


JSON_FIELDS = {"id": "id", "timestamp": "at", "ratings": "ratings", "values": "values",
               "tags": "tags", "note": "note"}


def test_malformed_json_record_is_refused_with_its_number(exports):
    draws: Counter = Counter()

    @given(index=st.integers(0, 3), key=st.sampled_from([*JSON_FIELDS, None]),
           value=json_values)
    def example(index, key, value):
        document = json.loads(exports["json"])
        record = document["checkins"][index]
        changed = record["id"]
        if key is None:
            document["checkins"][index] = value
        else:
            record[key] = value
        with fresh_journal() as journal:
            outcome = import_bytes(journal, json.dumps(document).encode(), "json")
            # refused: "check-in 1: 'id' must be text, not null."
            if counted_refusal(draws, outcome, index + 1, "check-in"):
                return
            event(f"accepted: {key}")
            assert key is not None
            got = check_accepted(journal, exports["contents"], changed, JSON_FIELDS[key],
                                 outcome)
            if key == "note":
                assert got["note"] == value
            elif key == "id":
                assert got["id"] == value
            elif key == "tags":
                assert list(got["tags"]) == [t.strip() for t in value if t.strip()]

    example()
    both_outcomes(draws)


def counted_refusal(draws: Counter, outcome: object, record: int, prefix: str) -> bool:
    """Count the outcome; a refusal must name the record it stopped at ("row 2", "check-in 2")."""
    if isinstance(outcome, UserError):
        draws["refused"] += 1
        event("refused")
        assert isinstance(outcome, ExchangeError) and outcome.record == record
        assert str(outcome).startswith(f"{prefix} {record}")
        return True
    draws["accepted"] += 1
    return False


def test_malformed_csv_cell_is_refused_with_its_number(exports):
    draws: Counter = Counter()

    @given(row=st.integers(0, 3), column=st.integers(0, 30),
           cell=st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
    def example(row, column, cell):
        rows = list(csv.reader(io.StringIO(exports["csv"])))
        target = rows[1 + row]
        changed, header = target[0], rows[0][column % len(target)]
        target[column % len(target)] = cell
        out = io.StringIO()
        # "\r\n" as the line end makes the writer quote any cell holding "\r" or "\n" (with
        # "\n" alone a bare "\r" went out unquoted, which is a line break: a real extra row)
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        with fresh_journal() as journal:
            outcome = import_bytes(journal, out.getvalue().encode(), "csv")
            # refused: "row 1, column 'id': an id is at most 200 …"
            if counted_refusal(draws, outcome, row + 1, "row"):
                return
            event(f"accepted: {header}")
            kind, _, name = header.partition(":")
            field = {"skill": "ratings", "factor": "values", "timestamp": "at"}.get(kind, kind)
            got = check_accepted(journal, exports["contents"], changed, field, outcome)
            if header == "note":
                assert got["note"] == cell.replace("\r\n", "\n")
            elif header == "id" and cell.strip():
                assert got["id"] == cell.strip()
            elif kind == "factor":  # the others kept (above); this one as written or left out
                fid = next(f.id for f in journal.factors() if f.name == name)
                if cell.strip():
                    assert got["values"][fid] == pytest.approx(float(cell))
                else:
                    assert fid not in got["values"]

    example()
    both_outcomes(draws)
