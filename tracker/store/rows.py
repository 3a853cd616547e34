"""Rows of the definition tables as domain objects, shared by the repository and the peek.

Works on any row with attribute access (SQLAlchemy ``Row`` or ``SimpleNamespace``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from tracker.domain import Factor, FactorKind, Skill

Definition = TypeVar("Definition", Skill, Factor)


def in_display_order(items: Iterable[Definition]) -> list[Definition]:
    """Skills or factors by position, then name (case-insensitively)."""
    return sorted(items, key=lambda item: (item.position, item.name.casefold(), item.name))


def skill_from_row(row: Any) -> Skill:
    return Skill(
        id=row.id,
        name=row.name,
        position=row.position,
        archived=bool(row.archived),
        anchor_low=row.anchor_low,
        anchor_mid=row.anchor_mid,
        anchor_high=row.anchor_high,
    )


def factor_from_row(row: Any) -> Factor:
    return Factor(
        id=row.id,
        name=row.name,
        kind=FactorKind(row.kind),
        minimum=None if row.minimum is None else float(row.minimum),
        maximum=None if row.maximum is None else float(row.maximum),
        step=float(row.step),
        unit=row.unit,
        builtin=bool(row.builtin),
        position=row.position,
        archived=bool(row.archived),
        low_label=row.low_label,
        high_label=row.high_label,
    )
