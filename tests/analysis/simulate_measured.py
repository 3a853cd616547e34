"""Seeded felt-vs-measured journals for the simulations of METHODS §M6: one probe a day."""

from __future__ import annotations

import numpy as np

from tests.analysis.simulate import ar1
from tracker.analysis.measured import FAMILIES, MeasureSeries, analyse_measure
from tracker.analysis.skill_report import FactorSeries

START_DAY = 739000


def journal(rng: np.random.Generator, days: float = 90, clouding: float = 0.0,
            mood_on_performance: float = 0.6, slope: float = 1.0, reliability: float = 0.6,
            phi: float = 0.5, practice: float = 0.0, trials: float = 40,
            rating_noise: float = 1.0) -> MeasureSeries:
    """Mood (SD 1, AR(1) phi) moves true performance P (SD 1) by ``mood_on_performance`` SD;
    rating = 5 + clouding·mood + slope·P + AR(1) noise of SD ``rating_noise``; the probe
    scores P + practice·log(session) + noise, with reliability var(P)/var(P + noise) and an
    error variance estimated from ``trials`` trials (a scaled chi-square)."""
    days = int(days)
    mood = ar1(rng, days, phi)
    perf = mood_on_performance * mood + np.sqrt(1 - mood_on_performance**2) * ar1(rng, days, phi)
    rating = 5.0 + clouding * mood + slope * perf + rating_noise * ar1(rng, days, phi)
    err = (1.0 - reliability) / reliability
    session = np.arange(1, days + 1)
    score = perf + practice * np.log(session) + np.sqrt(err) * rng.standard_normal(days)
    err_est = err * rng.chisquare(int(trials) - 1, days) / (int(trials) - 1)
    day = np.arange(START_DAY, START_DAY + days)
    return MeasureSeries(
        id="probe:vigilance", name="Vigilance", unit="1/s", kind="probe", higher_is_better=True,
        at=[str(d) for d in day], day=day, rating=rating, score=score, error_variance=err_est,
        session=session, prediction=score + 0.3 * mood + rng.standard_normal(days),
        factors=[FactorSeries("mood", "Mood", 5.0 + mood, kind="scale")])


def claims(ms: MeasureSeries) -> dict[str, bool]:
    """Per family (rating, performance, via_performance, clouding, clouding_uncorrected):
    does the report claim (tentatively or not) that mood moves it?"""
    rec = analyse_measure(ms)
    if not rec["available"]:
        return dict.fromkeys(FAMILIES, False)
    (f,) = rec["factors"]
    return {fam: f[fam]["status"] in ("tentative", "claimed") for fam in FAMILIES}


def claim_rates(seed: int, reps: int, **kwargs: float) -> dict[str, float]:
    """The share of ``reps`` seeded journals (``journal(**kwargs)``) with each claim."""
    rng = np.random.default_rng(seed)
    hits = dict.fromkeys(FAMILIES, 0)
    for _ in range(reps):
        for fam, hit in claims(journal(rng, **kwargs)).items():
            hits[fam] += hit
    return {fam: hits[fam] / reps for fam in FAMILIES}
