"""What Touchstone records: skills, factors and check-ins.

Identifiers are strings. Skills and custom factors get a random UUID; the six built-in state
factors have fixed ids (``mood``, ``sleep_hours`` …) so code and files can name them.
Check-ins key ratings by skill id and factor values by factor id; a missing key is a missing
value, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


def new_id() -> str:
    """A fresh random identifier (UUID4, canonical text form)."""
    import uuid  # (uuid imports platform: not needed before the window paints)

    return str(uuid.uuid4())


class FactorKind(StrEnum):
    """How a factor is measured."""

    NUMBER = "number"  # a quantity with unit, bounds and step (sleep hours)
    SCALE = "scale"  # whole numbers minimum..maximum (mood 1-10)
    YESNO = "yesno"  # 1 = yes, 0 = no


RATING_MIN = 1
RATING_MAX = 10


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill the user rates themselves on, 1-10, with anchors for 1, 5 and 10."""

    id: str
    name: str
    position: int = 0
    archived: bool = False
    anchor_low: str = ""  # what a 1 means
    anchor_mid: str = ""  # what a 5 means
    anchor_high: str = ""  # what a 10 means


@dataclass(frozen=True, slots=True)
class Factor:
    """A state factor recorded beside the self-rating."""

    id: str
    name: str
    kind: FactorKind
    minimum: float | None = None
    maximum: float | None = None
    step: float = 1.0
    unit: str = ""
    builtin: bool = False
    position: int = 0
    archived: bool = False
    low_label: str = ""  # e.g. "not hungry" for hunger 1
    high_label: str = ""  # e.g. "starving" for hunger 5

    @property
    def is_integer(self) -> bool:
        """True when every allowed value is a whole number."""
        return self.kind in (FactorKind.SCALE, FactorKind.YESNO) or float(self.step).is_integer()


BUILTIN_FACTORS: tuple[Factor, ...] = (
    Factor("mood", "Mood", FactorKind.SCALE, 1, 10, 1, "", True, 0,
           low_label="very low", high_label="excellent"),
    Factor("sleep_hours", "Sleep", FactorKind.NUMBER, 0, 24, 0.25, "h", True, 1,
           low_label="", high_label=""),
    Factor("sleep_quality", "Sleep quality", FactorKind.SCALE, 1, 5, 1, "", True, 2,
           low_label="very poor", high_label="very good"),
    Factor("hunger", "Hunger", FactorKind.SCALE, 1, 5, 1, "", True, 3,
           low_label="not hungry", high_label="starving"),
    Factor("energy", "Energy", FactorKind.SCALE, 1, 10, 1, "", True, 4,
           low_label="exhausted", high_label="full of energy"),
    Factor("stress", "Stress", FactorKind.SCALE, 1, 10, 1, "", True, 5,
           low_label="calm", high_label="overwhelmed"),
)


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One moment: self-ratings per skill and the state the user was in.

    ``at`` is timezone-aware; its UTC offset is kept so the local hour of day survives travel
    and daylight-saving changes.
    """

    id: str
    at: datetime
    ratings: dict[str, int] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def state_only(self) -> bool:
        """True for an entry without any self-rating (imported from a mood tracker)."""
        return not self.ratings

    @property
    def local_hour(self) -> float:
        """Hour of day (0-24, fractional) on the clock where the check-in was made."""
        return self.at.hour + self.at.minute / 60 + self.at.second / 3600

    def content_equals(self, other: CheckIn) -> bool:
        """Same content, comparing the instant and its offset (not just the instant)."""
        return (
            self.id == other.id
            and self.at == other.at
            and self.at.utcoffset() == other.at.utcoffset()
            and self.ratings == other.ratings
            and {k: float(v) for k, v in self.values.items()}
            == {k: float(v) for k, v in other.values.items()}
            and tuple(self.tags) == tuple(other.tags)
            and self.note == other.note
        )
