"""The real start-up on an encrypted journal: the passphrase is asked before anything reads the
journal; a wrong one is answered in place; Quit leaves without touching it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.journal import Journal
from tracker.store import cipher

DRIVER = Path(__file__).with_name("encrypted_start_driver.py")
ROOT = Path(__file__).resolve().parents[2]
GOOD = "a good long passphrase"


def start(data_dir: Path, answers: str) -> list[str]:
    env = dict(os.environ, ANSWERS=answers, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, str(DRIVER), str(data_dir)], env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def encrypted_journal(data_dir: Path) -> None:
    journal = Journal.open(data_dir)
    journal.record(ratings={journal.add_skill("Overall").ids[0]: 7})
    journal.close()
    encryption.encrypt(DataPaths(data_dir), None, GOOD)
    cipher.forget()


def test_start_asks_for_the_passphrase_then_opens(data_dir: Path) -> None:
    encrypted_journal(data_dir)
    lines = start(data_dir, f"wrong guess,{GOOD}")
    assert lines == ["asked: Touchstone is locked", "error: Wrong passphrase.", "exit: 0"]


def test_quit_at_the_passphrase_leaves_the_journal_untouched(data_dir: Path) -> None:
    encrypted_journal(data_dir)
    before = (data_dir / "touchstone.db").read_bytes()
    lines = start(data_dir, "")
    assert lines == ["asked: Touchstone is locked", "exit: 0"]
    assert (data_dir / "touchstone.db").read_bytes() == before
