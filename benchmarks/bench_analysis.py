"""Analysis speed: the report's estimator vs statsmodels, and the full report on ten years.

Run: ``python benchmarks/bench_analysis.py``. Targets: ``robust_fit`` (OLS, day clusters,
AR(1) inflation: what the report runs) <= 0.5x the time of statsmodels' cluster-robust OLS
(``cov_type="cluster"`` by day) on the same matrix, its closest equivalent; the whole report on
~11,000 check-ins x 6 factors <= 150 ms. The two estimators are timed in alternation, and the
ratio is the median of the per-round ratios (a shared machine's slow drifts cancel). Prints the
medians and their spread; exits 1 when a target is missed.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import spread, timings, verdict  # noqa: E402

from tracker.analysis.regression import newey_west_cov, ols, robust_fit  # noqa: E402
from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill  # noqa: E402
from tracker.services.report import build_report  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS_ANALYSIS", "31"))


def ten_years(per_day: int = 3, years: int = 10, seed: int = 1):
    """~11,000 check-ins, one skill, the six built-in factors, AR(1) state."""
    rng = random.Random(seed)
    skill = Skill("s1", "Overall")
    tz = timezone(timedelta(hours=1))
    start = datetime(2016, 1, 1, tzinfo=tz)
    mood = 0.0
    out = []
    for d in range(int(365.25 * years)):
        mood = 0.6 * mood + rng.gauss(0, 1)
        sleep = rng.gauss(7, 1)
        for k in range(per_day):
            hour = 8 + 5 * k + rng.random() * 3
            values = {
                "mood": float(min(10, max(1, round(6 + mood + rng.gauss(0, 0.5))))),
                "sleep_hours": round(min(12, max(3, sleep)) * 4) / 4,
                "sleep_quality": float(rng.randint(1, 5)),
                "hunger": float(rng.randint(1, 5)),
                "energy": float(min(10, max(1, round(5 + 0.6 * mood + rng.gauss(0, 1))))),
                "stress": float(rng.randint(1, 10)),
            }
            rating = 6 + 0.3 * mood + 0.3 * (sleep - 7) + 0.5 * math.cos(hour / 24 * 6.28)
            out.append(
                CheckIn(
                    id=f"c{d}-{k}",
                    at=start + timedelta(days=d, hours=hour),
                    ratings={"s1": int(min(10, max(1, round(rating + rng.gauss(0, 0.8)))))},
                    values=values,
                )
            )
    return [skill], list(BUILTIN_FACTORS), out


def main() -> int:
    import statsmodels.api as sm

    warnings.simplefilter("ignore")
    rng = np.random.default_rng(3)
    n = 11_000
    X = np.column_stack([np.ones(n), rng.standard_normal((n, 9))])
    y = X @ rng.standard_normal(10) + rng.standard_normal(n)
    day = np.arange(n) // 3
    lags = 9
    estimators = {
        "ours": lambda: robust_fit(X, y, day).se,
        "cluster": lambda: sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": day}).bse,
        "nw": lambda: newey_west_cov(X, ols(X, y).resid, lags),
        "hac": lambda: sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags}).bse,
    }
    times: dict[str, list[float]] = {name: [] for name in estimators}
    for fn in estimators.values():
        fn()  # warm-up
    for _ in range(ROUNDS):
        for name, fn in estimators.items():
            times[name] += timings(fn, repeat=1, number=3)
    ratios = [a / b for a, b in zip(times["ours"], times["cluster"], strict=True)]
    hac = [a / b for a, b in zip(times["nw"], times["hac"], strict=True)]
    ratio = statistics.median(ratios)
    target = 0.5
    print(f"\n== The report's estimator, n={n}, k=10, {n // 3} days; {ROUNDS} alternating rounds")
    print(f"  robust_fit (OLS, day clusters, AR(1))        {med_ms(times['ours']):8.2f} ms  "
          f"{spread(times['ours'])}")
    print(f"  statsmodels OLS, cluster-robust by day       {med_ms(times['cluster']):8.2f} ms  "
          f"{spread(times['cluster'])}")
    print(f"  ratio (median of rounds) {ratio:.2f}x, target <= {target}x  {verdict(ratio, target)}"
          f"; {spread(ratios, scale=1, unit='x', digits=2)}")
    print(f"  for comparison: OLS + Newey-West (lag {lags}) {med_ms(times['nw']):.2f} ms, "
          f"statsmodels HAC {med_ms(times['hac']):.2f} ms, ratio {statistics.median(hac):.2f}x"
          " (the app does not use it)")

    skills, factors, checkins = ten_years()
    build_report(skills, factors, checkins)
    rep = timings(lambda: build_report(skills, factors, checkins), repeat=7)
    t_rep = statistics.median(rep)
    print(f"\n== Full report, {len(checkins)} check-ins x {len(factors)} factors, median of 7")
    print(f"  build_report {t_rep * 1000:.1f} ms, target <= 150 ms  {verdict(t_rep, 0.150)}; "
          f"{spread(rep)}")
    return 0 if ratio <= target and t_rep <= 0.150 else 1


def med_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


if __name__ == "__main__":
    sys.exit(main())
