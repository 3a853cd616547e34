"""A factor made from a column of numbers (CSV imports of a hand-made sheet)."""

from __future__ import annotations

import math

from tracker.domain.models import Factor, FactorKind, new_id
from tracker.domain.validation import check_factor_value, validate_factor
from tracker.errors import ValidationError
from tracker.exchange.dataset import format_number

STEP_CANDIDATES = (1.0, 0.5, 0.25, 0.1, 0.05, 0.01, 0.005, 0.001) + tuple(
    10.0**-d for d in range(4, 13)
)


def infer_factor(name: str, values: list[float], position: int, names: list[str]) -> Factor | None:
    """A yes/no or number factor that holds every value (bounds from the data, the coarsest
    step that fits), or None when no step up to 1e-12 fits."""
    if all(v in (0.0, 1.0) for v in values):
        factor = Factor(new_id(), name, FactorKind.YESNO, position=position)
        validate_factor(factor, names)
        return factor
    low, high = min(values), max(values)
    for step in STEP_CANDIDATES:
        if not all(_is_multiple(v, step) for v in values):
            continue
        lo, hi = low, high
        if lo == hi:
            if lo > 0:
                lo = 0.0
            else:
                hi = lo + step
        factor = Factor(new_id(), name, FactorKind.NUMBER, lo, hi, step, position=position)
        validate_factor(factor, names)
        try:
            for v in values:
                check_factor_value(factor, v)
        except (ValidationError, ArithmeticError):
            continue
        return factor
    return None


def _is_multiple(value: float, step: float) -> bool:
    ratio = value / step
    return math.isfinite(ratio) and abs(ratio - round(ratio)) <= 1e-9


def describe_new_factor(factor: Factor) -> str:
    if factor.kind is FactorKind.YESNO:
        return f"New factor {factor.name!r} (yes/no, as every value is 0 or 1)"
    return (
        f"New factor {factor.name!r} (number, {format_number(factor.minimum or 0)}–"
        f"{format_number(factor.maximum or 0)} from the data, step "
        f"{format_number(factor.step)})"
    )
