"""Fixtures for felt-vs-measured tests: a real journal in tmp_path with a skill."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.services.journal import Journal


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    j = Journal.open(data_dir)
    yield j
    j.close()


@pytest.fixture
def skill_id(journal: Journal) -> str:
    return journal.add_skill("Overall").ids[0]
