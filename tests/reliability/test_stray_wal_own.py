"""The journal's own ``-wal`` is never judged a stray one (issue 14, the 200-round restore race):
what a restore leaves, and a crash's ``-wal`` after a restore, replay without a word; a diverged
copy's is still refused (``test_strange_files``). Real processes, real files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.reliability.test_strange_files import KILLED_WRITER, checkins_csv, listed, run

READER = """
import sqlite3, sys
from urllib.parse import quote
conn = sqlite3.connect(f"file:{quote(sys.argv[1])}?mode=ro", uri=True, isolation_level=None)
conn.execute("SELECT count(*) FROM checkins").fetchone()
print("ready", flush=True)
sys.stdin.read()
"""


def journal_with(data: Path, tmp_path: Path, count: int) -> Path:
    """A journal of 1 + ``count`` check-ins; returns a backup of it taken at 1 check-in."""
    assert run(data, "add", "--skill", "Overall=5").returncode == 0  # + the day's backup
    small = tmp_path / "small.db"
    assert run(data, "backup", "-o", str(small)).returncode == 0
    assert run(data, "import", str(checkins_csv(tmp_path / "more.csv", count, 1))).returncode == 0
    return small


def file_alone_count(data: Path) -> int:
    """Check-ins in the journal file itself, without its -wal."""
    conn = sqlite3.connect(f"file:{data / 'touchstone.db'}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    finally:
        conn.close()


def test_a_restore_leaves_its_pages_in_the_file_while_another_process_reads(tmp_path):
    data = tmp_path / "data"
    small = journal_with(data, tmp_path, 30)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(data / "touchstone.db")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"  # it keeps the journal open
        result = run(data, "restore", str(small))
        assert result.returncode == 0, result.stderr
        assert file_alone_count(data) == 1  # before: 31, the restore only in the -wal
    finally:
        reader.stdin.close()  # a read-only reader cannot checkpoint as it closes
        reader.wait(timeout=60)
        reader.stdout.close()
    result = run(data, "list")  # before: "replaying it would remove 30 of the 31", exit 2
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert listed(data) == 1
    assert not list(data.glob("touchstone.db.before-wal-*"))


def test_a_crash_wal_after_a_restore_to_fewer_checkins_replays(tmp_path):
    data = tmp_path / "data"
    small = journal_with(data, tmp_path, 30)
    assert run(data, "restore", str(small)).returncode == 0  # "before restore" copy: 31
    crashed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(data)], timeout=120)
    assert crashed.returncode == -9
    assert (data / "touchstone.db-wal").stat().st_size > 0  # the journal's own, unheld
    result = run(data, "list")  # before: "leave 6 check-ins, against 31 in the newest backup"
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert listed(data) == 6
    assert not list(data.glob("touchstone.db.before-wal-*"))


def test_judging_a_wal_never_opens_the_journal_itself(tmp_path, monkeypatch):
    """A connection of the judge's on the journal would stop another process's last close
    from checkpointing (it needs every other lock gone), leaving one more -wal to judge."""
    from tracker.store import leftovers

    data = tmp_path / "data"
    assert run(data, "add", "--skill", "Overall=5").returncode == 0
    crashed = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(data)], timeout=120)
    assert crashed.returncode == -9
    journal = data / "touchstone.db"
    opened: list[Path] = []
    real_connect = leftovers.connect

    def recording(path, *args, **kwargs):
        opened.append(Path(path).resolve())
        return real_connect(path, *args, **kwargs)

    monkeypatch.setattr(leftovers, "connect", recording)
    leftovers.check_stray_wal(journal, [data / "backups"])  # a crash's -wal: passes
    assert opened  # the replay was read: from copies
    assert journal.resolve() not in opened  # before: opened read-only to replay the -wal
    assert (data / "touchstone.db-wal").stat().st_size > 0  # left for the open to replay
    assert not [p for p in data.iterdir() if p.name.startswith(".touchstone-judge-")]
    assert listed(data) == 6


def test_a_judging_folder_a_killed_check_left_is_removed_once_stale(tmp_path):
    """A check killed mid-copy left its ``.touchstone-judge-*`` folder in the data folder, and
    nothing removed it. The next open removes one older than any judgement takes; a fresh one
    (a check running now in another process) stays."""
    import os
    import time

    from tracker.store.files import STALE_AFTER_S
    from tracker.store.leftovers import SCRATCH_PREFIX, check_stray_wal

    journal = tmp_path / "touchstone.db"
    journal.write_bytes(b"")
    stale, fresh = tmp_path / f"{SCRATCH_PREFIX}dead", tmp_path / f"{SCRATCH_PREFIX}busy"
    for folder in (stale, fresh):
        folder.mkdir()
        (folder / "touchstone.db").write_bytes(b"copy")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(stale, (old, old))
    check_stray_wal(journal, [])
    assert not stale.exists() and fresh.exists()
