"""SIGKILL while an `add` writes its automatic backup: no cut-off file ever counts as a backup.

A backup is written under a temporary name (``.touchstone-*.partial``) and only renamed once
complete, verified and fsynced, so a kill leaves no ``touchstone-<stamp>Z.db`` that is short
or empty, and the next `add` that day still makes the day's backup.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker.paths import DataPaths
from tracker.services.backups import Backups
from tracker.services.journal import Journal
from tracker.store.backup import inspect_backup

ROUNDS = 200 if os.environ.get("TOUCHSTONE_STRESS") else 3

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def touchstone(data_dir: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    return subprocess.Popen([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env, stdin=subprocess.DEVNULL)


def seed_big_journal(data_dir: Path) -> None:
    """About 3 MB of notes, so that copying the journal takes a moment."""
    rng = random.Random(5)
    journal = Journal.open(data_dir)
    try:
        skill = journal.add_skill("Overall").ids[0]
        for _ in range(150):
            note = "".join(rng.choice("abcdefghij klmnop") for _ in range(20_000))
            journal.record(ratings={skill: 5}, note=note)
    finally:
        journal.close()


def kill_once_a_backup_file_appears(data_dir: Path) -> bool:
    """Run `add` with a backup due; SIGKILL it as soon as any file shows up in backups/.
    True when the kill landed (the add had not finished)."""
    folder = data_dir / "backups"
    proc = touchstone(data_dir, "add", "--skill", "Overall=3")
    while proc.poll() is None:
        if folder.is_dir() and any(folder.iterdir()):
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.0005)
    proc.wait(timeout=60)
    proc.stderr.close()
    return proc.returncode == -signal.SIGKILL


def test_sigkill_during_an_automatic_backup_never_leaves_one_that_counts(data_dir: Path):
    seed_big_journal(data_dir)
    backups = Backups(DataPaths(data_dir))
    killed = 0
    for _ in range(ROUNDS):
        for old in backups.paths.backups.glob("*"):
            old.unlink()  # no backup today: the next add makes one
        killed += kill_once_a_backup_file_appears(data_dir)
        for entry in backups.entries():
            inspect_backup(entry.path)  # every file named like a backup is a whole one
        proc = touchstone(data_dir, "add", "--skill", "Overall=4")
        _, errors = proc.communicate(timeout=120)
        assert proc.returncode == 0, errors
        assert not backups.is_due(), "the day's backup was not made after the kill"
    assert killed >= 1
