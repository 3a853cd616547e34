"""Helpers shared by the benchmarks: repeated timing and a table of ratios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_of(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Median seconds per call over ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def report(title: str, rows: list[tuple[str, float, float | None, float | None]]) -> None:
    """Print rows of (what, seconds, baseline seconds or None, target ratio or None)."""
    print(f"\n== {title}")
    for what, seconds, baseline, target in rows:
        line = f"  {what:<52} {seconds * 1000:9.1f} ms"
        if baseline:
            ratio = seconds / baseline
            verdict = "" if target is None else ("  ok" if ratio <= target else "  OVER TARGET")
            line += f"  {ratio:5.2f}x baseline ({baseline * 1000:.1f} ms)"
            if target is not None:
                line += f", target <= {target}x{verdict}"
        print(line)
