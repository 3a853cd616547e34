"""A set-up journal can serve the form before its store opens (the window paints first)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from tracker.errors import UserError
from tracker.services.journal import Journal


def test_a_new_data_dir_cannot_be_deferred(data_dir):
    assert Journal.open_deferred(data_dir) is None


def test_definitions_are_served_without_opening_then_the_store_opens_on_use(data_dir):
    with_store = Journal.open(data_dir)
    skill = with_store.add_skill("Overall", "lost", "fine", "best").ids[0]
    with_store.record(ratings={skill: 7}, values={"mood": 6})
    expected = (with_store.skills(True), with_store.factors(True))
    with_store.close()

    journal = Journal.open_deferred(data_dir)
    assert journal is not None and not journal.is_open
    assert (journal.skills(True), journal.factors(True)) == expected
    assert journal.external_change() is False and not journal.is_open
    assert journal.count() == 1 and journal.is_open  # first real use opens it
    assert journal.external_change() is False
    journal.close()
    with pytest.raises(UserError, match="The journal is closed."):
        journal.count()


def test_the_app_paints_first_then_becomes_ready(data_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TOUCHSTONE_TIMING="1")
    base = [sys.executable, "-m", "tracker", "--data-dir", str(data_dir)]
    subprocess.run([*base, "add", "--skill", "Overall=6"], check=True, env=env,
                   capture_output=True)
    run = subprocess.run([*base, "--exit-when-ready"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    stamps = dict(line.split("=") for line in run.stderr.splitlines()
                  if line.startswith(("first_paint=", "ready=")))
    assert float(stamps["first_paint"]) <= float(stamps["ready"])


# the definitions a closing window keeps for the next start ---------------------------------
def _set_up(data_dir):
    journal = Journal.open(data_dir)
    journal.add_skill("Overall", "lost", "fine", "best")
    journal.add_skill("Chess")
    chess = journal.skill_by_name("Chess")
    journal.update_skill(dataclasses.replace(chess, archived=True))  # kept, archived too
    expected = (journal.skills(True), journal.factors(True))
    journal.close(remember_definitions=True)
    return expected


def test_a_closing_window_keeps_the_definitions_and_the_next_start_needs_no_sqlite(data_dir):
    expected = _set_up(data_dir)
    assert (data_dir / "definitions.json").stat().st_mode & 0o777 == 0o600
    probe = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom pathlib import Path\nfrom tracker.services.journal import Journal\n"
         f"j = Journal.open_deferred(Path({str(data_dir)!r}))\n"
         "print('sqlite3' in sys.modules, [s.name for s in j.skills(True)],"
         " len(j.factors(True)))"],
        capture_output=True, text=True, check=True)
    names = [s.name for s in expected[0]]
    assert probe.stdout.split("\n")[0] == f"False {names} {len(expected[1])}"
    journal = Journal.open_deferred(data_dir)
    assert (journal.skills(True), journal.factors(True)) == expected
    assert journal.count() == 0 and journal.definitions_changed_since_start() is False
    journal.close()


def test_a_write_after_closing_makes_the_kept_copy_stale(data_dir):
    _set_up(data_dir)
    other = Journal.open(data_dir)  # e.g. `touchstone add` while the window is closed
    other.add_skill("Writing")
    other.close()
    journal = Journal.open_deferred(data_dir)
    assert "Writing" in [s.name for s in journal.skills()]  # read from the file instead
    journal.close()


def test_a_stale_copy_that_looks_current_is_caught_once_the_store_opens(data_dir):
    """Should the file's stamps not change (a coarse clock on some file systems), the form
    is rebuilt once the store has opened and shows something else."""
    import json

    _set_up(data_dir)
    kept = data_dir / "definitions.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["skills"][0]["name"] = "Renamed elsewhere"
    kept.write_text(json.dumps(data), encoding="utf-8")
    journal = Journal.open_deferred(data_dir)
    assert journal.skills()[0].name == "Renamed elsewhere"
    assert journal.count() == 0  # the store opens
    assert journal.definitions_changed_since_start() is True
    assert journal.definitions_changed_since_start() is False  # said once
    assert journal.skills()[0].name == "Overall"
    journal.close()


@pytest.mark.parametrize("content", ["", "{not json", '{"version": 1, "skills": 3}', "[]"])
def test_an_unreadable_kept_copy_falls_back_to_the_file(data_dir, content):
    expected = _set_up(data_dir)
    (data_dir / "definitions.json").write_text(content, encoding="utf-8")
    journal = Journal.open_deferred(data_dir)
    assert (journal.skills(True), journal.factors(True)) == expected
    journal.close()


@pytest.mark.parametrize("when", ["before closing", "after closing"])
def test_a_kept_copy_never_stands_in_for_a_journal_that_is_gone(data_dir, when):
    """Erased meanwhile (say by `touchstone erase-all` while the window was open): the next
    start is a first start, welcome included."""
    journal = Journal.open(data_dir)
    journal.add_skill("Overall")

    def erase() -> None:
        for name in ("touchstone.db", "touchstone.db-wal", "touchstone.db-shm"):
            (data_dir / name).unlink(missing_ok=True)

    if when == "before closing":
        erase()
    journal.close(remember_definitions=True)
    if when == "after closing":
        erase()
    assert Journal.open_deferred(data_dir) is None
