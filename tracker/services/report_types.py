"""The report as typed, frozen objects: one definition of ``docs/REPORT_SCHEMA.md``.

``build_report`` still returns plain JSON-ready dicts (``report --json`` prints them as they
are); readers turn them into these objects with ``parse`` (``Report``, or ``Section`` for one
skill) and read attributes, not string keys. A field with a default is a key that may be
absent; every other field is a key that is always there. Pure: dataclasses only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracker.services.json_shapes import ShapeError as ReportShapeError  # noqa: F401 (re-export)
from tracker.services.json_shapes import parse as parse  # re-exported
from tracker.services.report_measured_types import MeasuredSection
from tracker.services.report_shared_types import FactorInfo, Pair, SkillRef


# -- the skill sections -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Counts:
    checkins: int
    days: int
    first: str | None
    last: str | None
    per_factor: dict[str, int]


@dataclass(frozen=True, slots=True)
class Pearson:
    r: float | None
    ci95: Pair | None
    p: float | None


@dataclass(frozen=True, slots=True)
class Spearman:
    r: float | None
    ci95: Pair | None


@dataclass(frozen=True, slots=True)
class Association(FactorInfo):
    n: int
    n_checkins: int
    n_eff: float
    r1_factor: float | None
    r1_rating: float | None
    pearson: Pearson
    spearman: Spearman
    status: str
    more_days_needed: int | None
    lag_days: int | None = None  # carry-over only


@dataclass(frozen=True, slots=True)
class BaseTerm:
    term: str
    estimate: float
    se: float
    ci95: Pair
    p: float
    n_eff: float


@dataclass(frozen=True, slots=True)
class RegressionFactor(FactorInfo):
    estimate: float
    se: float
    ci95: Pair
    sd: float
    per_sd: float
    per_sd_ci95: Pair
    ci95_adjusted: Pair | None  # FCR-adjusted (METHODS §4a); null when insufficient_data
    per_sd_ci95_adjusted: Pair | None
    ci_adjusted_level: float | None
    t: float
    df: float
    p: float
    q: float
    rho: float
    n_eff: float
    status: str
    more_days_needed: int | None
    days_with: int | None = None  # tags only (kind "tag"): days of the model with the tag
    days_without: int | None = None
    natural_unit: str | None = None  # tags only: "on days tagged gym"


@dataclass(frozen=True, slots=True)
class TagUse:
    """A tag found on the skill's days: whether it entered the regression, and why not."""

    factor: str  # "tag:" + the tag key
    name: str
    days_with: int
    days_without: int
    entered: bool
    reason: str | None


@dataclass(frozen=True, slots=True)
class Tags:
    """The rule tags enter the regression by (METHODS §4b), and every tag against it."""

    per: str  # "day"
    min_days_with: int
    min_days_without: int
    max_tags: int
    items: list[TagUse]


@dataclass(frozen=True, slots=True)
class BaselineShare:
    r2: float
    ci95: Pair
    detectable: bool
    share_percent: float | None
    share_ci95_percent: Pair


@dataclass(frozen=True, slots=True)
class ShareExplained:
    gain: float
    ci95: Pair
    detectable: bool
    share_percent: float | None
    share_ci95_percent: Pair
    test_days: int
    folds: int
    block_days: int
    baseline: BaselineShare
    full_r2: float
    rest_percent: float


@dataclass(frozen=True, slots=True)
class RegressionFit:
    available: bool  # True
    estimator: str
    lag: str
    n: int
    days: int
    k: int
    columns: list[str]
    excluded_factors: list[str]
    r2: float
    adj_r2: float
    multiplicity: str
    share_explained: ShareExplained | None
    base_terms: list[BaseTerm]
    factors: list[RegressionFactor]


@dataclass(frozen=True, slots=True)
class NoRegression:
    available: bool  # False
    reason: str


@dataclass(frozen=True, slots=True)
class Cosinor:
    mesor: float
    amplitude: float
    amplitude_ci95: Pair
    peak_hour: float
    peak_hour_ci95: Pair | None
    p: float
    df: float
    n: int
    n_eff: float
    status: str


@dataclass(frozen=True, slots=True)
class Period:
    period: str
    from_hour: int
    to_hour: int
    n: int
    days: int
    mean: float | None
    ci95: Pair | None
    n_eff: float | None


@dataclass(frozen=True, slots=True)
class HourBin:
    hour: int
    n: int
    mean: float | None


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    periods: list[Period]
    bins: list[HourBin]
    cosinor: Cosinor | None
    cosinor_reason: str | None = None  # present when cosinor is null


@dataclass(frozen=True, slots=True)
class Point:
    at: str
    rating: float
    adjusted: float
    se: float
    rolling7: float
    rolling7_se: float
    rolling7_raw: float


@dataclass(frozen=True, slots=True)
class Adjusted:
    available: bool
    series: list[Point]
    factors: list[str] | None = None  # the rest only when available
    means: dict[str, float] | None = None
    latest: Point | None = None


@dataclass(frozen=True, slots=True)
class Insight:
    kind: str
    factor: str | None
    status: str
    text: str


@dataclass(frozen=True, slots=True)
class Section:
    """One skill's section of the report."""

    skill: SkillRef
    counts: Counts
    correlations: list[Association]
    regression: RegressionFit | NoRegression
    tags: Tags
    time_of_day: TimeOfDay | None
    carry_over: list[Association]
    adjusted: Adjusted
    insights: list[Insight]


# -- touching reality -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcomes:
    accepted: int
    rejected: int
    no_answer: int


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    id: str
    at: str
    kind: str
    evaluator: str
    purpose: str
    expected_by: str | None
    scale: Pair | None
    probability: float | None
    expected_score: float | None
    predicted_at: str | None
    checkin_id: str | None
    outcome: str | None
    score: float | None
    reason: str | None
    reason_given: bool | None
    resolved_at: str | None


@dataclass(frozen=True, slots=True)
class Evaluations:
    n: int
    pending: int
    overdue: list[str]
    resolved: int
    outcomes: Outcomes
    no_reason_given: int
    items: list[EvaluationRecord]


@dataclass(frozen=True, slots=True)
class Decomposition:
    brier: float | None
    reliability: float | None
    resolution: float | None
    uncertainty: float | None
    within_bin_variance: float | None
    within_bin_covariance: float | None
    bins: int


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    from_: float = field(metadata={"key": "from"})
    to: float
    n: int
    hits: int
    mean_forecast: float
    observed: float
    ci95: Pair


@dataclass(frozen=True, slots=True)
class Slope:
    n: int
    slope: float
    intercept: float
    se: float
    ci95: Pair
    p: float
    status: str
    more_needed: int


@dataclass(frozen=True, slots=True)
class StateSlope(Slope):
    q: float


@dataclass(frozen=True, slots=True)
class LaterOnEarlier(Slope):
    differs_from_1: bool
    r: float | None
    mean_then: float
    crosses_identity_at: float | None
    p_vs_1: float | None = None  # absent when the slope's SE is 0


@dataclass(frozen=True, slots=True)
class MeanWithT:
    n: int
    mean: float | None
    sd: float | None
    ci95: Pair | None


@dataclass(frozen=True, slots=True)
class OverallBias(MeanWithT):
    status: str


@dataclass(frozen=True, slots=True)
class Bias:
    overall: OverallBias
    by_state: dict[str, StateSlope | None]


@dataclass(frozen=True, slots=True)
class Calibration:
    n: int
    status: str
    brier: float | None
    base_rate: float | None
    brier_skill: float | None
    decomposition: Decomposition
    reliability_bins: list[ReliabilityBin]
    binned_decomposition: Decomposition
    bias: Bias
    linked_checkins: int
    scores: MeanWithT
    brier_reference: float | None = None  # absent without predictions
    mean_forecast: float | None = None


@dataclass(frozen=True, slots=True)
class HistogramBin:
    difference: int
    count: int


@dataclass(frozen=True, slots=True)
class Differences:
    n: int
    mean: float | None
    sd: float | None
    ci95: Pair | None
    limits: Pair | None
    limits_ci95: tuple[Pair, Pair] | None
    status: str
    mean_abs: float | None
    histogram: list[HistogramBin]


@dataclass(frozen=True, slots=True)
class RevisitPoint:
    revisit_id: str
    checkin_id: str
    then_at: str | None
    revisited_at: str
    then: int
    now: int


@dataclass(frozen=True, slots=True)
class RevisitSkill:
    skill: SkillRef
    differences: Differences
    later_on_earlier: LaterOnEarlier | None
    by_state: dict[str, StateSlope | None]
    points: list[RevisitPoint]


@dataclass(frozen=True, slots=True)
class Revisits:
    n: int
    skills: list[RevisitSkill]


@dataclass(frozen=True, slots=True)
class RealitySections:
    """What ``Reality.report()`` returns: the three reality keys alone."""

    evaluations: Evaluations
    calibration: Calibration
    revisits: Revisits


@dataclass(frozen=True, slots=True)
class Report:
    """The whole of ``report --json``; the reality keys only when built with them."""

    report_version: int
    skill_id: str | None
    since: str | None
    skills: list[Section]
    evaluations: Evaluations | None = None
    calibration: Calibration | None = None
    revisits: Revisits | None = None
    measured: MeasuredSection | None = None  # felt vs measured, when built with probes/outcomes
