"""Seeded journals with tags, as domain objects for ``build_report`` (METHODS §4b, §9)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import numpy as np

from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill

SKILL = Skill("overall", "Overall", 0, False)
MOOD = next(f for f in BUILTIN_FACTORS if f.id == "mood")
START = date(2026, 1, 5)
ZONE = timezone(timedelta(hours=1))


@dataclass(frozen=True)
class TagPlan:
    """A tag: its share of days, how persistent its runs are (0 = days independent, 0.8 =
    long stretches like a holiday), and its true effect on the rating (points per day)."""

    name: str
    share: float
    effect: float = 0.0
    persistence: float = 0.0


def _tag_days(rng: np.random.Generator, days: int, plan: TagPlan) -> np.ndarray:
    """A two-state Markov chain with stationary share ``plan.share``; lag-1 autocorrelation
    ``plan.persistence``."""
    p, a = plan.share, plan.persistence
    on_on, off_on = p + a * (1 - p), p * (1 - a)  # P(on | on yesterday), P(on | off)
    out = np.empty(days, dtype=bool)
    out[0] = rng.random() < p
    for d in range(1, days):
        out[d] = rng.random() < (on_on if out[d - 1] else off_on)
    return out


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Stationary unit-variance AR(1)."""
    e = rng.standard_normal(n) * np.sqrt(1 - phi**2)
    x = np.empty(n)
    x[0] = rng.standard_normal()
    for t in range(1, n):
        x[t] = phi * x[t - 1] + e[t]
    return x


def tag_journal(seed: int, days: int, tags: list[TagPlan], mood_effect: float = 0.3,
                phi: float = 0.5) -> list[CheckIn]:
    """``days`` days, 1–3 check-ins a day at spread hours; the rating = 6 + mood_effect·(mood
    − 6) + Σ tag effects on tagged days + an AR(1) day state (φ, SD 1) + within-day noise (SD
    0.5), rounded to 1–10. A tag is written on one of the day's check-ins (lower case on every
    third day), which is how people tag an activity."""
    rng = np.random.default_rng(seed)
    on = {t.name: _tag_days(rng, days, t) for t in tags}
    state = ar1(rng, days, phi)
    mood_state = ar1(rng, days, 0.6)
    out = []
    for d in range(days):
        n = int(rng.integers(1, 4))
        hours = np.sort(rng.uniform(7, 22.5, n))
        day = START + timedelta(days=d)
        carrier = int(rng.integers(0, n))
        for i, hour in enumerate(hours):
            mood = float(np.clip(round(6 + 1.8 * mood_state[d] + rng.normal(0, 0.7)), 1, 10))
            latent = (6 + mood_effect * (mood - 6) + state[d] + rng.normal(0, 0.5)
                      + sum(t.effect for t in tags if on[t.name][d]))
            written = tuple((t.name if d % 3 else t.name.lower()) for t in tags
                            if on[t.name][d] and i == carrier)
            minute = int(hour * 60)
            at = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZONE)
            out.append(CheckIn(str(uuid.UUID(int=int(rng.integers(0, 2**63)))), at,
                               {SKILL.id: int(np.clip(round(latent), 1, 10))},
                               {MOOD.id: mood}, written))
    return out


def tagged_days(checkins: list[CheckIn], name: str) -> set[date]:
    """The local days on which any check-in carries the tag (any case)."""
    return {c.at.date() for c in checkins if name.casefold() in {t.casefold() for t in c.tags}}
