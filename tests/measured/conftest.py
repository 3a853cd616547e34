"""Fixtures for felt-vs-measured tests: the touch-reality tests' journal (a real one in
tmp_path) and skill, and the real command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.reality.conftest import journal, skill_id

__all__ = ["journal", "run_cli", "skill_id"]


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real ``touchstone`` in a subprocess on ``data_dir``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=120)
