"""The import service and its command line, on a real journal in tmp_path."""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from foreign_samples import sample

from tracker.cli.parser import add_import_options
from tracker.cli.transfer import run_foreign_import
from tracker.errors import ExchangeError, UserError
from tracker.services.foreign_import import apply_import, plan_from_pairs
from tracker.services.journal import Journal


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times without an offset are read on the computer's zone: make it Berlin."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    j = Journal.open(data_dir)
    yield j
    j.close()


def cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="touchstone")
    sub = parser.add_subparsers(dest="command")
    imp = sub.add_parser("import")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=("csv", "json"))
    add_import_options(imp)
    return parser.parse_args(["import", *argv])


def test_dry_run_shows_the_plan_and_writes_nothing(journal, capsys):
    args = cli(str(sample("daylio_export.csv")), "--from", "daylio", "--dry-run")
    assert run_foreign_import(args, journal) == 0
    out = capsys.readouterr().out
    assert "Daylio file: daylio_export.csv" in out
    assert "Check-ins: 6 new, 0 already present (6 in the file)." in out
    assert "Dates: 2024-03-06 to 2024-03-09." in out
    assert "Mood (label → mood 1–10): rad → 10, good → 8, meh → 6, bad → 3, awful → 1." in out
    assert "6 of them carry no self-rating: kept as state-only check-ins" in out
    assert "Dry run: nothing was imported." in out
    assert journal.count() == 0


def test_import_then_reimport_changes_nothing(journal, capsys):
    args = cli(str(sample("daylio_export.csv")), "--from", "daylio")
    assert run_foreign_import(args, journal) == 0
    assert "Imported 6 check-ins; 0 already present." in capsys.readouterr().out
    before = {c.id: c for c in journal.checkins()}
    assert all(c.state_only for c in before.values())
    assert {c.at.utcoffset().total_seconds() for c in before.values()} == {3600.0}
    assert run_foreign_import(args, journal) == 0
    assert "Imported 0 check-ins; 6 already present." in capsys.readouterr().out
    after = {c.id: c for c in journal.checkins()}
    assert after.keys() == before.keys()
    assert all(after[k].content_equals(before[k]) for k in before)


def test_a_newer_export_adds_only_what_is_new(journal, tmp_path):
    older = sample("daylio_export.csv")
    newer = tmp_path / "daylio_newer.csv"
    shutil.copy(older, newer)
    with newer.open("a", encoding="utf-8") as fh:
        fh.write("2024-03-10,March 10,Sunday,10:00,good,sport,,new day\n")
    apply_import(journal, plan_from_pairs(journal, older, "daylio", []))
    plan = plan_from_pairs(journal, newer, None, [])  # detected from the header
    assert (len(plan.new), plan.identical) == (1, 6)
    result = apply_import(journal, plan)
    assert (result.added, result.skipped) == (1, 6)
    assert journal.count() == 7
    assert journal.checkins()[-1].note == "new day"


def test_a_changed_mood_mapping_is_refused_whole(journal):
    apply_import(journal, plan_from_pairs(journal, sample("daylio_export.csv"), "daylio", []))
    plan = plan_from_pairs(journal, sample("daylio_export.csv"), "daylio", [("rad", "9")])
    assert not plan.ok
    with pytest.raises(ExchangeError) as caught:
        apply_import(journal, plan)
    message = str(caught.value)
    assert message.startswith("1 check-in in the file has the same id as a different check-in")
    assert "Nothing was imported" in message and "mapping changed" in message
    assert [c.values["mood"] for c in journal.checkins()][-1] == 10.0


def test_map_renamed_moods_and_send_a_rating_to_a_skill(journal, capsys):
    args = cli(
        str(sample("daylio_renamed_12h.csv")),
        "--from",
        "daylio",
        "--map",
        "ecstatic=10",
        "--map",
        "so-so=5",
        "--map",
        "drained=2",
    )
    assert run_foreign_import(args, journal) == 0
    assert journal.count() == 5
    args = cli(
        str(sample("bearable.csv")),
        "--from",
        "bearable",
        "--map",
        "Productivity=skill:Work@1-5",
        "--map",
        "energy=skip",
    )
    assert run_foreign_import(args, journal) == 0
    out = capsys.readouterr().out
    assert "Productivity 1–5 → skill 'Work' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10" in out
    assert "New skills: Work." in out
    work = journal.skill_by_name("Work")
    rated = [c for c in journal.checkins() if c.ratings]
    assert [c.ratings[work.id] for c in rated] == [6, 10]
    assert not any("energy" in c.values for c in journal.checkins())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "daylio", "--map", "rad"], "--map expects LABEL=VALUE, not 'rad'."),
        (
            ["--from", "daylio", "--map", "rad=11"],
            "--map rad=11: a mood label maps to a whole number 1-10 or skip.",
        ),
        (
            ["--from", "daylio", "--map", "joy=5"],
            "--map joy=5: the file has no mood label or measure 'joy'",
        ),
        (["--from", "bearable"], "This does not look like a Bearable export: the header lacks"),
    ],
)
def test_bad_options_are_user_errors_and_nothing_changes(journal, argv, message):
    with pytest.raises(UserError) as caught:
        run_foreign_import(cli(str(sample("daylio_export.csv")), *argv), journal)
    assert str(caught.value).startswith(message)
    assert journal.count() == 0


def test_unmapped_renamed_moods_stop_the_import(journal):
    with pytest.raises(UserError, match="These mood labels have no mood value yet: 'ecstatic'"):
        run_foreign_import(cli(str(sample("daylio_renamed_12h.csv"))), journal)
    assert journal.count() == 0


def test_a_bad_row_anywhere_imports_nothing(journal, tmp_path):
    broken = tmp_path / "broken.csv"
    lines = sample("daylio_export.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(3, "2024-03-08,March 8,Friday,8 o'clock,meh,,,")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        run_foreign_import(cli(str(broken), "--from", "daylio"), journal)
    assert str(caught.value) == 'row 3: time "8 o\'clock" is not a time such as 20:30 or 8:30 PM.'
    assert journal.count() == 0


def test_every_sample_imports_and_reimports_idempotently(journal):
    for name in (
        "daylio_export.csv",
        "daylio_old.csv",
        "backup.daylio",
        "bearable.csv",
        "bearable_old.csv",
        "trackandgraph.csv",
        "generic.csv",
    ):
        first = apply_import(journal, plan_from_pairs(journal, sample(name), None, []))
        again = apply_import(journal, plan_from_pairs(journal, sample(name), None, []))
        assert first.added > 0 and (again.added, again.skipped) == (0, first.added), name
    assert journal.count() == 6 + 3 + 4 + 7 + 1 + 5 + 4


def test_a_generic_csv_with_column_roles_from_the_command_line(journal, capsys):
    args = cli(
        str(sample("generic.csv")),
        "--from",
        "csv",
        "--map",
        "Focus=skill:Focus@1-5",
        "--map",
        "Caffeine=tag",
        "--map",
        "Slept=factor:sleep_hours",
    )
    assert run_foreign_import(args, journal) == 0
    out = capsys.readouterr().out
    assert "Columns: Date = timestamp:%d/%m/%Y %H:%M, Focus = skill:Focus@1-5" in out
    checkins = journal.checkins()
    assert [c.values["sleep_hours"] for c in checkins] == [7.5, 8.0, 5.25, 6.0]
    assert [("Caffeine" in c.tags) for c in checkins] == [True, False, True, False]
    assert journal.skill_by_name("Focus") is not None


def test_unreadable_file_is_a_user_error(journal, tmp_path):
    with pytest.raises(UserError, match="Could not read"):
        run_foreign_import(cli(str(tmp_path / "missing.csv"), "--from", "daylio"), journal)
