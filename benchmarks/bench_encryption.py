"""Encryption at rest: saving and the full report on an encrypted journal vs the same journal
unencrypted, in the same run (the two take turns, 7 rounds); and the one-off costs (key
derivation, encrypting three years). Exits 1 when over target."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report, timings  # noqa: E402

from tracker.paths import DataPaths  # noqa: E402
from tracker.services import encryption  # noqa: E402
from tracker.services.demo import seed_journal  # noqa: E402
from tracker.services.journal import Journal  # noqa: E402
from tracker.store import cipher  # noqa: E402

VALUES = {"mood": 6, "sleep_hours": 7.5, "sleep_quality": 3, "hunger": 2, "energy": 6, "stress": 4}


def save_and_report(roots: list[Path]) -> tuple[list[list[float]], list[list[float]]]:
    """Per journal, seconds per save and per report; the journals take turns, round by round,
    so a slow spell of a shared machine hits each of them."""
    journals = [Journal.open(root) for root in roots]
    saves = []
    for journal in journals:
        skill = journal.skills()[0].id
        saves.append(lambda j=journal, s=skill: j.record(ratings={s: 7}, values=VALUES,
                                                         tags=["gym"], note="note"))
    saved: list[list[float]] = [[] for _ in journals]
    reported: list[list[float]] = [[] for _ in journals]
    for _ in range(7):
        for i, journal in enumerate(journals):
            saved[i] += timings(saves[i], repeat=1, number=30)
            reported[i] += timings(journal.report, repeat=1, number=1)
    for journal in journals:
        journal.close()
    return saved, reported


def upgrade_once(plain: Path, root: Path) -> float:
    """The one-off cost of the first unlock of a journal keyed with the old N=2^15."""
    shutil.copytree(plain, root)
    current = cipher.KDF_CURRENT
    cipher.KDF_CURRENT = cipher.KDF_V1  # as Touchstone made keys before
    try:
        encryption.encrypt(DataPaths(root), None, "a benchmark passphrase")
    finally:
        cipher.KDF_CURRENT = current
    cipher.forget()
    start = time.perf_counter()
    encryption.unlock(DataPaths(root), "a benchmark passphrase")
    elapsed = time.perf_counter() - start
    assert not cipher.key_for(DataPaths(root).database).outdated
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain"
        journal = Journal.open(plain)
        seed_journal(journal, days=365 * 3)
        count = journal.count()
        journal.close()
        secret = Path(tmp) / "secret"
        shutil.copytree(plain, secret)
        start = time.perf_counter()
        encryption.encrypt(DataPaths(secret), None, "a benchmark passphrase")
        switched = time.perf_counter() - start
        cipher.forget()
        start = time.perf_counter()
        encryption.unlock(DataPaths(secret), "a benchmark passphrase")
        unlocked = time.perf_counter() - start
        (plain_save, enc_save), (plain_report, enc_report) = save_and_report([plain, secret])
        upgraded = upgrade_once(plain, Path(tmp) / "old-key")
    ok = report(f"Encryption at rest ({count} check-ins; same data, same run)", [
        ("save one check-in, unencrypted", plain_save, None, None),
        ("save one check-in, encrypted (SQLCipher)", enc_save, plain_save, 1.5),
        ("full report, unencrypted", plain_report, None, None),
        ("full report, encrypted", enc_report, plain_report, None),
        ("unlock: scrypt (N=2^17) key derivation + key check", unlocked, None, None),
        ("first unlock of an N=2^15 journal (upgrades the key)", upgraded, None, None),
        ("encrypt the journal (backup, export, verify, swap)", switched, None, None),
    ])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
