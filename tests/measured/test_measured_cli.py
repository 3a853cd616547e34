"""``touchstone outcome add|import|list`` and ``probe list`` in a real subprocess."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from tests.measured.conftest import run_cli
from tracker.domain.measured import DiscardReason, Probe, ProbeKind, ProbeTrial
from tracker.services.journal import Journal

TODAY = date.today()
D1, D2 = (TODAY - timedelta(days=2)).isoformat(), (TODAY - timedelta(days=1)).isoformat()


def _table(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "touchstone.db") as raw:
        return raw.execute("SELECT m.name, m.unit, o.day, o.value, o.source FROM daily_outcomes o "
                           "JOIN measures m ON m.id = o.measure_id ORDER BY o.day, m.name"
                           ).fetchall()


def _refused(result, *parts: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("touchstone: "), result.stderr
    for part in parts:
        assert part in lines[0]


def test_outcome_add_creates_replaces_and_refuses_bad_input(data_dir):
    _refused(run_cli(data_dir, "outcome", "add", "pages written", "3"),
             "no measure called 'pages written'", "add --create")
    done = run_cli(data_dir, "outcome", "add", "pages written", "3", "--create", "--unit",
                   "pages", "--date", D1)
    assert done.returncode == 0, done.stderr
    assert "New measure 'pages written' in pages." in done.stdout
    again = run_cli(data_dir, "outcome", "add", "Pages Written", "4,5", "--date", D1)
    assert f"pages written on {D1}: 4.5 pages (was 3)." in again.stdout
    for args, parts in [(("Pages written", "lots"), ("VALUE: 'lots' is not a number",)),
                        (("pages written", "2", "--date", "2999-01-01"), ("in the future",)),
                        (("pages written", "2", "--date", "yesterday"), ("not a date",)),
                        (("pages written", "2", "--unit", "words"),
                         ("measured in pages, not words",))]:
        _refused(run_cli(data_dir, "outcome", "add", *args), *parts)
    assert _table(data_dir) == [("pages written", "pages", D1, 4.5, "manual")]


def test_outcome_import_is_all_or_nothing_with_lines_and_idempotent(data_dir, tmp_path):
    good = tmp_path / "outcomes.csv"
    good.write_text(f"date,measure,value,unit\n{D1},pages,3,pages\n{D2},pages,5\n"
                    f"{D2},problems solved,2\n", encoding="utf-8")
    _refused(run_cli(data_dir, "outcome", "import", str(good)),
             "Line 2: no measure called 'pages'", "--create", "Nothing was imported")
    bad_rows = [(f"{D2},pages,1\n{D1},pages,3\n{D1},Pages,4\n",
                 "Line 3: a second value for 'Pages'"),
                (f"{D1},pages,three\n", "Line 1: the value 'three' is not a number"),
                (f"{D1},pages\n", "Line 1: expected date,measure,value[,unit], not 2 columns"),
                (f"\ufeffdate;measure;value\n{D1};pages;2\n",
                 "Line 1: expected date,measure,value[,unit], not 1 column (it seems to "
                 "separate them with ';'"),
                ("2999-01-01,pages,3\n", "Line 1: 2999-01-01 is in the future")]
    for text, message in bad_rows:
        bad = tmp_path / "bad.csv"
        bad.write_text(text)
        _refused(run_cli(data_dir, "outcome", "import", str(bad), "--create"), message)
    assert not (data_dir / "touchstone.db").exists() or _table(data_dir) == []

    first = run_cli(data_dir, "outcome", "import", str(good), "--create")
    assert first.returncode == 0, first.stderr
    assert "Imported 3 outcomes; 0 replaced, 0 already present." in first.stdout
    stored = _table(data_dir)
    assert stored == [("pages", "pages", D1, 3.0, "csv"), ("pages", "pages", D2, 5.0, "csv"),
                      ("problems solved", "", D2, 2.0, "csv")]
    second = run_cli(data_dir, "outcome", "import", str(good), "--create")
    assert "Imported 0 outcomes; 0 replaced, 3 already present." in second.stdout
    assert _table(data_dir) == stored

    changed = tmp_path / "changed.csv"
    changed.write_text(f"{D1},pages,3\n{D2},pages,6\n")
    _refused(run_cli(data_dir, "outcome", "import", str(changed)),
             f"Line 2: pages on {D2} is 5 in the journal, the file says 6", "--replace")
    assert _table(data_dir) == stored
    replaced = run_cli(data_dir, "outcome", "import", str(changed), "--replace")
    assert "Imported 0 outcomes; 1 replaced, 1 already present." in replaced.stdout
    assert _table(data_dir)[1] == ("pages", "pages", D2, 6.0, "csv")

    listed = run_cli(data_dir, "outcome", "list", "--measure", "PAGES")
    assert listed.returncode == 0
    assert [line.split() for line in listed.stdout.splitlines()[1:]] == [
        [D1, "pages", "3", "pages", "csv"], [D2, "pages", "6", "pages", "csv"]]


def test_probe_list_shows_prediction_score_and_discard_reason(data_dir):
    at = datetime(2026, 11, 3, 8, 15, tzinfo=timezone(timedelta(hours=1)))
    journal = Journal.open(data_dir)
    try:
        journal.record_probe(Probe("p1", ProbeKind.VIGILANCE, at, 180.0, 3.5,
                                   (ProbeTrial(1000.0, 280.0),), 3.57, 0.0144))
        journal.record_probe(Probe("p2", ProbeKind.DIGIT_SYMBOL, at + timedelta(days=1), 90.0,
                                   40.0, discarded=DiscardReason.FOCUS_LOST))
    finally:
        journal.close()
    result = run_cli(data_dir, "probe", "list")
    assert result.returncode == 0, result.stderr
    assert [line.split() for line in result.stdout.splitlines()[1:]] == [
        ["2026-11-03", "08:15", "vigilance", "3.50", "3.57", "0.12"],
        ["2026-11-04", "08:15", "digit-symbol", "40.00", "focus", "lost"]]
