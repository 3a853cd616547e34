"""Weakness of issue 23: a note given with --note is visible to every user in /proc/PID/cmdline;
``touchstone add --note-file FILE`` (``-``: standard input) keeps it off the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.security.conftest import touchstone

NOTE = "private: zq7-note-file-marker\nsecond line"


def notes(data: Path) -> list[str]:
    with sqlite3.connect(data / "touchstone.db") as con:
        return [row[0] for row in con.execute("SELECT note FROM checkins ORDER BY rowid")]


def test_a_note_from_standard_input_or_a_file(tmp_path: Path):
    data = tmp_path / "data"
    done = touchstone(data, "add", "--skill", "Overall=6", "--note-file", "-", stdin=NOTE + "\n")
    assert done.returncode == 0, done.stderr
    note_file = tmp_path / "note.txt"
    note_file.write_text("from a file\n", encoding="utf-8")
    done = touchstone(data, "add", "--skill", "Overall=6", "--note-file", str(note_file))
    assert done.returncode == 0, done.stderr
    assert notes(data) == [NOTE, "from a file"]


def test_the_note_never_reaches_the_command_line(tmp_path: Path):
    """What /proc/PID/cmdline shows other users while the command runs."""
    data = tmp_path / "data"
    argv = [sys.executable, "-m", "tracker", "--data-dir", str(data), "add", "--skill",
            "Overall=6", "--note-file", "-"]
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ,
                                                             QT_QPA_PLATFORM="offscreen"))
    cmdline = b""
    while sys.platform == "linux" and b"tracker" not in cmdline:  # once exec has happened
        assert proc.poll() is None
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    out, err = proc.communicate(NOTE.encode(), timeout=120)
    assert proc.returncode == 0, err
    assert b"zq7-note-file-marker" not in cmdline
    assert notes(data) == [NOTE]


def test_note_and_note_file_together_or_a_bad_file_are_refused(tmp_path: Path):
    data = tmp_path / "data"
    both = touchstone(data, "add", "--skill", "Overall=6", "--note", "x", "--note-file", "-")
    assert both.returncode == 2 and "not allowed with argument" in both.stderr
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe")
    done = touchstone(data, "add", "--skill", "Overall=6", "--note-file", str(binary))
    assert (done.returncode, done.stderr) == (
        2, f"touchstone: --note-file: {binary} is not UTF-8 text.\n")
    missing = touchstone(data, "add", "--skill", "Overall=6", "--note-file", str(tmp_path / "no"))
    assert (missing.returncode, missing.stderr) == (
        2, f"touchstone: --note-file: could not read {tmp_path / 'no'}: No such file or "
           "directory.\n")


def test_what_proc_environ_shows_of_the_passphrase(attacker, journal_dir: Path):
    """SECURITY.md's claim, checked: TOUCHSTONE_PASSPHRASE stays in /proc/PID/environ after the
    command has read it (the kernel keeps the environment the process started with): processes
    of the same user (and root) can read it there, other users cannot."""
    from tests.ci import skip_unless_ci
    from tracker.services import encryption

    if not encryption.available():
        skip_unless_ci("SQLCipher is not installed", "pip install -e '.[test]' installs it")
    secret = "an environment passphrase"
    done = touchstone(journal_dir, "encrypt", env={"TOUCHSTONE_NEW_PASSPHRASE": secret})
    assert done.returncode == 0, done.stderr
    argv = [sys.executable, "-m", "tracker", "--data-dir", str(journal_dir), "add", "--skill",
            "Overall=6", "--note-file", "-"]  # unlocks first, then waits for the note
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen",
                                     TOUCHSTONE_PASSPHRASE=secret))
    try:
        environ = Path(f"/proc/{proc.pid}/environ")
        cmdline = Path(f"/proc/{proc.pid}/cmdline")
        while b"tracker" not in cmdline.read_bytes():  # until exec: before, the parent's
            assert proc.poll() is None, proc.stderr.read()
        mine = environ.read_bytes()
        theirs = attacker.run(f"cat {environ}", check=False)
    finally:
        proc.communicate(b"note", timeout=120)
    assert proc.returncode == 0
    assert secret.encode() in mine  # the same user can read it: say so, never deny it
    assert theirs.returncode != 0 and secret not in theirs.stdout
