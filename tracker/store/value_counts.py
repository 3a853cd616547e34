"""Counts over a factor's recorded values, asked before its range changes: one query over the
``factor_values`` index instead of reading every check-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import case, false, func, or_, select

from tracker.domain.recorded import RecordedValues
from tracker.store.tables import FACTOR_VALUES

if TYPE_CHECKING:
    from tracker.store.repository import Store


def recorded_values(store: Store, factor_id: str, minimum: float | None,
                    maximum: float | None) -> RecordedValues:
    """How many values of one factor are recorded, and how many (from which to which) lie
    outside ``minimum``..``maximum`` (None: unbounded on that side)."""
    value = FACTOR_VALUES.c.value
    bounds = [] if minimum is None else [value < minimum]
    bounds += [] if maximum is None else [value > maximum]
    flagged = case((or_(false(), *bounds), value))  # the value when outside, else NULL
    query = select(func.count(), func.count(flagged), func.min(flagged), func.max(flagged),
                   func.max(value)).where(FACTOR_VALUES.c.factor_id == factor_id)
    with store.unit() as session:  # the store's unit of work, as its own methods use
        row = session.execute(query).one()
    return RecordedValues(row[0], row[1], row[2], row[3], row[4])
