"""What a mutation changed, so each screen can decide whether to redraw."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """What kind of data a change touched; the one list every emitter and listener uses."""

    CHECKINS = "checkins"
    SKILLS = "skills"
    FACTORS = "factors"
    EVALUATIONS = "evaluations"
    REVISITS = "revisits"
    PROBES = "probes"
    OUTCOMES = "outcomes"  # measures and their daily values
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Change:
    """The result of a service call that changed data.

    ``kind`` is a ``ChangeKind`` (a plain string is converted; an unknown one raises
    ValueError); ``ids`` are the affected records; ``message`` is a short, translatable
    confirmation for the status bar.
    """

    kind: ChangeKind
    ids: tuple[str, ...] = ()
    message: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ChangeKind(self.kind))
