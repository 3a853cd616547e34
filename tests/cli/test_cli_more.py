"""The newer commands in a subprocess: imports from other apps, eval, revisit, backup/restore,
self-test and the report's reality sections — and the one-line answer to each bad input."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "exchange" / "foreign" / "samples"
DAYLIO = SAMPLES / "daylio_export.csv"


def count(data_dir: Path, table: str = "checkins") -> int:
    con = sqlite3.connect(data_dir / "touchstone.db")
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


def content(data_dir: Path) -> str:
    """A digest of every row of every table: equal digests mean nothing changed."""
    con = sqlite3.connect(data_dir / "touchstone.db")
    try:
        tables = [r[0] for r in con.execute(
            "select name from sqlite_master where type='table' order by name")]
        h = hashlib.sha256()
        for t in tables:
            for row in con.execute(f"select * from {t} order by 1"):
                h.update(repr((t, row)).encode())
        return h.hexdigest()
    finally:
        con.close()


def assert_refused(r, message: str) -> None:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    assert r.stderr.startswith("touchstone: " + message), r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def add_evaluation(cli, *extra: str) -> str:
    r = cli("eval", "add", "--kind", "interview", "--evaluator", "Acme", "--for", "backend job",
            "--probability", "60", "--scale", "1-10", "--expected-score", "7",
            "--expected-by", "2026-12-10", *extra)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Logged evaluation ")
    return r.stdout.split()[-1].rstrip(".")


# import --from ---------------------------------------------------------------------------------
def test_daylio_import_then_again_adds_nothing(cli, data_dir):
    first = cli("import", str(DAYLIO), "--from", "daylio")
    assert first.returncode == 0, first.stderr
    assert "Check-ins: 6 new, 0 already present (6 in the file)." in first.stdout
    assert "rad → 10" in first.stdout
    assert "Imported 6 check-ins; 0 already present." in first.stdout
    assert count(data_dir) == 6
    before = content(data_dir)

    again = cli("import", str(DAYLIO), "--from", "daylio")
    assert again.returncode == 0, again.stderr
    assert "Imported 0 check-ins; 6 already present." in again.stdout
    assert content(data_dir) == before

    listed = cli("list", "--search", "Great evening")
    assert "2024-03-09" in listed.stdout and "\n1 check-in\n" in listed.stdout


def test_daylio_map_sets_a_mood_label_value(cli, data_dir):
    r = cli("import", str(DAYLIO), "--from", "daylio", "--map", "rad=9")
    assert r.returncode == 0, r.stderr
    assert "rad → 9" in r.stdout
    con = sqlite3.connect(data_dir / "touchstone.db")
    try:
        moods = {v for (v,) in con.execute(
            "select value from factor_values where factor_id = 'mood'")}
    finally:
        con.close()
    assert 9 in moods and 10 not in moods


def test_dry_run_writes_nothing(cli, data_dir):
    cli("add", "--skill", "Overall=5")
    before = content(data_dir)
    r = cli("import", str(DAYLIO), "--from", "auto", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "Check-ins: 6 new" in r.stdout
    assert "Dry run: nothing was imported." in r.stdout
    assert content(data_dir) == before and count(data_dir) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--map", "rad=9"], "--map and --dry-run go with --from daylio|bearable|trackandgraph"),
        (["--dry-run"], "--map and --dry-run go with --from daylio|bearable|trackandgraph"),
        (["--from", "daylio", "--map", "rad"], "--map expects LABEL=VALUE, not 'rad'."),
        (["--from", "daylio", "--map", "nope=3"],
         "--map nope=3: the file has no mood label or measure 'nope' (mood labels: rad, good"),
    ],
)
def test_bad_foreign_import_exits_2_and_changes_nothing(cli, data_dir, args, message):
    cli("add", "--skill", "Overall=5")
    before = content(data_dir)
    assert_refused(cli("import", str(DAYLIO), *args), message)
    assert content(data_dir) == before


def test_import_of_a_missing_file_is_refused(cli, data_dir, tmp_path):
    cli("add", "--skill", "Overall=5")
    before = content(data_dir)
    missing = tmp_path / "nope.csv"
    assert_refused(cli("import", str(missing), "--from", "daylio"),
                   f"Could not read {missing}: No such file or directory.")
    assert content(data_dir) == before


# eval ------------------------------------------------------------------------------------------
def test_eval_add_list_resolve_round_trip(cli, data_dir):
    cli("add", "--skill", "Overall=6", "--mood", "5")
    ev_id = add_evaluation(cli, "--checkin", "latest")

    table = cli("eval", "list")
    assert table.returncode == 0
    assert ev_id[:8] in table.stdout and "Acme — backend job" in table.stdout
    assert "60 %" in table.stdout and "pending (by 2026-12-10)" in table.stdout
    pending = cli("eval", "list", "--pending")
    assert ev_id[:8] in pending.stdout

    (record,) = json.loads(cli("eval", "list", "--json").stdout)
    assert record["id"] == ev_id and record["kind"] == "interview"
    assert record["probability"] == 0.6 and record["scale"] == [1.0, 10.0]
    assert record["expected_score"] == 7.0 and record["outcome"] is None
    assert record["checkin_id"] is not None

    done = cli("eval", "resolve", ev_id[:6], "--outcome", "accepted", "--score", "8",
               "--reason", "good fit")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Outcome saved: accepted for {ev_id}.\n"

    (record,) = json.loads(cli("eval", "list", "--json").stdout)
    assert record["outcome"] == "accepted" and record["score"] == 8.0
    assert record["reason"] == "good fit"
    assert "accepted (8)" in cli("eval", "list").stdout
    assert cli("eval", "list", "--pending").stdout == "Nothing pending.\n"


def test_eval_list_on_a_fresh_journal(cli):
    r = cli("eval", "list")
    assert r.returncode == 0 and r.stdout == "No evaluations yet.\n"
    assert json.loads(cli("eval", "list", "--json").stdout) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "--kind", "nope"], "Unknown kind of evaluation 'nope': use one of application,"),
        (["add", "--kind", "exam", "--probability", "150"],
         "--probability: give a percentage from 0 to 100, not 150."),
        (["add", "--kind", "exam", "--probability", "x"], "--probability: 'x' is not a number."),
        (["add", "--kind", "exam", "--scale", "10"], "--scale: '10' is not MIN-MAX like 1-10."),
        (["add", "--kind", "exam", "--date", "tomorrow"],
         "--date: 'tomorrow' is not a date like 2026-11-27 or 2026-11-27T14:00."),
        (["add", "--kind", "exam", "--probability", "50", "--checkin", "nonexistent"],
         "No check-in with id 'nonexistent'."),
        (["add", "--kind", "exam", "--checkin", "latest", "--probability", "50"],
         "--checkin latest: no check-in in the last three hours"),
        (["resolve", "zzzz", "--outcome", "accepted"],
         "No evaluation with id 'zzzz' (see `touchstone eval list`)."),
    ],
)
def test_bad_eval_exits_2_and_changes_nothing(cli, data_dir, args, message):
    cli("add", "--skill", "Overall=5", "--at", "2026-01-01T09:00+00:00")  # too old for 'latest'
    before = content(data_dir)
    assert_refused(cli("eval", *args), message)
    assert content(data_dir) == before


# revisit ---------------------------------------------------------------------------------------
def test_revisit_on_a_fresh_journal_has_nothing_to_offer(cli, data_dir):
    cli("add", "--skill", "Overall=5")  # today's: too recent to revisit
    r = cli("revisit", stdin="")
    assert r.returncode == 0
    assert r.stdout == ("No check-in is old enough to revisit yet (30 days or more, not yet "
                        "re-rated).\n")
    assert count(data_dir, "revisits") == 0


def test_revisit_saves_a_blind_rerating_and_a_checkin(cli, data_dir):
    cli("add", "--skill", "Overall=3", "--note", "rough day", "--tag", "travel",
        "--at", "2025-09-01T09:00+00:00")
    # an invalid answer is asked again; then today's rating and mood make a check-in
    r = cli("revisit", stdin="11\n7\n6\n5\n")
    assert r.returncode == 0, r.stderr
    assert "(1 to choose from)" in r.stdout and "Monday 01 September 2025" in r.stdout
    assert "note: rough day" in r.stdout and "tags: travel" in r.stdout
    assert "Overall is a whole number from 1 to 10, not '11'." in r.stdout
    assert "3" not in r.stdout.split("Looking back")[0]  # the old rating is not shown
    assert r.stdout.endswith("Saved 1 re-rating and a check-in.\n")
    assert count(data_dir, "revisits") == 1 and count(data_dir) == 2
    # once re-rated, the day is not offered again
    assert cli("revisit", stdin="").stdout.startswith("No check-in is old enough")


def test_revisit_skipped_or_unanswered_saves_nothing(cli, data_dir):
    cli("add", "--skill", "Overall=4", "--at", "2025-09-01T09:00+00:00")
    before = content(data_dir)
    skipped = cli("revisit", stdin="\n")
    assert skipped.returncode == 0 and skipped.stdout.endswith("Skipped; nothing was saved.\n")
    assert content(data_dir) == before
    r = cli("revisit", stdin="")
    assert r.returncode == 2
    assert r.stderr == "touchstone: No answer given; nothing was saved.\n"
    assert content(data_dir) == before


# backup / restore ------------------------------------------------------------------------------
def test_backup_to_a_file_then_restore_it(cli, data_dir, tmp_path):
    cli("add", "--skill", "Overall=5")
    cli("add", "--skill", "Overall=6")
    copy = tmp_path / "move.db"
    r = cli("backup", "-o", str(copy))
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"Backed up 2 check-ins to {copy}.\n"
    assert copy.is_file()

    cli("add", "--skill", "Overall=9")
    assert count(data_dir) == 3
    back = cli("restore", str(copy))
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith(f"Restored 2 check-ins from {copy}.\n")
    assert "The journal as it was before is kept in " in back.stdout
    assert count(data_dir) == 2
    assert len(list((data_dir / "backups").glob("touchstone-before-restore-*.db"))) == 1


def test_bad_backup_and_restore_exit_2_and_change_nothing(cli, data_dir, tmp_path):
    cli("add", "--skill", "Overall=5")
    before = content(data_dir)
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database")
    assert_refused(cli("restore", str(garbage)),
                   f"{garbage} is not a Touchstone backup (not a SQLite database). "
                   "Nothing was changed.")
    missing = tmp_path / "missing.db"
    assert_refused(cli("restore", str(missing)), f"{missing} is not a file. Nothing was changed.")
    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    assert_refused(cli("backup", "-o", str(taken)),
                   f"{taken} already exists; choose a new file name. Nothing was written.")
    assert taken.read_text() == "mine"
    assert content(data_dir) == before


# self-test and report --------------------------------------------------------------------------
def test_self_test_passes(cli):
    r = cli("self-test")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.rstrip().endswith("self-test passed")
    assert "ok    render:" in r.stdout
    assert "ok    backup/restore:" in r.stdout
    assert "ok    encryption: encrypted, locked, unlocked and decrypted" in r.stdout  # CI has it


def test_demo_report_json_has_the_reality_sections(cli):
    r = cli("--demo", "report", "--json", data_dir=False)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    for key in ("evaluations", "revisits", "calibration"):
        assert isinstance(report[key], dict), key


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        ({}, True),  # an SSH session: nothing set
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "wayland"}, True),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, True),  # wayland asked, X11 there
        ({"QT_QPA_PLATFORM": "wayland;offscreen"}, False),  # a fallback that needs none
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
@pytest.mark.parametrize("demo", [False, True])
def test_the_window_without_a_display_says_so_and_exits_2(data_dir, env, refused, demo):
    keep = {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    args = ["--demo"] if demo else ["--data-dir", str(data_dir)]
    r = subprocess.run([sys.executable, "-m", "tracker", *args, "--exit-when-ready"],
                       capture_output=True, text=True, env=keep | env, timeout=120)
    if refused:
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith("touchstone: No display to show the window on")
        assert "touchstone --help" in r.stderr and "qt.qpa" not in r.stderr
    else:
        assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


def test_the_command_line_counts_one_in_the_singular(cli, tmp_path):
    assert cli("add", "--skill", "Overall=7").returncode == 0
    backup = tmp_path / "one.db"
    assert cli("backup", "-o", str(backup)).stdout == f"Backed up 1 check-in to {backup}.\n"
    out = tmp_path / "one.json"
    exported = cli("export", "--format", "json", "-o", str(out))
    assert exported.stderr == f"Exported 1 check-in to {out}.\n"


def test_export_into_a_pipe_is_refused_and_dash_streams_to_the_caller(cli, data_dir, tmp_path):
    """``-o`` naming a named pipe or /dev/stdout (a link to the caller's pipe) is refused, the
    pipe left alone and unopened (issue 23: one planted at the name must not receive the
    journal); ``-o -`` streams to standard output byte for byte what a file gets."""
    assert cli("add", "--skill", "Overall=6", "--note", "into a pipe").returncode == 0
    assert cli("export", "--format", "csv", "-o", str(tmp_path / "file.csv")).returncode == 0
    expected = (tmp_path / "file.csv").read_bytes()
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for target in (str(fifo), "/dev/stdout"):
        r = cli("export", "--format", "csv", "-o", target)
        assert (r.returncode, r.stderr.startswith(
            f"touchstone: {target} is not a regular file (a pipe or a device): use -o - to "
            "write to standard output")) == (2, True), r.stderr
    assert fifo.is_fifo()
    piped = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                            "export", "--format", "csv", "-o", "-"],
                           capture_output=True, timeout=120,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == expected and b"into a pipe" in expected
