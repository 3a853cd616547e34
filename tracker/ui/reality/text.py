"""Translatable words of the reality screens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.domain.reality import KIND_LABELS, EvaluationKind
from tracker.domain.words import pick
from tracker.ui.text import translator

if TYPE_CHECKING:
    from tracker.services.report_types import Calibration

tr = translator("reality")


def kind_label(kind: EvaluationKind | str) -> str:
    return tr(KIND_LABELS.get(EvaluationKind(kind), str(kind)))


OUTCOME_LABELS = {"accepted": "Accepted / passed", "rejected": "Rejected / failed",
                  "no_answer": "No answer"}


def outcome_label(result: str) -> str:
    return tr(OUTCOME_LABELS.get(result, result))


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def interval(pair: Sequence[float | None] | None, digits: int = 2) -> str:
    return "–" if not pair else f"{num(pair[0], digits)} to {num(pair[1], digits)}"


def predictions_with_outcomes(n: int) -> str:
    return pick(n, tr("%1 prediction with an outcome"), tr("%1 predictions with outcomes"))


def no_skill_reason(cal: Calibration) -> str | None:
    """Why the Brier skill score is missing, in words (None when there is one): it compares
    you with always forecasting the base rate, which is perfect while every outcome is alike."""
    if cal.brier_skill is not None or cal.base_rate is None:
        return None
    if cal.base_rate >= 1:
        return tr("no skill score while every outcome is good (it needs good and bad ones)")
    return tr("no skill score while no outcome is good (it needs good and bad ones)")
