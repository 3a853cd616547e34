"""A real journal with felt-vs-measured data: daily check-ins, a vigilance probe after each,
and a measure entered by hand, with a known amount of clouding (mood moves the rating beyond
what it does to true performance)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import numpy as np

from tests.analysis.simulate import ar1
from tracker.domain import new_id
from tracker.domain.measured import Probe, ProbeKind
from tracker.services.clock import local_now
from tracker.services.journal import Journal


def measured_journal(data_dir: Path, days: int = 150, clouding: float = 0.8,
                     seed: int = 17) -> Path:
    """``days`` days ending yesterday: mood (and energy, pure noise) at 09:00, the Overall
    rating, a vigilance probe a minute later linked to the check-in (reliability about 0.6,
    scores rising over the first sessions), and "Pages" written that day."""
    rng = np.random.default_rng(seed)
    journal = Journal.open(data_dir)
    try:
        skill = journal.add_skill("Overall").ids[0]
        pages = journal.add_measure("Pages", "pages").ids[0]
        z = ar1(rng, days, 0.5)
        perf = 0.3 * z + np.sqrt(1 - 0.09) * ar1(rng, days, 0.5)
        rating = 5.5 + clouding * z + perf + 0.8 * ar1(rng, days, 0.5)
        start = local_now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(
            days=days)
        for d in range(days):
            at = start + timedelta(days=d)
            checkin = journal.record(
                ratings={skill: int(np.clip(round(rating[d]), 1, 10))},
                values={"mood": float(np.clip(round(5.5 + 2 * z[d]), 1, 10)),
                        "energy": float(rng.integers(1, 11))}, at=at).ids[0]
            err = 0.4 ** 2 * 0.667 * rng.chisquare(39) / 39
            score = 3.5 + 0.4 * (perf[d] + 0.5 * np.log(d + 1)
                                 + np.sqrt(0.667) * rng.standard_normal())
            journal.record_probe(Probe(
                id=new_id(), kind=ProbeKind.VIGILANCE, at=at + timedelta(minutes=1),
                duration_s=180.0, prediction=float(np.clip(score + 0.2 * z[d], 0, 10)),
                score=float(max(score, 0.0)), error_variance=float(err), checkin_id=checkin))
            journal.add_outcome(pages, float(max(0.0, round(3 + perf[d] + rng.normal(), 1))),
                                day=at.date())
    finally:
        journal.close()
    return data_dir
