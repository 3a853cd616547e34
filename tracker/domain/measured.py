"""Felt vs measured: timed probes run in the app and daily outcomes measured elsewhere.

A ``Probe`` is one short timed task (a 3-minute vigilance task or a 90-second digit-symbol
sprint) with the score the user predicted before starting. Every trial is kept, so any score
can be recomputed; ``score`` and ``error_variance`` are filled in when the probe is scored
(``error_variance`` is the squared standard error of the score, estimated from the session's
own trials — it is what the errors-in-variables correction of METHODS needs). A probe that was
interrupted keeps its trials and a ``discarded`` reason and is never scored.

A ``Measure`` is something the user measures about their work each day (pages written,
problems solved, review score); a ``DailyOutcome`` is one day's value of it. Values come by
hand, from a CSV file, and later from sources (git, Anki): ``source`` says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class ProbeKind(StrEnum):
    """Which timed task."""

    VIGILANCE = "vigilance"  # PVT-B, 3 minutes (Basner et al. 2011)
    DIGIT_SYMBOL = "digit_symbol"  # digit-symbol substitution sprint, 90 s


class DiscardReason(StrEnum):
    """Why a probe was not scored."""

    CANCELLED = "cancelled"  # Esc or the window closed
    FOCUS_LOST = "focus_lost"  # the window lost focus during the task
    CLOCK_JUMP = "clock_jump"  # the wall and monotonic clocks disagree: a suspend
    EVENT_LOOP_BLOCKED = "event_loop_blocked"  # timing during a trial could not be trusted
    TOO_FEW_TRIALS = "too_few_trials"


@dataclass(frozen=True, slots=True)
class ProbeTrial:
    """One stimulus and the response to it; times in milliseconds from the probe's start
    on a monotonic clock."""

    onset_ms: float
    rt_ms: float | None = None  # None: no response before the trial timed out
    response: str = ""  # the key given (digit-symbol), "" for vigilance
    correct: bool | None = None  # digit-symbol only
    false_start: bool = False  # vigilance: a key before the stimulus or within 100 ms


@dataclass(frozen=True, slots=True)
class Probe:
    """One run of a timed task."""

    id: str
    kind: ProbeKind
    at: datetime  # when it started, timezone-aware
    duration_s: float  # planned length
    prediction: float | None = None  # the score expected before starting, in the probe's units
    trials: tuple[ProbeTrial, ...] = ()
    score: float | None = None  # None while unscored or when discarded
    error_variance: float | None = None  # squared standard error of ``score``, from its trials
    discarded: DiscardReason | None = None
    checkin_id: str | None = None  # the check-in saved just before, when there was one

    @property
    def scored(self) -> bool:
        return self.discarded is None and self.score is not None


@dataclass(frozen=True, slots=True)
class Measure:
    """A daily outcome the user measures, e.g. "pages written" in "pages"."""

    id: str
    name: str
    unit: str = ""
    higher_is_better: bool = True
    archived: bool = False


@dataclass(frozen=True, slots=True)
class DailyOutcome:
    """One day's value of a measure; at most one per measure and day."""

    measure_id: str
    day: date
    value: float
    source: str = "manual"  # "manual", "csv", later "git", "anki", "metric-file"
    recorded_at: datetime | None = None
