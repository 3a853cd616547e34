"""Kill a writer with SIGKILL at random moments: the database stays intact and keeps every
check-in that was acknowledged. ``make stress`` runs many more rounds."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

WRITER = Path(__file__).with_name("writer.py")
ROUNDS = 200 if os.environ.get("TOUCHSTONE_STRESS") else 12

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def kill_round(data_dir: Path, rng: random.Random) -> list[str]:
    """Start the writer, kill it after a random number of acks plus a random delay."""
    with subprocess.Popen([sys.executable, str(WRITER), str(data_dir)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        return _kill_after_acks(proc, rng)


def _kill_after_acks(proc: subprocess.Popen, rng: random.Random) -> list[str]:
    acked: list[str] = []
    enough = threading.Event()
    target = rng.randint(1, 40)

    def read() -> None:
        for line in proc.stdout:
            acked.append(line.strip())
            if len(acked) >= target:
                enough.set()
        enough.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    enough.wait(timeout=60)
    time.sleep(rng.uniform(0, 0.03))  # the kill lands at a random point of a write
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return [a for a in acked if a]


def test_acknowledged_checkins_survive_sigkill(data_dir):
    rng = random.Random(20261127)
    acknowledged: set[str] = set()
    for _ in range(ROUNDS):
        acknowledged.update(kill_round(data_dir, rng))
        con = sqlite3.connect(data_dir / "touchstone.db")
        try:
            assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in con.execute("select id from checkins")}
            orphans = con.execute(
                "select count(*) from ratings where checkin_id not in (select id from checkins)"
            ).fetchone()[0]
        finally:
            con.close()
        missing = acknowledged - stored
        assert not missing, f"{len(missing)} acknowledged check-ins lost"
        assert orphans == 0
    assert len(acknowledged) >= ROUNDS
