"""A seeded, realistic year of check-ins for ``--demo``, tests and benchmarks.

Built-in truths the analysis should find: the self-rating rises with mood and with last night's
sleep, and follows a time-of-day rhythm peaking late morning. Energy tracks mood and sleep (so it
correlates with the rating) and stress tracks low mood, but neither moves the rating once mood
and sleep are accounted for. Some days have several check-ins, some none, and there is a
two-week gap; a week abroad shifts the UTC offset.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill

if TYPE_CHECKING:
    from tracker.services.journal import Journal

DEMO_NAMESPACE = uuid.UUID("5d1f3c2e-7a41-4f0b-9a57-2f4f0c0d7e11")

TRUE_EFFECTS = {"mood": 0.35, "sleep_hours": 0.40}  # rating points per unit
PEAK_HOUR = 11.0
TAGS = ("gym", "coffee", "deadline", "meeting", "pairing", "reading")
NOTES = (
    "Shipped the parser refactor.",
    "Hard review, but fair points.",
    "Slow morning; things clicked after lunch.",
    "Stuck on a bug for hours.",
    "Good talk with a colleague, felt sharp.",
    "Tired, everything took longer.",
)


def _offset(day: date, abroad: tuple[date, date]) -> timezone:
    """Central European time with summer time; UTC-5 for a week abroad."""
    if abroad[0] <= day <= abroad[1]:
        return timezone(timedelta(hours=-5))
    start = _last_sunday(day.year, 3)
    end = _last_sunday(day.year, 10)
    return timezone(timedelta(hours=2 if start <= day < end else 1))


def _last_sunday(year: int, month: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _scale(value: float, lo: int, hi: int) -> int:
    return int(min(hi, max(lo, round(value))))


def demo_dataset(
    seed: int = 7, days: int = 365, end: date | None = None, per_day: float = 1.5
) -> tuple[list[Skill], list[Factor], list[CheckIn]]:
    """Skills, factors (the built-ins plus a yes/no 'Caffeine') and check-ins, reproducibly.

    ``per_day`` is the mean number of check-ins on a day with any (3 gives ~1000 a year).
    """
    rng = random.Random(seed)
    end = end or date(2026, 11, 26)
    first = end - timedelta(days=days - 1)
    skills = [
        Skill(str(uuid.uuid5(DEMO_NAMESPACE, "skill-overall")), "Overall", 0, False,
              "I could not do the basics", "Solid, everyday competence", "The best I have been"),
        Skill(str(uuid.uuid5(DEMO_NAMESPACE, "skill-coding")), "Coding", 1, False,
              "Could not get anything to work", "Steady progress", "Flow all day"),
    ]
    caffeine = Factor(str(uuid.uuid5(DEMO_NAMESPACE, "factor-caffeine")), "Caffeine",
                      FactorKind.YESNO, 0, 1, 1, "", False, len(BUILTIN_FACTORS))
    factors = [*BUILTIN_FACTORS, caffeine]
    gap_start = first + timedelta(days=int(days * 0.55))
    gap = (gap_start, gap_start + timedelta(days=13))
    abroad_start = first + timedelta(days=int(days * 0.3))
    abroad = (abroad_start, abroad_start + timedelta(days=6))

    mood_state, stress_state, skill_state, noise_state = 0.0, 0.0, 0.0, 0.0
    checkins: list[CheckIn] = []
    for index in range(days):
        day = first + timedelta(days=index)
        mood_state = 0.6 * mood_state + rng.gauss(0, 1.4)
        stress_state = 0.5 * stress_state + rng.gauss(0, 1.2)
        skill_state = 0.98 * skill_state + rng.gauss(0, 0.08)
        sleep = min(11.0, max(3.0, rng.gauss(7.1, 1.0) + (0.8 if day.weekday() >= 5 else 0)))
        if gap[0] <= day <= gap[1] or rng.random() < 0.12:
            continue
        n_today = 1 + min(3, int(rng.expovariate(1 / max(per_day - 1, 0.01))))
        tz = _offset(day, abroad)
        hours = sorted(rng.uniform(6.5, 23.5) for _ in range(n_today))
        for hour in hours:
            mood = 6.2 + mood_state - 0.25 * stress_state + rng.gauss(0, 0.6)
            stress = 4.5 + stress_state - 0.2 * mood_state + rng.gauss(0, 0.8)
            energy = 5.5 + 0.6 * (mood - 6.2) + 0.6 * (sleep - 7.1) + rng.gauss(0, 0.9)
            rhythm = 0.6 * math.cos(2 * math.pi * (hour - PEAK_HOUR) / 24)
            noise_state = 0.3 * noise_state + rng.gauss(0, 0.75)
            latent = (
                6.0
                + TRUE_EFFECTS["mood"] * (mood - 6.2)
                + TRUE_EFFECTS["sleep_hours"] * (sleep - 7.1)
                + rhythm
                + skill_state
                + index / days * 0.5
                + noise_state
            )
            values: dict[str, float] = {
                "mood": _scale(mood, 1, 10),
                "sleep_hours": round(sleep * 4) / 4,
                "sleep_quality": _scale(3 + (sleep - 7.1) * 0.8 + rng.gauss(0, 0.7), 1, 5),
                "hunger": _scale(2.2 + 1.2 * math.sin(2 * math.pi * hour / 6) + rng.gauss(0, 0.8),
                                 1, 5),
                "energy": _scale(energy, 1, 10),
                "stress": _scale(stress, 1, 10),
                caffeine.id: float(hour < 12 and rng.random() < 0.6),
            }
            for key in list(values):
                if rng.random() < 0.06:
                    del values[key]
            ratings = {skills[0].id: _scale(latent, 1, 10)}
            if rng.random() < 0.7:
                ratings[skills[1].id] = _scale(latent + 0.4 + rng.gauss(0, 0.7), 1, 10)
            whole = int(hour * 3600)
            at = datetime.combine(day, time(whole // 3600, whole // 60 % 60), tzinfo=tz)
            tags = tuple(t for t in TAGS if rng.random() < 0.12)
            note = rng.choice(NOTES) if rng.random() < 0.25 else ""
            checkins.append(
                CheckIn(
                    id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    at=at,
                    ratings=ratings,
                    values=values,
                    tags=tags,
                    note=note,
                )
            )
    return skills, factors, checkins


def rating_residual(checkin: CheckIn, overall_id: str, first: date, days: int) -> float | None:
    """``u``: the Overall rating minus what the demo's model gives for its recorded state."""
    values = checkin.values
    if overall_id not in checkin.ratings or "mood" not in values or "sleep_hours" not in values:
        return None
    hour = checkin.at.hour + checkin.at.minute / 60
    expected = (6.0 + TRUE_EFFECTS["mood"] * (values["mood"] - 6.2)
                + TRUE_EFFECTS["sleep_hours"] * (values["sleep_hours"] - 7.1)
                + 0.6 * math.cos(2 * math.pi * (hour - PEAK_HOUR) / 24)
                + (checkin.at.date() - first).days / days * 0.5)
    return checkin.ratings[overall_id] - expected


def seed_journal(
    journal: Journal, days: int = 365, end: date | None = None, seed: int = 7,
    reality: bool = True,
) -> int:
    """Fill an empty journal with the demo year (and, with ``reality``, its evaluations and blind
    re-ratings, ``demo_reality``, and its probes and pages written, ``demo_measured``); returns
    how many check-ins were added."""
    skills, factors, checkins = demo_dataset(seed=seed, days=days, end=end)
    now = datetime.now(UTC)
    checkins = [c for c in checkins if c.at <= now]  # a demo ending today stops at this moment
    if not reality:
        journal.store.import_all(skills, factors, checkins)
        return len(checkins)
    from tracker.services.demo_reality import demo_evaluations, demo_revisits

    rng = random.Random(seed + 1)
    last = min(end or date(2026, 11, 26), now.date())
    evaluations = demo_evaluations(checkins, skills[0], rng, min(now, _end_of(last)))
    revisits = demo_revisits(checkins, skills[0], rng, last)
    from tracker.services.demo_measured import demo_measured
    from tracker.services.measured_transfer import MeasuredImport

    first = (end or date(2026, 11, 26)) - timedelta(days=days - 1)
    residuals = {c.id: u for c in checkins
                 if (u := rating_residual(c, skills[0].id, first, days)) is not None}
    measured = demo_measured(checkins, residuals, random.Random(seed + 2), now)
    journal.store.reality.import_all(
        skills, factors, checkins, evaluations, revisits,
        also=MeasuredImport(measured.probes, measured.measures, measured.outcomes).writer())
    return len(checkins)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=UTC)
