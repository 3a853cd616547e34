"""The command line in a subprocess: every command, and the answer to each bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest


def rows(data_dir) -> int:
    con = sqlite3.connect(data_dir / "touchstone.db")
    try:
        return con.execute("select count(*) from checkins").fetchone()[0]
    finally:
        con.close()


def test_add_then_list(cli, data_dir):
    r = cli("add", "--skill", "Overall=7", "--mood", "6", "--sleep", "7,5", "--hunger", "2",
            "--tag", "gym", "--note", "felt sharp", "--at", "2026-11-20T08:30+01:00")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Saved check-in ")
    listed = cli("list")
    assert listed.returncode == 0
    assert "2026-11-20T08:30+01:00" in listed.stdout
    assert "7.5" in listed.stdout and "gym" in listed.stdout and "felt sharp" in listed.stdout
    assert "\n1 check-in\n" in listed.stdout


def test_global_options_after_the_command(cli, data_dir):
    r = cli("add", "--skill", "Overall=5", "--data-dir", str(data_dir), data_dir=False)
    assert r.returncode == 0, r.stderr
    assert rows(data_dir) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--skill", "Overall=11"], "Overall: a rating is a whole number from 1 to 10, not 11."),
        (["--skill", "Overall=7.5"], "--skill Overall: a rating is a whole number from 1 to 10."),
        (["--skill", "Overall"], "--skill expects NAME=VALUE, not 'Overall'."),
        (["--skill", "Nope=5"], "No skill called 'Nope' (skills: Overall)."),
        (["--skill", "Overall=7", "--mood", "x"], "--mood: 'x' is not a number."),
        (["--skill", "Overall=7", "--sleep", "25"], "Sleep: 25 h is outside 0–24 h."),
        (["--skill", "Overall=7", "--hunger", "0"], "Hunger: 0 is outside 1–5."),
        (["--skill", "Overall=7", "--factor", "nope=1"], "No factor called 'nope'"),
        (["--skill", "Overall=7", "--at", "yesterday"], "--at: 'yesterday' is not a date"),
        (["--skill", "Overall=7", "--at", "2999-01-01T00:00+00:00"],
         "--at: a check-in cannot be in the future."),
        (["--skill", "Overall=7", "--tag", "a;b"], "A tag cannot contain ';': 'a;b'."),
    ],
)
def test_bad_add_exits_2_with_one_line_and_writes_nothing(cli, data_dir, args, message):
    cli("add", "--skill", "Overall=5")  # creates the journal with one row
    r = cli("add", *args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("touchstone: " + message)
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert rows(data_dir) == 1


def test_missing_skill_option_is_a_usage_error(cli):
    r = cli("add", "--mood", "5")
    assert r.returncode == 2 and "--skill" in r.stderr


def by_skill_name(export: str) -> list[dict]:
    """Check-ins of a JSON export with ratings keyed by skill name (CSV carries names only)."""
    data = json.loads(export)
    names = {s["id"]: s["name"] for s in data["skills"]}
    return [c | {"ratings": {names[k]: v for k, v in c["ratings"].items()}}
            for c in data["checkins"]]


def test_export_import_round_trip_json_and_csv(cli, data_dir, tmp_path):
    for i in range(3):
        assert cli("add", "--skill", f"Overall={4 + i}", "--mood", str(5 + i), "--note",
                   f'line one, "quoted"\nline {i}', "--at", f"2026-11-2{i}T0{i}:15-05:00"
                   ).returncode == 0
    for fmt in ("json", "csv"):
        out = tmp_path / f"export.{fmt}"
        r = cli("export", "--format", fmt, "-o", str(out))
        assert r.returncode == 0, r.stderr
        fresh = tmp_path / f"fresh-{fmt}"
        r = cli("--data-dir", str(fresh), "import", str(out), data_dir=False)
        assert r.returncode == 0, r.stderr
        assert "Imported 3 check-ins; 0 already present." in r.stdout
        back = cli("--data-dir", str(fresh), "export", "--format", "json", data_dir=False)
        original = cli("export", "--format", "json")
        assert by_skill_name(back.stdout) == by_skill_name(original.stdout)
        again = cli("--data-dir", str(fresh), "import", str(out), data_dir=False)
        assert "Imported 0 check-ins; 3 already present." in again.stdout


def test_import_of_a_bad_file_exits_2_and_changes_nothing(cli, data_dir, tmp_path):
    cli("add", "--skill", "Overall=5")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "touchstone", "format_version": 1, "skills": [], ')
    r = cli("import", str(bad))
    assert r.returncode == 2 and r.stderr.startswith("touchstone: ")
    assert rows(data_dir) == 1
    r = cli("import", str(tmp_path / "missing.csv"))
    assert r.returncode == 2 and "missing.csv" in r.stderr
    odd = tmp_path / "data.xlsx"
    odd.write_text("x")
    r = cli("import", str(odd))
    assert r.returncode == 2 and "csv" in r.stderr.lower()


def test_export_to_a_device_is_a_clear_error(cli):
    cli("add", "--skill", "Overall=5")
    r = cli("export", "--format", "csv", "-o", "/dev/full")
    assert r.returncode == 2
    assert r.stderr.startswith("touchstone: /dev/full is not a regular file (a pipe or a "
                               "device): use -o - to write to standard output")


@pytest.mark.parametrize("target", ["touchstone.db", "touchstone.db-wal"])
def test_the_journal_itself_is_refused_as_an_export_or_import_file(cli, data_dir, target):
    """Exporting onto it would truncate the live journal; importing would read it whole, and
    closing that descriptor drops the process's SQLite locks on it."""
    cli("add", "--skill", "Overall=5")
    journal = data_dir / "touchstone.db"
    before = journal.read_bytes()
    for args in (("export", "--format", "csv", "-o", str(data_dir / target)),
                 ("import", "--format", "csv", str(journal))):
        r = cli(*args)
        assert r.returncode == 2, r.stderr
        assert "is the journal itself (or one of its working files)" in r.stderr
    assert journal.read_bytes() == before
    assert "\n1 check-in\n" in cli("list").stdout


def test_list_filters(cli):
    cli("add", "--skill", "Overall=5", "--tag", "gym", "--at", "2026-11-01T09:00+01:00")
    cli("add", "--skill", "Overall=6", "--note", "Paper accepted", "--at",
        "2026-11-10T09:00+01:00")
    assert "\n1 check-in\n" in cli("list", "--tag", "GYM").stdout
    assert "Paper accepted" in cli("list", "--search", "paper").stdout
    assert "\n1 check-in\n" in cli("list", "--since", "2026-11-05").stdout
    assert "No check-ins." in cli("list", "--until", "2026-10-01").stdout
    r = cli("list", "--since", "11/05/2026")
    assert r.returncode == 2 and "--since: '11/05/2026' is not a date" in r.stderr


@pytest.mark.parametrize("command", [("list", "--since", "2000-01-01"),
                                     ("add", "--skill", "Overall=5", "--note", "demo")])
def test_demo_works_with_subcommands_and_leaves_nothing(tmp_path, command):
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(TMPDIR=str(temp), HOME=str(home), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-m", "tracker", "--demo", *command],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    if command[0] == "list":
        assert int(r.stdout.strip().splitlines()[-1].split()[0]) > 300
    # the seeded journal lived in a temporary folder, removed at the end; the default data dir
    # (~/.local/share/touchstone without XDG_DATA_HOME) was never made, nor anything in ~
    assert list(temp.iterdir()) == []
    assert list(home.rglob("*")) == []


def test_version(cli):
    r = cli("--version", data_dir=False)
    assert r.returncode == 0 and r.stdout.startswith("Touchstone ")


def test_newer_database_is_refused_with_exit_2(cli, data_dir):
    cli("add", "--skill", "Overall=5")
    con = sqlite3.connect(data_dir / "touchstone.db")
    con.execute("pragma user_version = 999")
    con.close()
    before = (data_dir / "touchstone.db").read_bytes()
    r = cli("list")
    assert r.returncode == 2 and "newer" in r.stderr
    assert (data_dir / "touchstone.db").read_bytes() == before
