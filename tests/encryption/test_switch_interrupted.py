"""Killing the process at every step of a switch leaves a journal that opens, with every
check-in, under the old passphrase before the swap and the new one after it; plaintext
backups left by an interrupted encryption are encrypted at the next unlock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.encryption.conftest import MARKER, fill
from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.backups import Backups
from tracker.services.journal import Journal
from tracker.store import cipher
from tracker.store.integrity import check_file

SWITCHER = Path(__file__).with_name("switcher.py")
ROOT = Path(__file__).resolve().parents[2]
OLD, NEW = "the old passphrase", "the new passphrase"
BEFORE_SWAP = ("sole-access", "exported", "checked")
AFTER_SWAP = ("swapped", "journal-done", "backup-rekeyed")

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def switch(data_dir: Path, action: str, kill_at: str) -> int:
    env = dict(os.environ, OLD=OLD, NEW=NEW, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(SWITCHER), str(data_dir), action, kill_at],
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, -signal.SIGKILL), proc.stderr
    return proc.returncode


def journal_state(paths: DataPaths) -> tuple[str | None, set[str]]:
    """Which passphrase opens the journal now (None: plain) and the check-in ids in it."""
    cipher.forget()
    opened_with = None
    if encryption.is_encrypted(paths):
        for candidate in (OLD, NEW):
            try:
                encryption.unlock(paths, candidate)
            except encryption.WrongPassphrase:
                continue
            opened_with = candidate
            break
        else:
            pytest.fail("neither passphrase opens the journal")
    assert check_file(paths.database).ok is True
    journal = Journal.open(paths.root)
    try:
        return opened_with, {c.id for c in journal.checkins()}
    finally:
        journal.close()


def prepared(data_dir: Path, encrypted: bool) -> tuple[DataPaths, set[str]]:
    paths = DataPaths(data_dir)
    ids = set(fill(data_dir, 6))
    Backups(paths).back_up(paths.backups / "touchstone-20260101T000000Z.db")
    if encrypted:
        encryption.encrypt(paths, None, OLD)
        cipher.forget()
    return paths, ids


@pytest.mark.parametrize("kill_at", BEFORE_SWAP + AFTER_SWAP)
def test_encrypt_killed_at_each_step(data_dir: Path, kill_at: str) -> None:
    paths, ids = prepared(data_dir, encrypted=False)
    assert switch(data_dir, "encrypt", kill_at) == -signal.SIGKILL
    opened_with, found = journal_state(paths)
    assert found == ids
    assert opened_with == (None if kill_at in BEFORE_SWAP else NEW)
    if opened_with is not None:  # unlocking finished the backups' share of the switch
        for entry in Backups(paths).entries():
            assert cipher.is_encrypted(entry.path)
            assert MARKER.encode() not in entry.path.read_bytes()
    # a second attempt (or the first, if it never swapped) completes cleanly
    if opened_with is None:
        assert switch(data_dir, "encrypt", "never") == 0
        assert journal_state(paths) == (NEW, ids)
    assert not list(data_dir.glob("*.rekey*"))


@pytest.mark.parametrize("kill_at", BEFORE_SWAP + AFTER_SWAP)
def test_passphrase_change_killed_at_each_step(data_dir: Path, kill_at: str) -> None:
    paths, ids = prepared(data_dir, encrypted=True)
    assert switch(data_dir, "passphrase", kill_at) == -signal.SIGKILL
    opened_with, found = journal_state(paths)
    assert found == ids
    assert opened_with == (OLD if kill_at in BEFORE_SWAP else NEW)


@pytest.mark.parametrize("kill_at", ("exported", "swapped"))
def test_decrypt_killed_before_and_after_the_swap(data_dir: Path, kill_at: str) -> None:
    paths, ids = prepared(data_dir, encrypted=True)
    assert switch(data_dir, "decrypt", kill_at) == -signal.SIGKILL
    opened_with, found = journal_state(paths)
    assert found == ids
    assert opened_with == (OLD if kill_at == "exported" else None)


ROUNDS = 40 if os.environ.get("TOUCHSTONE_STRESS") else 3


def test_encrypt_killed_at_random_moments(tmp_path: Path) -> None:
    """SIGKILL after a random delay (not at a step boundary); ``make stress`` runs 40 rounds.
    The kill may land before the switch starts or after it ends: see the next test."""
    import random
    import time

    rng = random.Random(8)
    for round_no in range(ROUNDS):
        data_dir = tmp_path / f"round-{round_no}"
        paths, ids = prepared(data_dir, encrypted=False)
        env = dict(os.environ, OLD=OLD, NEW=NEW, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, str(SWITCHER), str(data_dir), "encrypt",
                                 "never"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.5))  # imports take ~0.3 s, the switch ~0.3 s more
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        opened_with, found = journal_state(paths)
        assert found == ids, f"round {round_no}"
        assert opened_with in (None, NEW)


def test_encrypt_killed_between_the_steps_it_reports(tmp_path: Path) -> None:
    """Always mid-switch: the switch reports each step and waits there for a go-ahead; after
    the chosen step it gets one and is killed a random moment later, inside the work that
    follows (or, at the latest, waiting at the next step). Never before it starts or after
    it ends."""
    import random
    import time

    rng = random.Random(9)
    # in the export, in the swap, in the backups' re-keying; make stress: anywhere, 40 times
    chosen = ["sole-access", "checked", "journal-done"] if ROUNDS <= 3 else [
        rng.choice(BEFORE_SWAP + AFTER_SWAP) for _ in range(ROUNDS)]
    for round_no, after in enumerate(chosen):
        data_dir = tmp_path / f"round-{round_no}"
        paths, ids = prepared(data_dir, encrypted=False)
        env = dict(os.environ, OLD=OLD, NEW=NEW, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, str(SWITCHER), str(data_dir), "encrypt",
                                 "report"], env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        reported = []
        for line in proc.stdout:
            name = line.removeprefix("step ").strip()
            reported.append(name)
            proc.stdin.write("go\n")
            proc.stdin.flush()
            if name == after:
                time.sleep(rng.uniform(0.0, 0.05))
                proc.kill()
                break
        proc.wait(timeout=60)
        proc.stdin.close()
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL, (after, reported)  # killed, not finished
        assert reported[-1] == after and "done" not in reported, reported
        opened_with, found = journal_state(paths)
        assert found == ids, (after, reported)
        # killed before the swap (the work after "checked") it is still plain, after it
        # encrypted; killed within the swap, either
        if after in ("sole-access", "exported"):
            assert opened_with is None, after
        elif after != "checked":
            assert opened_with == NEW, after
        assert opened_with in (None, NEW)


@pytest.mark.parametrize("start_at", ["sole-access", "exported", "checked"])
def test_a_write_from_another_process_during_a_switch_is_never_lost(
        data_dir: Path, start_at: str) -> None:
    """A CLI write that starts mid-switch either lands in the new journal or fails with a
    message (exit 2); it never reports success into the file being replaced."""
    paths, ids = prepared(data_dir, encrypted=False)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               TOUCHSTONE_PASSPHRASE=NEW)
    writers: list[subprocess.Popen] = []

    def start_writer(name: str) -> None:
        if name == start_at:
            writers.append(subprocess.Popen(
                [sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "add",
                 "--skill", "Overall=9", "--note", "written mid-switch"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))

    encryption.encrypt(paths, None, NEW, start_writer)
    (writer,) = writers
    out, err = writer.communicate(timeout=120)
    cipher.forget()
    encryption.unlock(paths, NEW)
    journal = Journal.open(data_dir)
    try:
        notes = {c.note for c in journal.checkins()}
        assert {c.id for c in journal.checkins()} >= ids
    finally:
        journal.close()
    if writer.returncode == 0:
        assert "written mid-switch" in notes, "the CLI said saved, but the check-in is gone"
    else:
        assert writer.returncode == 2 and err.startswith("touchstone: "), err
        assert "written mid-switch" not in notes


WAITING_WRITER = r"""
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=20, isolation_level=None)
print("opened", flush=True)  # the file is open: this is the journal being replaced
try:
    conn.execute("BEGIN IMMEDIATE")  # waits for the switch's exclusive lock
    conn.execute("UPDATE skills SET name = 'written into the old file'")
    conn.execute("COMMIT")
except sqlite3.DatabaseError as error:
    print(f"refused: {error}", flush=True)
    sys.exit(2)
print("committed", flush=True)
"""


def test_a_writer_waiting_on_the_replaced_file_fails_instead_of_writing(data_dir: Path) -> None:
    """A process that opened the old file during the switch waits for the switch's lock, then
    gets an error (SQLite sees the file was replaced), never a silent write into a file that
    is no longer the journal."""
    paths, ids = prepared(data_dir, encrypted=False)
    writers: list[subprocess.Popen] = []

    def start_writer(name: str) -> None:
        if name == "exported":
            writer = subprocess.Popen([sys.executable, "-c", WAITING_WRITER,
                                       str(paths.database)], stdout=subprocess.PIPE, text=True)
            assert writer.stdout.readline().strip() == "opened"
            writers.append(writer)

    encryption.encrypt(paths, None, NEW, start_writer)
    out, _ = writers[0].communicate(timeout=60)
    assert writers[0].returncode == 2 and out.startswith("refused: "), out
    assert journal_state(paths) == (NEW, ids)
