"""Analysis speed: robust regression vs statsmodels, and the full report on ten years.

Run: ``python benchmarks/bench_analysis.py``. Targets: our OLS + robust errors ≤ 0.5× the time
of statsmodels OLS + HAC on the same matrix; the whole report on ~11,000 check-ins × 6
factors ≤ 150 ms. Prints the medians; exits 1 when a target is missed.
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.analysis.regression import newey_west_cov, ols, robust_fit  # noqa: E402
from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill  # noqa: E402
from tracker.services.report import build_report  # noqa: E402


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


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

    def ours_nw():
        f = ols(X, y)
        return newey_west_cov(X, f.resid, lags)

    def ours_report_estimator():
        return robust_fit(X, y, day).se

    def theirs():
        return sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": lags}).bse

    t_nw = _median_ms(ours_nw, 15)
    t_rf = _median_ms(ours_report_estimator, 15)
    t_sm = _median_ms(theirs, 15)
    print(
        f"OLS + Newey-West (lag {lags}), n={n}, k=10:  ours {t_nw:.2f} ms, "
        f"statsmodels {t_sm:.2f} ms, ratio {t_nw / t_sm:.2f}x (target <= 0.5x)"
    )
    print(
        f"OLS + report estimator (day clusters, AR(1)): {t_rf:.2f} ms, "
        f"ratio {t_rf / t_sm:.2f}x of statsmodels HAC"
    )

    skills, factors, checkins = ten_years()
    t_rep = _median_ms(lambda: build_report(skills, factors, checkins), 7)
    print(
        f"full report, {len(checkins)} check-ins x {len(factors)} factors: {t_rep:.1f} ms "
        "(target <= 150 ms)"
    )
    ok = t_nw / t_sm <= 0.5 and t_rep <= 150
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
