"""Scoring the two timed probes from their trials: the score, its errors, its error variance.

**Vigilance (PVT-B).** The 3-minute brief psychomotor vigilance test of Basner, Mollicone &
Dinges (2011, *Acta Astronautica* 69:949–959): a stimulus after a random 1–4 s interval, answered
with a key. A response of 355 ms or more is a *lapse* (the PVT-B's threshold, where the 10-minute
PVT uses 500 ms); a response under 100 ms, or a key while no stimulus is shown, is a *false start*
and no reaction time. A stimulus left unanswered for 30 s times out (a lapse, counted at 30 s).
Score: the mean response speed ``1000 / RT`` in 1/s over every response that is no false start
(lapses included) — the PVT outcome most sensitive to sleep loss in that paper.

**Digit-symbol substitution (the cognitive sprint).** 90 seconds; a key pairs nine symbols with
the digits 1–9 and the user types the digit of each symbol shown. The key is drawn afresh for
every session (``digit_symbol_key``): a fixed key is learnt by heart within a few sessions, and
the score then measures memory of the key rather than processing speed; with a new key each
time, what practice improves is only the skill of looking up, which grows slowly. Score: correct
answers per minute of the planned duration.

**Error variance.** ``error_variance`` is the squared standard error of the score, estimated from
the session's own trials, as the errors-in-variables correction needs it. We use the *SE² of the
mean over trials* rather than the split-half ``(odd − even)² / 4``: both are unbiased when trial
errors are independent, but the split-half estimate has one degree of freedom per session (its SD
is √2 times its mean) and the trial-based one has ``n − 1``. For vigilance it is ``s² / n`` of the
speeds. For digit-symbol the score is a rate (correct answers over time), so it is the
delta-method variance of the ratio ``Σ correct / Σ time`` over answered items (a renewal-reward
process): ``60² · Σ (cᵢ − R·tᵢ)² / (n (n − 1) t̄²)`` with ``R = Σ c / Σ t``. A parity split of a
speeded task's *counts* would be meaningless (odd and even items are answered alternately, so
their counts differ by at most one); ``half_scores`` therefore scores each half over its own
items' time. ``split_half_reliability`` gives the Spearman–Brown reliability of the score over
many sessions, from those halves.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.measured import Probe, ProbeKind, ProbeTrial

VIGILANCE_SECONDS = 180.0
ISI_MIN_MS = 1000.0  # inter-stimulus interval, uniform between these (PVT-B)
ISI_MAX_MS = 4000.0
LAPSE_MS = 355.0
FALSE_START_MS = 100.0
TIMEOUT_MS = 30_000.0  # an unanswered stimulus ends here: a lapse, counted at this time
MIN_VIGILANCE_RESPONSES = 10  # fewer valid responses: not scored (TOO_FEW_TRIALS)

DIGIT_SYMBOL_SECONDS = 90.0
SYMBOL_COUNT = 24  # the glyphs a key is drawn from (tracker.ui.probes.glyphs draws them)
MIN_DIGIT_SYMBOL_ANSWERS = 6

PLANNED_SECONDS = {ProbeKind.VIGILANCE: VIGILANCE_SECONDS,
                   ProbeKind.DIGIT_SYMBOL: DIGIT_SYMBOL_SECONDS}
# a prediction outside these is refused: speed in 1/s (≤ 10: RT ≥ 100 ms), correct per minute
PREDICTION_RANGE = {ProbeKind.VIGILANCE: (0.0, 10.0), ProbeKind.DIGIT_SYMBOL: (0.0, 150.0)}


@dataclass(frozen=True, slots=True)
class ProbeScore:
    """A probe's score with what went wrong in it: ``lapses`` and ``false_starts`` for
    vigilance, ``errors`` (wrong digits) for digit-symbol; ``n`` counts the trials scored."""

    score: float
    error_variance: float
    n: int
    lapses: int = 0
    false_starts: int = 0
    errors: int = 0


def check_prediction(kind: ProbeKind, value: float) -> str | None:
    """None when ``value`` is a possible score of ``kind``, else the message to show."""
    lo, hi = PREDICTION_RANGE[kind]
    if not math.isfinite(value) or not lo <= value <= hi:
        return f"A prediction is a score between {lo:g} and {hi:g}."
    return None


# vigilance ----------------------------------------------------------------------------------
def next_interval_ms(rng: random.Random) -> float:
    """The wait before the next stimulus: uniform on 1–4 s."""
    return rng.uniform(ISI_MIN_MS, ISI_MAX_MS)


def is_false_start(rt_ms: float | None) -> bool:
    return rt_ms is not None and rt_ms < FALSE_START_MS


def _speeds(trials: Sequence[ProbeTrial]) -> list[float]:
    """1000/RT (1/s) of every trial that is no false start; a time-out counts at 30 s."""
    return [1000.0 / (t.rt_ms if t.rt_ms is not None else TIMEOUT_MS)
            for t in trials if not t.false_start]


def _mean_and_se2(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, math.inf
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, var / n


def score_vigilance(trials: Sequence[ProbeTrial]) -> ProbeScore | None:
    """Mean response speed (1/s), lapses and false starts; None with fewer than
    ``MIN_VIGILANCE_RESPONSES`` responses that are no false start."""
    speeds = _speeds(trials)
    if len(speeds) < MIN_VIGILANCE_RESPONSES:
        return None
    mean, se2 = _mean_and_se2(speeds)
    lapses = sum(1 for t in trials if not t.false_start
                 and (t.rt_ms is None or t.rt_ms >= LAPSE_MS))
    return ProbeScore(mean, se2, len(speeds), lapses=lapses,
                      false_starts=sum(1 for t in trials if t.false_start))


# digit-symbol -------------------------------------------------------------------------------
def digit_symbol_key(rng: random.Random) -> tuple[int, ...]:
    """A fresh key: the glyph (0 … SYMBOL_COUNT−1) for each digit 1–9, in digit order."""
    return tuple(rng.sample(range(SYMBOL_COUNT), 9))


def next_digit(rng: random.Random, previous: int | None) -> int:
    """The digit (1–9) whose symbol is shown next; never the same twice running."""
    choices = [d for d in range(1, 10) if d != previous]
    return rng.choice(choices)


def _answered(trials: Sequence[ProbeTrial]) -> list[ProbeTrial]:
    return [t for t in trials if t.rt_ms is not None]


def _rate_and_se2(items: Sequence[ProbeTrial]) -> tuple[float, float]:
    """Correct per minute over these items' own time, and its delta-method variance."""
    n = len(items)
    times = [(t.rt_ms or 0.0) / 1000.0 for t in items]
    correct = [1.0 if t.correct else 0.0 for t in items]
    total = math.fsum(times)
    if n == 0 or total <= 0:
        return 0.0, math.inf
    rate = math.fsum(correct) / total  # per second
    if n < 2:
        return 60.0 * rate, math.inf
    mean_t = total / n
    resid = math.fsum((c - rate * t) ** 2 for c, t in zip(correct, times, strict=True))
    return 60.0 * rate, 3600.0 * resid / (n * (n - 1)) / mean_t**2


def score_digit_symbol(trials: Sequence[ProbeTrial],
                       duration_s: float = DIGIT_SYMBOL_SECONDS) -> ProbeScore | None:
    """Correct answers per minute of ``duration_s``, wrong answers, and the error variance;
    None with fewer than ``MIN_DIGIT_SYMBOL_ANSWERS`` answers."""
    answered = _answered(trials)
    if len(answered) < MIN_DIGIT_SYMBOL_ANSWERS:
        return None
    correct = sum(1 for t in answered if t.correct)
    _, se2 = _rate_and_se2(answered)
    return ProbeScore(60.0 * correct / duration_s, se2, len(answered),
                      errors=len(answered) - correct)


# both ---------------------------------------------------------------------------------------
def score_probe(kind: ProbeKind, trials: Sequence[ProbeTrial],
                duration_s: float | None = None) -> ProbeScore | None:
    """The score of ``kind`` from its trials (None: too few to score)."""
    if kind == ProbeKind.VIGILANCE:
        return score_vigilance(trials)
    return score_digit_symbol(trials, duration_s or DIGIT_SYMBOL_SECONDS)


def half_scores(probe: Probe) -> tuple[float, float] | None:
    """The score of the odd and of the even trials (1st, 3rd, … and 2nd, 4th, …), each in the
    full score's units; None when a half is empty."""
    if probe.kind == ProbeKind.VIGILANCE:
        speeds = _speeds(probe.trials)
        odd, even = speeds[0::2], speeds[1::2]
        if not odd or not even:
            return None
        return math.fsum(odd) / len(odd), math.fsum(even) / len(even)
    answered = _answered(probe.trials)
    halves = answered[0::2], answered[1::2]
    if not halves[0] or not halves[1]:
        return None
    return _rate_and_se2(halves[0])[0], _rate_and_se2(halves[1])[0]


def split_half_error_variance(odd: float, even: float) -> float:
    """``(odd − even)² / 4``: an unbiased one-session estimate of the full score's error
    variance when the halves are independent and equally noisy (one degree of freedom)."""
    return (odd - even) ** 2 / 4.0


def split_half_reliability(halves: Sequence[tuple[float, float]]) -> float | None:
    """Spearman–Brown reliability of the full score over sessions: ``2r / (1 + r)`` with ``r``
    the Pearson correlation of the odd-half and even-half scores; None with fewer than three
    sessions or no spread."""
    if len(halves) < 3:
        return None
    xs = [h[0] for h in halves]
    ys = [h[1] for h in halves]
    mx, my = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxy = math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    syy = math.fsum((y - my) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    r = sxy / math.sqrt(sxx * syy)
    return 2 * r / (1 + r) if r > -1 else None
