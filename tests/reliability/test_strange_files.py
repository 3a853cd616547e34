"""Files that are not what they seem, met by the real command line (issue 14): a journal that
is a FIFO, a data folder that is a dangling link, a zero-length journal beside backups, and a
stray ``-wal`` (a diverged copy's, another program's) beside the journal."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def run(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("touchstone: "), result.stderr
    return lines[0]


# --- item 7: a journal path that is not a regular file ---------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_as_journal_is_refused_in_one_line_and_nothing_hangs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "touchstone.db")
    for command in (["list"], ["add", "--skill", "Overall=5"], ["export", "--format", "json"]):
        # before the fix `list` blocked in open() until killed: the timeout makes that a failure
        result = run(data, *command, timeout=20)
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert "named pipe" in line and str(data / "touchstone.db") in line
    assert (data / "touchstone.db").is_fifo()  # left as it was


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_or_device_as_journal_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(data / "touchstone.db"))
        result = run(data, "list", timeout=20)
    finally:
        server.close()
    assert result.returncode == 2 and "socket" in one_line(result)
    (data / "touchstone.db").unlink()
    (data / "touchstone.db").symlink_to("/dev/zero")
    result = run(data, "list", timeout=20)
    assert result.returncode == 2 and "device" in one_line(result)


# --- item 9: a dangling symlink as data folder ------------------------------------------------
def test_a_dangling_link_as_data_folder_says_where_it_points(tmp_path):
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "unplugged" / "Touchstone")
    result = run(link, "list")
    assert result.returncode == 2
    line = one_line(result)
    assert "File exists" not in line
    assert "link" in line and str(tmp_path / "unplugged" / "Touchstone") in line
    assert "does not exist" in line
    assert not (tmp_path / "unplugged").exists()  # nothing created behind the link


# --- helpers for the journal cases --------------------------------------------------------------
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = WAL")
for statement in sys.argv[2:]:
    conn.execute(statement)
conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
print("ready", flush=True)
sys.stdin.read()
"""


class Holder:
    """Another process with a SQLite connection open on ``db`` (its -wal stays) until closed."""

    def __init__(self, db: Path, *statements: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), *statements],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


def checkins_csv(path: Path, count: int, day: int) -> Path:
    import uuid

    rows = ["id,timestamp,skill:Overall"]
    for index in range(count):
        rows.append(f"{uuid.uuid4()},2026-0{day}-01T{index // 60 % 24:02d}:{index % 60:02d}"
                    f":00+00:00,{index % 10 + 1}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def listed(data: Path) -> int:
    """How many check-ins the journal holds (read directly, read-only)."""
    conn = sqlite3.connect(f"file:{data / 'touchstone.db'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    finally:
        conn.close()


# --- item 3: a zero-length journal ---------------------------------------------------------------
def test_a_zero_length_journal_beside_backups_is_damaged_and_the_backup_named(tmp_path):
    data = tmp_path / "data"
    assert run(data, "add", "--skill", "Overall=6").returncode == 0  # + today's backup
    (data / "touchstone.db").write_bytes(b"")  # what a sync tool or a full disk can leave
    result = run(data, "list")
    assert result.returncode == 2, result.stdout
    line = one_line(result)
    assert "empty (0 bytes)" in line and "touchstone restore" in line
    backup = next((data / "backups").glob("touchstone-*.db"))
    assert str(backup) in line
    aside = list(data.glob("touchstone.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].stat().st_size == 0
    assert run(data, "restore", str(backup)).returncode == 0
    assert listed(data) == 1


def test_a_zero_length_journal_with_no_sign_of_a_past_one_is_a_new_journal(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "touchstone.db").write_bytes(b"")  # e.g. `touch`, or a crash before page one
    result = run(data, "list")
    assert result.returncode == 0, result.stderr
    assert "No check-ins" in result.stdout


# --- item 2: a stray -wal ----------------------------------------------------------------------
def test_the_wal_of_a_diverged_copy_is_not_replayed_and_the_journal_is_kept(tmp_path):
    import shutil

    a, b = tmp_path / "a", tmp_path / "b"
    assert run(a, "add", "--skill", "Overall=5").returncode == 0  # and the day's backup
    shutil.copytree(a, b)  # a data folder copied by hand
    assert run(a, "import", str(checkins_csv(tmp_path / "a.csv", 200, 1))).returncode == 0
    holder = Holder(b / "touchstone.db")  # B's window, say: its -wal stays
    try:
        assert run(b, "import", str(checkins_csv(tmp_path / "b.csv", 200, 2))).returncode == 0
        assert (b / "touchstone.db-wal").stat().st_size > 0
        shutil.copyfile(b / "touchstone.db-wal", a / "touchstone.db-wal")  # brought back
    finally:
        holder.close()
    journal_bytes = (a / "touchstone.db").read_bytes()
    wal_bytes = (a / "touchstone.db-wal").read_bytes()

    result = run(a, "list")
    assert result.returncode == 2, result.stdout[-300:]  # before: exit 0, check-ins gone
    line = one_line(result)
    assert "-wal" in line and "201" in line and "touchstone restore" in line
    aside = next(a.glob("touchstone.db.before-wal-*[0-9]"))
    assert aside.read_bytes() == journal_bytes  # both kept exactly as they were
    assert aside.with_name(aside.name + ".wal").read_bytes() == wal_bytes
    assert str(aside) in line
    assert not (a / "touchstone.db").exists() and not (a / "touchstone.db-wal").exists()

    assert run(a, "restore", str(aside)).returncode == 0  # the journal as last saved in full
    assert listed(a) == 201


def test_the_wal_of_another_programs_database_leaves_the_journal_untouched(tmp_path):
    data = tmp_path / "data"
    assert run(data, "add", "--skill", "Overall=5").returncode == 0
    other = tmp_path / "other.db"
    holder = Holder(other, "CREATE TABLE notes(x)",
                    "INSERT INTO notes SELECT zeroblob(300) FROM (SELECT 1 UNION SELECT 2)")
    try:
        import shutil

        shutil.copyfile(tmp_path / "other.db-wal", data / "touchstone.db-wal")
    finally:
        holder.close()
    journal_bytes = (data / "touchstone.db").read_bytes()
    result = run(data, "list")
    assert result.returncode == 2
    line = one_line(result)
    assert "another program's database" in line and "left untouched" not in line
    aside = next(data.glob("touchstone.db.before-wal-*[0-9]"))
    assert aside.read_bytes() == journal_bytes
    assert run(data, "restore", str(aside)).returncode == 0
    assert listed(data) == 1


KILLED_WRITER = """
import os, signal, sys
from datetime import datetime, timedelta, timezone
from tracker.services.journal import Journal
journal = Journal.open(sys.argv[1])
skill = journal.skills()[0].id
for minute in range(5):
    at = datetime(2026, 5, 1, 9, minute, tzinfo=timezone.utc)
    journal.record(ratings={skill: 7}, at=at)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_crash_wal_is_replayed_without_a_word_and_nothing_is_left_aside(tmp_path):
    data = tmp_path / "data"
    assert run(data, "add", "--skill", "Overall=5").returncode == 0
    crashed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(data)], timeout=120)
    assert crashed.returncode == -9
    assert (data / "touchstone.db-wal").stat().st_size > 0
    result = run(data, "list")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert listed(data) == 6
    assert not list(data.glob("touchstone.db.before-wal-*"))


def test_a_wal_another_process_holds_is_left_to_it(tmp_path):
    data = tmp_path / "data"
    assert run(data, "add", "--skill", "Overall=5").returncode == 0
    holder = Holder(data / "touchstone.db")  # a running window, say
    try:
        for _ in range(2):
            assert run(data, "add", "--skill", "Overall=4").returncode == 0
            assert (data / "touchstone.db-wal").exists()
        assert not list(data.glob("touchstone.db.before-wal-*"))  # no copy per command
    finally:
        holder.close()
    assert listed(data) == 3


WINDOW_ON_FIFO = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QMessageBox
QMessageBox.critical = lambda parent, title, text, *a: print("dialog:", text) or 0
from tracker.app import open_window
sys.exit(open_window(Path(sys.argv[1])))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_the_window_refuses_a_fifo_journal_in_a_dialog(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "touchstone.db")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", WINDOW_ON_FIFO, str(data)], env=env,
                            capture_output=True, text=True, timeout=20)
    assert result.returncode == 2, result.stderr
    assert result.stdout.startswith("dialog: ") and "named pipe" in result.stdout
