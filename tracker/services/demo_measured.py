"""Probes and a measured daily outcome for the ``--demo`` year, with a known amount of clouding.

The story, per check-in that has a rating of Overall, mood and sleep (the demo's rating model is
``demo.TRUE_EFFECTS``: 0.35 rating points per mood point, 0.40 per hour of sleep, a daily rhythm
and a slow trend; ``u`` (``demo.rating_residual``) is what of the rating that model leaves, SD
about 0.93):

* **true performance** ``P`` (in SD units) = ``PERFORMANCE_MOOD`` × (mood − 6.2)
  + ``PERFORMANCE_RATING`` × ``u`` + independent noise of SD ``PERFORMANCE_NOISE``.
  Mood moves it a little: 0.08 SD per mood point, about 0.15 SD per SD of mood (1.85 points).
  The rating tracks it through ``u``: with the state held fixed, the rating moves
  ``LAMBDA`` = 0.5 × 0.86 / (0.5² × 0.86 + 0.85²) ≈ 0.46 points per SD of performance.
* so mood's pull on the rating, 0.35 points per mood point, splits into a **performance path**
  ``LAMBDA × PERFORMANCE_MOOD`` ≈ 0.037 and **clouding** ``TRUE_CLOUDING`` ≈ 0.31 points per
  mood point (about 0.58 rating points per SD of mood, against a performance path of 0.07):
  about 90 % of mood's pull on the rating is judgment. That is
  the coefficient of mood when the rating is regressed on true performance and the state
  (tests/measured/test_demo_measured.py checks it on the generated year).
* **probes**: vigilance (PVT-B, 3 min) after a check-in on about a third of the days with one,
  digit-symbol (90 s) on about one day in seven. True vigilance speed = 3.6 1/s + practice
  (up to +0.2 1/s: ``0.2 (1 − e^(−(n−1)/3))`` over the n-th session) + 0.25 1/s per SD of ``P``;
  true digit-symbol rate = 40 per minute + practice (up to +12: ``12 (1 − e^(−(n−1)/5))``) +
  3.5 per SD of ``P``. Trials are drawn around these (response speeds SD 0.55 1/s, lapses of
  355–900 ms, false starts under 100 ms; digit-symbol item times lognormal, 3 % wrong) and scored
  the way probes are scored: vigilance = mean 1000/RT (1/s) over every response that is no false
  start, error variance = s²/n; digit-symbol = correct answers per minute of the 90 s, error
  variance = the delta-method variance of the rate (``tracker.domain.probe_scoring``; TODO:
  call its ``score_probe`` once that module is on main — ``_score`` mirrors it). About 4 % of
  probes are discarded (focus lost, cancelled) with their partial trials and no score.
* **predictions** before each probe: the mean of the last three scores of that kind (a naive
  guess before any), plus optimism of 0.06 1/s (vigilance) or 0.8 per minute (digit-symbol) per
  mood point above 6.2, plus noise.
* **outcome** "pages written" on most days with a check-in: 3 + 1.2 × the day's mean ``P`` +
  noise of SD 1, rounded to whole pages, at least 0.
"""

from __future__ import annotations

import dataclasses
import math
import random
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tracker.domain import CheckIn
from tracker.domain.measured import (
    DailyOutcome,
    DiscardReason,
    Measure,
    Probe,
    ProbeKind,
    ProbeTrial,
)

PERFORMANCE_MOOD = 0.08  # SD of true performance per mood point
PERFORMANCE_RATING = 0.5  # SD of true performance per rating point the state does not explain
PERFORMANCE_NOISE = 0.85
U_VARIANCE = 0.86  # variance of u in the demo year (checked by the test)
LAMBDA = (PERFORMANCE_RATING * U_VARIANCE
          / (PERFORMANCE_RATING**2 * U_VARIANCE + PERFORMANCE_NOISE**2))
TRUE_CLOUDING = 0.35 - LAMBDA * PERFORMANCE_MOOD  # rating points per mood point
LAPSE_MS, FALSE_START_MS, TIMEOUT_MS = 355.0, 100.0, 30_000.0
PAGES = "pages written"
_NAMESPACE = uuid.UUID("5d1f3c2e-7a41-4f0b-9a57-2f4f0c0d7e11")  # demo.DEMO_NAMESPACE
_SECONDS = {ProbeKind.VIGILANCE: 180.0, ProbeKind.DIGIT_SYMBOL: 90.0}


@dataclass
class DemoMeasured:
    """The demo's probes, its one measure and that measure's outcomes, and the truth behind
    them: true performance (SD units) per check-in it was drawn for."""

    probes: list[Probe] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    outcomes: list[DailyOutcome] = field(default_factory=list)
    performance: dict[str, float] = field(default_factory=dict)


def demo_measured(checkins: Sequence[CheckIn], residuals: Mapping[str, float],
                  rng: random.Random, now: datetime) -> DemoMeasured:
    """Probes after some of ``checkins``, and the pages written on their days (all before
    ``now``); ``residuals`` gives ``u`` (``demo.rating_residual``) of each check-in that has
    one."""
    out = DemoMeasured()
    by_day: dict[date, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        u = residuals.get(checkin.id)
        if u is None:
            continue
        out.performance[checkin.id] = (PERFORMANCE_MOOD * (checkin.values["mood"] - 6.2)
                                       + PERFORMANCE_RATING * u
                                       + rng.gauss(0, PERFORMANCE_NOISE))
        by_day[checkin.at.date()].append(checkin)
    sessions: dict[ProbeKind, list[float]] = {k: [] for k in ProbeKind}
    counts = dict.fromkeys(ProbeKind, 0)
    for day in sorted(by_day):
        for kind, chance, delay in ((ProbeKind.VIGILANCE, 1 / 3, 1),
                                    (ProbeKind.DIGIT_SYMBOL, 1 / 7, 5)):
            if rng.random() >= chance:
                continue
            checkin = rng.choice(by_day[day])
            at = checkin.at + timedelta(minutes=delay)
            if at + timedelta(seconds=_SECONDS[kind]) > now:
                continue
            counts[kind] += 1
            out.probes.append(_probe(kind, checkin, at, out.performance[checkin.id],
                                     counts[kind], sessions[kind], rng))
    out.measures.append(Measure(str(uuid.uuid5(_NAMESPACE, "measure-pages")), PAGES, "pages"))
    for day in sorted(by_day):
        last = by_day[day][-1].at + timedelta(minutes=2)
        if rng.random() < 0.85 and last <= now:
            mean_p = math.fsum(out.performance[c.id] for c in by_day[day]) / len(by_day[day])
            pages = max(0, round(3 + 1.2 * mean_p + rng.gauss(0, 1.0)))
            out.outcomes.append(DailyOutcome(out.measures[0].id, day, float(pages), "manual",
                                             last))
    return out


def _probe(kind: ProbeKind, checkin: CheckIn, at: datetime, performance: float, n: int,
           earlier: list[float], rng: random.Random) -> Probe:
    """One session of ``kind``: its prediction, trials and score (or a discard)."""
    mood = checkin.values["mood"] - 6.2
    if kind is ProbeKind.VIGILANCE:
        true = 3.6 + 0.2 * (1 - math.exp(-(n - 1) / 3)) + 0.25 * performance
        guess = (sum(earlier[-3:]) / len(earlier[-3:]) if earlier else 3.0)
        prediction = round(min(10.0, max(0.5, guess + 0.06 * mood + rng.gauss(0, 0.2))), 1)
        trials = _vigilance_trials(true, performance, rng)
    else:
        true = 40 + 12 * (1 - math.exp(-(n - 1) / 5)) + 3.5 * performance
        guess = (sum(earlier[-3:]) / len(earlier[-3:]) if earlier else 30.0)
        prediction = float(round(min(150.0, max(1.0, guess + 0.8 * mood + rng.gauss(0, 3)))))
        trials = _digit_symbol_trials(true, rng)
    probe_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    base = Probe(probe_id, kind, at, _SECONDS[kind], prediction, checkin_id=checkin.id)
    if rng.random() < 0.04:
        reason = rng.choice((DiscardReason.FOCUS_LOST, DiscardReason.CANCELLED))
        kept = trials[: rng.randrange(1, max(2, len(trials)))]
        return dataclasses.replace(base, trials=tuple(kept), discarded=reason)
    score, error_variance = _score(kind, trials)
    earlier.append(score)
    return dataclasses.replace(base, trials=tuple(trials), score=score,
                               error_variance=error_variance)


def _vigilance_trials(speed: float, performance: float, rng: random.Random) -> list[ProbeTrial]:
    trials: list[ProbeTrial] = []
    clock = 0.0
    lapse_chance = 0.02 + 0.01 * max(0.0, -performance)
    while True:
        onset = clock + rng.uniform(1000.0, 4000.0)
        if onset >= 180_000.0:
            return trials
        if rng.random() < 0.015:
            rt = round(rng.uniform(20.0, FALSE_START_MS - 1), 1)
            trials.append(ProbeTrial(round(onset, 1), rt, false_start=True))
        elif rng.random() < lapse_chance:
            rt = round(rng.uniform(LAPSE_MS, 900.0), 1)
            trials.append(ProbeTrial(round(onset, 1), rt))
        else:
            rt = round(max(FALSE_START_MS + 20, 1000.0 / max(1.2, rng.gauss(speed, 0.55))), 1)
            trials.append(ProbeTrial(round(onset, 1), rt))
        clock = onset + rt


def _digit_symbol_trials(rate: float, rng: random.Random) -> list[ProbeTrial]:
    """Items answered until the 90 s are up; the last one shown is left unanswered."""
    p_correct = 0.97
    mean_ms = 60_000.0 * p_correct / max(rate, 5.0)
    sigma = 0.35
    trials: list[ProbeTrial] = []
    clock, digit = 0.0, 0
    while True:
        digit = rng.choice([d for d in range(1, 10) if d != digit])
        took = round(mean_ms * math.exp(rng.gauss(-sigma**2 / 2, sigma)), 1)
        if clock + took > 90_000.0:
            trials.append(ProbeTrial(round(clock, 1)))
            return trials
        correct = rng.random() < p_correct
        answer = digit if correct else rng.choice([d for d in range(1, 10) if d != digit])
        trials.append(ProbeTrial(round(clock, 1), took, str(answer), correct))
        clock += took


def _score(kind: ProbeKind, trials: Sequence[ProbeTrial]) -> tuple[float, float]:
    """Score and error variance as ``tracker.domain.probe_scoring`` computes them."""
    if kind is ProbeKind.VIGILANCE:
        speeds = [1000.0 / (t.rt_ms if t.rt_ms is not None else TIMEOUT_MS)
                  for t in trials if not t.false_start]
        mean = math.fsum(speeds) / len(speeds)
        variance = math.fsum((s - mean) ** 2 for s in speeds) / (len(speeds) - 1)
        return mean, variance / len(speeds)
    answered = [t for t in trials if t.rt_ms is not None]
    times = [(t.rt_ms or 0.0) / 1000.0 for t in answered]
    correct = [1.0 if t.correct else 0.0 for t in answered]
    n, total = len(answered), math.fsum(times)
    rate = math.fsum(correct) / total
    resid = math.fsum((c - rate * t) ** 2 for c, t in zip(correct, times, strict=True))
    error_variance = 3600.0 * resid / (n * (n - 1)) / (total / n) ** 2
    return 60.0 * math.fsum(correct) / _SECONDS[ProbeKind.DIGIT_SYMBOL], error_variance
