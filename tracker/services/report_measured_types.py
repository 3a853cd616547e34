"""The report's ``measured`` section as typed, frozen objects (REPORT_SCHEMA.md, `measured`).

``report_types.Report.measured`` holds it; ``json_shapes.parse(MeasuredSection, d)`` reads
one. Convenient for a view:
``points`` per measure (the standardised rating and score per row: scatter and both series
over time) and ``factors`` (one row per factor: rating, performance, clouding).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.services.report_shared_types import FactorInfo, Pair, SkillRef


@dataclass(frozen=True, slots=True)
class Effect:
    """One number of a factor row, with the report's honesty rules (METHODS §M4)."""

    estimate: float
    se: float
    ci95: Pair
    per_sd: float
    per_sd_ci95: Pair
    ci95_adjusted: Pair | None  # FCR-adjusted (§4a); null when insufficient_data
    per_sd_ci95_adjusted: Pair | None
    ci_adjusted_level: float | None
    df: float
    p: float
    q: float
    rho: float
    n_eff: float
    status: str
    more_days_needed: int | None


@dataclass(frozen=True, slots=True)
class MeasuredFactor(FactorInfo):
    sd: float
    rating: Effect  # its pull on the rating (b_R), rating points
    performance: Effect  # its pull on the measured score (b_P), SDs of the score
    via_performance: Effect  # g·b_P, rating points
    clouding: Effect  # c = b_R − g·b_P, rating points, corrected for the score's noise
    clouding_uncorrected: Effect  # the same without the correction (for comparison)
    mean: float | None = None  # the factor's mean over the model rows


@dataclass(frozen=True, slots=True)
class Single:
    estimate: float
    se: float
    ci95: Pair
    df: float
    p: float
    rho: float
    n_eff: float
    status: str
    more_days_needed: int | None


@dataclass(frozen=True, slots=True)
class PracticeTerm:
    estimate: float  # SDs of the score per unit of log(session number)
    se: float


@dataclass(frozen=True, slots=True)
class MeasuredPoint:
    at: str
    rating: float | None  # standardised over the non-practice rows
    measured: float | None
    score: float | None  # in the measure's own units
    practice: bool


@dataclass(frozen=True, slots=True)
class BiasMean:
    estimate: float
    se: float
    ci95: Pair
    n_eff: float
    status: str


@dataclass(frozen=True, slots=True)
class PredictionFactor(FactorInfo):
    sd: float
    estimate: float
    se: float
    ci95: Pair
    per_sd: float
    per_sd_ci95: Pair
    ci95_adjusted: Pair | None
    per_sd_ci95_adjusted: Pair | None
    ci_adjusted_level: float | None
    df: float
    p: float
    q: float
    rho: float
    n_eff: float
    status: str
    more_days_needed: int | None


@dataclass(frozen=True, slots=True)
class PredictionError:
    available: bool
    reason: str | None
    n: int
    days: int
    mean: BiasMean | None
    factors: list[PredictionFactor]


@dataclass(frozen=True, slots=True)
class MeasureRef:
    id: str
    name: str
    unit: str
    kind: str  # "probe" or "outcome"
    higher_is_better: bool


@dataclass(frozen=True, slots=True)
class MeasuredRecord:
    measure: MeasureRef
    available: bool
    reason: str | None
    correction: str  # "errors_in_variables" or "none"
    clouding_is_upper_bound: bool
    sessions: int
    practice_sessions: int
    n: int
    days: int
    reliability: float | None
    partial_reliability: float | None
    columns: list[str]
    slope_on_performance: Single | None
    practice_per_log_session: PracticeTerm | None
    factors: list[MeasuredFactor]
    prediction_error: PredictionError
    points: list[MeasuredPoint] = field(default_factory=list)  # always in the JSON
    score_sd: float | None = None  # present when available


@dataclass(frozen=True, slots=True)
class MeasuredSection:
    skill: SkillRef
    available: bool
    measures: list[MeasuredRecord]
    headline: str
