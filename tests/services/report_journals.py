"""Journals for the report-shape tests: one where every report section is filled, one near empty."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

from tracker.services.clock import local_now
from tracker.services.demo import seed_journal
from tracker.services.journal import Journal
from tracker.services.reality import Reality


def full_journal(data_dir: Path, days: int = 120) -> Path:
    """The demo's last ``days`` days plus resolved predictions (some scored) and blind
    re-ratings, a tag on every other day and one on 3 days: every section of ``report --json``
    is filled, calibration, revisits and tags too."""
    journal = Journal.open(data_dir)
    try:
        seed_journal(journal, days=days, end=date.today())
        reality = Reality(journal)
        rng = random.Random(3)
        checkins = journal.checkins()
        kinds = ["interview", "application", "exam", "peer-review", "work-trial"]
        for i, checkin in enumerate(checkins[10:-5:3]):
            change = reality.log_evaluation(
                kind=kinds[i % len(kinds)], evaluator=f"Evaluator {i}", at=checkin.at,
                expected_by=checkin.at.date() + timedelta(days=10), scale=(1, 10),
                probability=rng.choice([0.2, 0.4, 0.5, 0.7, 0.9]),
                expected_score=float(rng.randint(3, 9)), checkin_id=checkin.id)
            if i % 7 != 6:  # a few stay pending
                accepted = rng.random() < 0.5
                reality.resolve(change.ids[0], "accepted" if accepted else "rejected",
                                score=float(rng.randint(2, 10)),
                                reason="" if i % 3 else "the usual")
        for checkin in checkins:  # a tag on every other day enters the regression (§4b)
            if checkin.at.toordinal() % 2 == 0:
                journal.update(dataclasses.replace(checkin, tags=(*checkin.tags, "Outside")))
        for checkin in checkins[20:23]:  # a tag on 3 days: listed, with why it is left out
            journal.record(ratings=checkin.ratings, values=checkin.values, tags=["Holiday"],
                           at=checkin.at + timedelta(minutes=1))
        for checkin in checkins[5:-5:4]:
            reality.record_revisit(checkin.id, {k: max(1, min(10, v + rng.randint(-2, 2)))
                                                for k, v in checkin.ratings.items()})
    finally:
        journal.close()
    return data_dir


def near_empty_journal(data_dir: Path) -> Path:
    """One skill and a single check-in: every section says why it is empty."""
    journal = Journal.open(data_dir)
    try:
        skill = journal.add_skill("Overall").ids[0]
        journal.record(ratings={skill: 7}, values={"mood": 5})
    finally:
        journal.close()
    return data_dir


def trend_journal(data_dir: Path, days: int = 60) -> Path:
    """One skill whose rating climbs steadily, mood as noise: a detectable baseline share."""
    journal = Journal.open(data_dir)
    try:
        skill = journal.add_skill("Climbing").ids[0]
        rng = random.Random(11)
        start = local_now().replace(hour=9, minute=0, second=0, microsecond=0)
        for d in range(days):
            for hour in (0, 9):
                at = start - timedelta(days=days - d, hours=hour)
                rating = round(2 + 7 * d / days + rng.uniform(-0.6, 0.6))
                journal.record(ratings={skill: max(1, min(10, rating))},
                               values={"mood": rng.randint(1, 10)}, at=at)
    finally:
        journal.close()
    return data_dir
