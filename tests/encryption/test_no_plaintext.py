"""With the journal encrypted, nothing Touchstone writes holds a check-in in plaintext: not the
database, its -wal and -shm (scanned while open), the backups, the draft, the logs or the
settings. The same scan first finds the marker in a plain journal, so it can fail."""

from __future__ import annotations

import logging
import struct
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.encryption.conftest import MARKER, PASSPHRASE
from tracker.domain import FactorKind
from tracker.logs import setup_logging
from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.backups import Backups
from tracker.services.drafts import drafts_for
from tracker.services.journal import Journal
from tracker.settings import Settings

VALUE = 123.456789  # a custom factor's value: SQLite stores it as a big-endian double
PATTERNS = (MARKER.encode(), MARKER.encode("utf-16-le"), struct.pack(">d", VALUE))


def record_some(journal: Journal, first_day: int, n: int) -> list[str]:
    skill = journal.skills()[0].id
    factor = journal.factor_by_name("Caffeine").id
    ids = []
    for i in range(n):
        change = journal.record(
            ratings={skill: [3, 1, 4, 1, 5, 9, 2, 6][i % 8]}, values={factor: VALUE},
            tags=[MARKER], note=f"{MARKER} {i}",
            at=datetime(2026, 3, 1, 8, tzinfo=UTC) + timedelta(days=first_day + i))
        ids.extend(change.ids)
    return ids


def leaks(root: Path) -> list[str]:
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.name}: {pattern!r}" for pattern in PATTERNS if pattern in data]
    return found


def test_nothing_in_plaintext_once_encrypted(data_dir: Path) -> None:
    paths = DataPaths(data_dir).ensure()
    setup_logging(paths.logs)
    journal = Journal.open(data_dir)
    journal.add_skill("Overall")
    journal.add_factor("Caffeine", FactorKind.NUMBER, 0, 1000, 0.000001, "mg")
    ids = record_some(journal, 0, 10)
    journal.close()
    drafts_for(paths).save({"note": MARKER})
    assert any(name.startswith("touchstone.db") for name in leaks(data_dir))  # the control
    assert any(name.startswith("draft.json") for name in leaks(data_dir))
    Backups(paths).back_up()

    encryption.encrypt(paths, None, PASSPHRASE)

    journal = Journal.open(data_dir)
    ids += record_some(journal, 20, 10)  # new writes go through the WAL
    journal.delete(ids[0])
    drafts_for(paths).save({"note": MARKER, "tags": [MARKER]})
    logging.getLogger("tracker.test").info("a check-in was saved")
    settings = Settings.load(paths.settings)
    settings.save()
    Backups(paths).back_up()
    assert (data_dir / "touchstone.db-wal").exists()
    assert leaks(data_dir) == []  # scanned while the journal is open: WAL and SHM included
    assert journal.count() == 19
    journal.close()
    assert leaks(data_dir) == []
    names = {p.name for p in data_dir.rglob("*") if p.is_file()}
    assert "draft.json" not in names and "draft.sealed" in names
