"""The input a factor gets wherever a state is recorded (the check-in form, the Reality
dialogs' "state now"): 1–N buttons for a scale, No / Yes for yes/no, a number box for a number."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tracker.domain import Factor, FactorKind
from tracker.errors import ValidationError
from tracker.ui.labels import factor_name
from tracker.ui.number_input import NumberInput
from tracker.ui.scale_input import ScaleInput
from tracker.ui.text import translator

tr = translator("CheckInForm")  # the texts the form has always had

FactorInput = ScaleInput | NumberInput


def make_factor_input(factor: Factor, parent: QWidget) -> FactorInput:
    """A new, empty input for ``factor``, named for screen readers (a number's unit is not
    part of it: the caller shows it beside the box)."""
    name = factor_name(factor)
    if factor.kind is FactorKind.NUMBER:
        box = NumberInput(factor.minimum, factor.maximum, factor.step, decimals(factor.step),
                          parent)
        box.setAccessibleName(tr("%1 (%2)").replace("%1", name).replace(
            "%2", factor.unit or tr("number")))
        box.setFixedWidth(110)
        return box
    if factor.kind is FactorKind.YESNO:
        scale = ScaleInput(0, 1, [tr("No"), tr("Yes")], parent)
        scale.setAccessibleName(tr("%1: yes or no").replace("%1", name))
        return scale
    lo, hi = int(factor.minimum or 1), int(factor.maximum or 10)
    scale = ScaleInput(lo, hi, parent=parent)
    scale.setAccessibleName(tr("%1: from %2 to %3").replace("%1", name).replace(
        "%2", str(lo)).replace("%3", str(hi)))
    return scale


def read_factor_input(factor: Factor, widget: FactorInput) -> float | None:
    """The value entered, None when empty; ValidationError for an unreadable number."""
    if isinstance(widget, NumberInput):
        try:
            value = widget.value()
        except ValueError:
            raise ValidationError(tr("%1: %2 is not a number.").replace(
                "%1", factor_name(factor)).replace(
                "%2", repr(widget.lineEdit().text()))) from None
    else:
        value = widget.value()
    return None if value is None else float(value)


def decimals(step: float) -> int:
    """How many decimals a number with this step needs (0.25 -> 2)."""
    text = f"{step:g}"
    return len(text.split(".")[1]) if "." in text else 0
