"""Restoring a backup from an older schema (issue 14): the journal never holds the restored
content at the old schema, not even for an instant another process could write in, and a
restore killed at any point leaves a journal that opens. Real processes; the real version-1
fixture (tests/store/fixtures/v1.db)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.store.schema_version import SCHEMA_VERSION

V1 = Path(__file__).parents[1] / "store" / "fixtures" / "v1.db"
ROOT = Path(__file__).resolve().parents[2]

# the real restore (as `touchstone restore`), stopped where the old code had committed the
# backup and not yet migrated it: it prints "paused" there and waits (or kills itself)
PAUSED_RESTORE = """
import os, signal, sys
from tracker.cli import main
from tracker.services import backups

real = backups.restore_database


def paused(*args, **kwargs):
    done = real(*args, **kwargs)  # the backup's content is in the journal now
    print("paused", flush=True)
    if sys.argv[3] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.readline()
    return done


backups.restore_database = paused
sys.exit(main(["--data-dir", sys.argv[1], "restore", sys.argv[2]]))
"""


def restore_paused(data: Path, then: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    process = subprocess.Popen([sys.executable, "-c", PAUSED_RESTORE, str(data), str(V1), then],
                               env=dict(env, PYTHONPATH=str(ROOT)), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "paused", process.stderr.read()
    return process


def schema_of(data: Path) -> int:
    conn = sqlite3.connect(f"file:{data / 'touchstone.db'}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_the_restored_old_backup_is_migrated_before_anyone_can_write(data_dir: Path):
    journal = Journal.open(data_dir)  # a window open on the journal all along
    try:
        journal.add_skill("Overall")
        restore = restore_paused(data_dir, "wait")
        try:
            assert schema_of(data_dir) == SCHEMA_VERSION  # before: 1, the backup's schema
            assert Reality(journal).evaluations() == []  # before: "no such table"
            assert sorted(c.note for c in journal.checkins()) == [
                "fixture one", "fixture three", "fixture two"]
        finally:
            out, errors = restore.communicate("\n", timeout=120)
        assert restore.returncode == 0, errors
    finally:
        journal.close()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_restore_killed_before_its_last_step_leaves_a_journal_that_opens(data_dir: Path):
    journal = Journal.open(data_dir)
    journal.add_skill("Overall")
    journal.close()
    restore = restore_paused(data_dir, "kill")
    restore.communicate(timeout=120)
    assert restore.returncode == -signal.SIGKILL
    result = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                             "list"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "fixture one" in result.stdout
    assert schema_of(data_dir) == SCHEMA_VERSION
    assert not list(data_dir.glob("touchstone.db.*"))  # nothing set aside, no scratch left
