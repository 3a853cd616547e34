"""Helpers shared by the benchmarks: repeated timing, the spread, and a table of ratios.

A benchmark exits 1 when ``report`` printed any "OVER TARGET", so ``make bench`` fails.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

Samples = float | Sequence[float]


def timings(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> list[float]:
    """Seconds per call in each of ``repeat`` rounds of ``number`` calls."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        rounds.append((time.perf_counter() - start) / number)
    return rounds


def median_of(fn: Callable[[], object], repeat: int = 5, number: int = 1) -> float:
    """Median seconds per call over ``repeat`` rounds of ``number`` calls."""
    return statistics.median(timings(fn, repeat, number))


def spread(samples: Sequence[float], scale: float = 1000.0, unit: str = " ms",
           digits: int = 1) -> str:
    """The middle half of ``samples`` (quartiles) and the extremes, for judging noise."""
    if len(samples) < 2:
        return ""
    q1, _, q3 = (q * scale for q in statistics.quantiles(samples, n=4))
    lo, hi = min(samples) * scale, max(samples) * scale
    d = digits
    return f"middle half {q1:.{d}f}–{q3:.{d}f}{unit}, range {lo:.{d}f}–{hi:.{d}f}{unit}"


def _median(value: Samples) -> float:
    return value if isinstance(value, float | int) else statistics.median(value)


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "OVER TARGET"


def report(title: str, rows: list[tuple[str, Samples, Samples | None, float | None]]) -> bool:
    """Print rows of (what, seconds, baseline seconds or None, target ratio or None).

    Seconds may be one number or the samples (their median is used and their spread printed).
    Returns False when a row is over its target.
    """
    print(f"\n== {title}")
    ok = True
    for what, seconds, baseline, target in rows:
        med = _median(seconds)
        line = f"  {what:<52} {med * 1000:9.1f} ms"
        if baseline:
            base = _median(baseline)
            ratio = med / base
            line += f"  {ratio:5.2f}x baseline ({base * 1000:.1f} ms)"
            if target is not None:
                line += f", target <= {target}x  {verdict(ratio, target)}"
                ok = ok and ratio <= target
        print(line)
        if not isinstance(seconds, float | int) and len(seconds) > 1:
            print(f"  {'':<52} {spread(seconds)}")
    return ok
