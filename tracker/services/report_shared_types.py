"""Types both typed modules of the report use (``report_types``, ``report_measured_types``):
one definition, so the two cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[float, float]  # a 95 % interval or a range [lo, hi]


@dataclass(frozen=True, slots=True)
class SkillRef:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class FactorInfo:
    """Factor info, in every per-factor record."""

    factor: str
    name: str
    unit: str
    kind: str
    archived: bool
