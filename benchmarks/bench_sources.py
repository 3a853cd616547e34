"""Outcome sources (issue #18): first and incremental refresh times of each reader.

Git: ``sources_git.bench_git`` (a generated repository of 20,000 commits). Readers run off the
UI thread (the framework's worker); the figures are reported without a target.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import spread  # noqa: E402
from sources_git import bench_git  # noqa: E402


def _print(rows: list[tuple[str, list[float]]]) -> None:
    for what, samples in rows:
        print(f"  {what:<50} {statistics.median(samples) * 1000:8.1f} ms  {spread(samples)}")


PARTS: list[Callable[[], list[tuple[str, list[float]]]]] = [bench_git]


def main() -> int:
    for part in PARTS:
        _print(part())
    return 0


if __name__ == "__main__":
    sys.exit(main())
