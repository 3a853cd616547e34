"""Domain dataclasses (CheckIn, Skill, Factor, Evaluation, Revisit) and their validation rules.
May import the standard library and ``tracker.errors`` only: nothing else of Touchstone's."""

from tracker.domain.models import (
    BUILTIN_FACTORS,
    CheckIn,
    Factor,
    FactorKind,
    Skill,
    new_id,
)
from tracker.domain.validation import (
    MAX_NOTE_LENGTH,
    MAX_TAG_LENGTH,
    normalize_tags,
    validate_checkin,
    validate_factor,
    validate_skill_name,
)

__all__ = [
    "BUILTIN_FACTORS",
    "MAX_NOTE_LENGTH",
    "MAX_TAG_LENGTH",
    "CheckIn",
    "Factor",
    "FactorKind",
    "Skill",
    "new_id",
    "normalize_tags",
    "validate_checkin",
    "validate_factor",
    "validate_skill_name",
]
