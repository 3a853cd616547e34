"""Run the real command line in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __call__(self, *args: str, stdin: str | None = None, data_dir: bool = True):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        prefix = ["--data-dir", str(self.data_dir)] if data_dir else []
        return subprocess.run(
            [sys.executable, "-m", "tracker", *prefix, *args],
            capture_output=True, text=True, input=stdin, env=env, timeout=120,
        )


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)
