"""Translatable words of the reality screens."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from tracker.domain.reality import KIND_LABELS, EvaluationKind


def tr(text: str) -> str:
    return QCoreApplication.translate("reality", text)


def kind_label(kind: EvaluationKind | str) -> str:
    return tr(KIND_LABELS.get(EvaluationKind(kind), str(kind)))


OUTCOME_LABELS = {"accepted": "Accepted / passed", "rejected": "Rejected / failed",
                  "no_answer": "No answer"}


def outcome_label(result: str) -> str:
    return tr(OUTCOME_LABELS.get(result, result))


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def interval(pair: list | None, digits: int = 2) -> str:
    return "–" if not pair else f"{num(pair[0], digits)} to {num(pair[1], digits)}"
