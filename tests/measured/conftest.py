"""Fixtures for felt-vs-measured tests: a real journal in tmp_path with a skill."""

from __future__ import annotations

import os
import subprocess
import sys
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


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ``touchstone`` in a subprocess on ``data_dir``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)
