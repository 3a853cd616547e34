"""Races between real processes: `touchstone restore`, `backup` and `encrypt`/`decrypt` while
two other processes keep running `touchstone add`. Nothing acknowledged (an `add` that returned
exit code 0) is lost: it is in the journal, or — for a restore — in a "before restore" copy.
``make stress`` (TOUCHSTONE_STRESS=1) runs 200 rounds of each race.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ADDER = Path(__file__).with_name("adder.py")
STRESS = bool(os.environ.get("TOUCHSTONE_STRESS"))
ROUNDS = 200 if STRESS else 3
SWITCH_ROUNDS = 200 if STRESS else 2  # each switch may wait seconds for the adders to let go
GOOD = "a good long passphrase"
# what a command racing another may say instead of doing its work (exit 2, one line)
PLAIN_REFUSALS = (
    "The journal is busy: another program is writing to it.",
    "The journal is in use by another Touchstone window or command.",
    "Another Touchstone process is switching the journal's encryption or restoring it",
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def env(**extra: str) -> dict[str, str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    full.update(QT_QPA_PLATFORM="offscreen", **extra)
    return full


def run(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env(**extra), timeout=120,
                          stdin=subprocess.DEVNULL)


class Adders:
    """Two processes running `touchstone add` in a loop; what they acknowledged."""

    def __init__(self, data_dir: Path, **extra: str) -> None:
        self.acked: list[str] = []
        self.failed: list[str] = []
        self.more = threading.Condition()
        self.procs = [subprocess.Popen([sys.executable, str(ADDER), str(data_dir), f"a{n}"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, env=env(**extra)) for n in range(2)]
        self.readers = [threading.Thread(target=self._read, args=(p,), daemon=True)
                        for p in self.procs]
        for reader in self.readers:
            reader.start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            with self.more:
                (self.failed if line.startswith("fail ") else self.acked).append(line.strip())
                self.more.notify_all()

    def wait_for_more(self, than: int) -> None:
        """Until the adders have acknowledged more than ``than`` check-ins (or both died)."""
        with self.more:
            self.more.wait_for(lambda: len(self.acked) > than or not self.alive(), timeout=120)

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)  # mid-add, perhaps: not acknowledged then
            proc.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=60)
        for proc in self.procs:
            errors = proc.stderr.read()
            proc.stdout.close()
            proc.stderr.close()
            assert proc.returncode == -signal.SIGKILL, errors


@contextmanager
def adding(data_dir: Path, **extra: str) -> Iterator[Adders]:
    adders = Adders(data_dir, **extra)
    try:
        adders.wait_for_more(0)
        yield adders
    finally:
        adders.stop()


def ids_in(path: Path, key: str | None = None) -> set[str]:
    if key is None:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    else:
        from sqlcipher3 import dbapi2

        con = dbapi2.connect(str(path))
        con.execute(f"PRAGMA key = \"{key}\"")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in con.execute("SELECT id FROM checkins")}
    finally:
        con.close()


def assert_plain_refusal(result: subprocess.CompletedProcess) -> None:
    """Exit 2 with one line that says another process is in the way, nothing else."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    line = result.stderr.strip()
    assert "\n" not in line and any(text in line for text in PLAIN_REFUSALS), line


def assert_adders_only_refused(adders: Adders, data_dir: Path) -> None:
    for line in adders.failed:  # never an internal error, "moved aside" or "does not match"
        logs = "".join(p.read_text() for p in sorted((data_dir / "logs").glob("*.log*")))
        assert line.startswith("fail 2 touchstone: "), (line, logs)
        assert "moved aside" not in line and "does not match" not in line, line
        assert "not a SQLite database" not in line, line  # a switch says it switched


def test_restore_racing_adds_loses_nothing_acknowledged(data_dir: Path, tmp_path: Path):
    assert run(data_dir, "add", "--skill", "Overall=5", "--note", "before").returncode == 0
    source = tmp_path / "source.db"
    assert run(data_dir, "backup", "-o", str(source)).returncode == 0
    restored = 0
    with adding(data_dir) as adders:
        for _ in range(ROUNDS):
            seen = len(adders.acked)
            result = run(data_dir, "restore", str(source))
            if result.returncode == 0:
                restored += 1
            else:
                assert_plain_refusal(result)
            adders.wait_for_more(seen)  # the next restore meets adds in flight again
    assert restored >= ROUNDS // 2
    kept = ids_in(data_dir / "touchstone.db")
    for copy in (data_dir / "backups").glob("touchstone-before-restore-*.db"):
        kept |= ids_in(copy)
    acked = set(adders.acked)
    lost = len(acked - kept)
    assert acked and lost == 0, f"{lost} of {len(acked)} acknowledged check-ins lost"
    assert_adders_only_refused(adders, data_dir)


def test_backup_racing_adds_loses_nothing_and_every_backup_is_sound(data_dir: Path,
                                                                     tmp_path: Path):
    from tracker.paths import DataPaths
    from tracker.services.backups import Backups
    from tracker.store.backup import inspect_backup

    assert run(data_dir, "add", "--skill", "Overall=5").returncode == 0
    made = []
    with adding(data_dir) as adders:
        for n in range(ROUNDS):
            seen = len(adders.acked)
            dest = tmp_path / f"round-{n}.db"
            result = run(data_dir, "backup", *(["-o", str(dest)] if n % 2 else []))
            if result.returncode == 0:
                made.append(Path(result.stdout.strip().split(" to ", 1)[1].rstrip(".")))
            else:
                assert_plain_refusal(result)
            adders.wait_for_more(seen)
    assert len(made) >= ROUNDS // 2
    for path in made:  # an automatic one may since be thinned (one a day is kept)
        assert path.parent == data_dir / "backups" or inspect_backup(path).checkins >= 1
    for entry in Backups(DataPaths(data_dir)).entries():
        inspect_backup(entry.path)  # every file named like a backup is one
    acked = set(adders.acked)
    assert acked and not acked - ids_in(data_dir / "touchstone.db")
    assert_adders_only_refused(adders, data_dir)


@pytest.mark.skipif(__import__("importlib.util").util.find_spec("sqlcipher3") is None,
                    reason="needs the SQLCipher driver")
def test_encrypt_and_decrypt_racing_adds_lose_nothing_and_say_plainly(data_dir: Path):
    from tracker.paths import DataPaths
    from tracker.store import cipher

    assert run(data_dir, "add", "--skill", "Overall=5").returncode == 0
    encrypted, switched = False, 0
    with adding(data_dir, TOUCHSTONE_PASSPHRASE=GOOD) as adders:
        for _ in range(SWITCH_ROUNDS):
            seen = len(adders.acked)
            if encrypted:
                result = run(data_dir, "decrypt", TOUCHSTONE_PASSPHRASE=GOOD)
            else:
                result = run(data_dir, "encrypt", TOUCHSTONE_NEW_PASSPHRASE=GOOD)
            if result.returncode == 0:
                encrypted, switched = not encrypted, switched + 1
            else:
                assert_plain_refusal(result)
            assert "does not match" not in result.stderr
            adders.wait_for_more(seen)
    assert switched >= 1
    paths = DataPaths(data_dir)
    assert not list(data_dir.glob("touchstone.db.rekey*"))
    key = None
    if cipher.is_encrypted(paths.database):
        key = cipher.key_from_passphrase(paths.database, GOOD,
                                         cipher.KeyChecks(paths.key_checks))[0].pragma_value()
    acked = set(adders.acked)
    assert acked and not acked - ids_in(paths.database, key)
    assert_adders_only_refused(adders, data_dir)
