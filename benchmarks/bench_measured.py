"""The report with felt vs measured against the same report without it, in the same run.

Ten years x 3 check-ins a day (``bench_analysis.ten_years``), and a vigilance probe after every
third check-in (~3,650 probes): ``build_report`` with the probes vs ``build_report`` on the same
check-ins alone. Timed in alternation; the ratio is the median of the per-round ratios. Target
(issue #17): <= 1.5x. Reported beside it, without a target: the same with a daily "pages"
outcome too (a second measure analysed).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_analysis import ten_years  # noqa: E402
from common import spread, timings, verdict  # noqa: E402

from tracker.domain.measured import DailyOutcome, Measure, Probe, ProbeKind  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS_MEASURED", "9"))
TARGET = 1.5


def probes_and_outcomes(checkins, seed: int = 2):
    """A scored vigilance probe a minute after every third check-in; pages written per day."""
    rng = random.Random(seed)
    probes = [
        Probe(id=f"p{i}", kind=ProbeKind.VIGILANCE, at=c.at + timedelta(minutes=1),
              duration_s=180.0, prediction=round(rng.gauss(3.6, 0.4), 2),
              score=max(0.5, rng.gauss(3.5, 0.4) + 0.05 * (c.values["mood"] - 6)),
              error_variance=0.01 * rng.uniform(0.5, 1.5), checkin_id=c.id)
        for i, c in enumerate(checkins[::3])
    ]
    pages = Measure("m1", "Pages", "pages")
    days = sorted({c.at.date() for c in checkins})
    outcomes = [DailyOutcome("m1", d, float(max(0, round(rng.gauss(4, 1.5))))) for d in days]
    return probes, [pages], outcomes


def main() -> int:
    from tracker.services.report import build_report

    skills, factors, checkins = ten_years()
    probes, measures, outcomes = probes_and_outcomes(checkins)

    def plain() -> None:
        build_report(skills, factors, checkins)

    def with_probes() -> None:
        report = build_report(skills, factors, checkins, probes=probes)
        assert report["measured"] and report["measured"]["measures"], "no measured section"

    def with_outcome() -> None:
        build_report(skills, factors, checkins, probes=probes, measures=measures,
                     outcomes=outcomes)

    plain(), with_probes(), with_outcome()  # warm-up
    base: list[float] = []
    ours: list[float] = []
    both: list[float] = []
    for _ in range(ROUNDS):
        base += timings(plain, repeat=1, number=1)
        ours += timings(with_probes, repeat=1, number=1)
        both += timings(with_outcome, repeat=1, number=1)
    ratios = [a / b for a, b in zip(ours, base, strict=True)]
    ratio = statistics.median(ratios)
    ratio_both = statistics.median(a / b for a, b in zip(both, base, strict=True))
    print(f"\n== Report with felt vs measured, {len(checkins)} check-ins, {len(probes)} probes;"
          f" {ROUNDS} alternating rounds")
    print(f"  build_report, check-ins only           {statistics.median(base) * 1000:8.1f} ms  "
          f"{spread(base)}")
    print(f"  build_report, with the probes          {statistics.median(ours) * 1000:8.1f} ms  "
          f"{spread(ours)}")
    print(f"  ratio (median of rounds) {ratio:.2f}x, target <= {TARGET}x  {verdict(ratio, TARGET)}"
          f"; {spread(ratios, scale=1, unit='x', digits=2)}")
    print(f"  with a daily outcome too ({len(outcomes)} days) {statistics.median(both) * 1000:.1f}"
          f" ms, ratio {ratio_both:.2f}x (no target)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
