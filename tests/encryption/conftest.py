"""Encryption tests: a journal with a few check-ins, and a keychain emptied after each test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tracker.paths import DataPaths
from tracker.services.journal import Journal
from tracker.store import cipher

MARKER = "zq7-unique-marker-x91"
PASSPHRASE = "correct horse battery"


@pytest.fixture(autouse=True)
def empty_keychain() -> Iterator[None]:
    cipher.forget()
    yield
    cipher.forget()


def fill(data_dir: Path, n: int = 5) -> list[str]:
    """Record ``n`` check-ins whose note and tag carry ``MARKER``; their ids."""
    journal = Journal.open(data_dir)
    try:
        if not journal.skills():
            journal.add_skill("Overall")
        start = datetime(2026, 1, 1, 9, tzinfo=UTC)
        ids = []
        for i in range(n):
            change = journal.record(ratings={journal.skills()[0].id: 1 + i % 10},
                                    note=f"{MARKER} note {i}", tags=[MARKER],
                                    at=start + timedelta(days=i))
            ids.extend(change.ids)
        return ids
    finally:
        journal.close()


@pytest.fixture
def paths(data_dir: Path) -> DataPaths:
    paths = DataPaths(data_dir)
    Journal.open(data_dir).close()
    return paths
