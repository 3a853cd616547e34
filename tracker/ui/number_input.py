"""NumberInput: a spin box for a quantity that may be left empty, in the user's locale."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

_PARTIAL = re.compile(r"^[+-]?\d*([.,]\d*)?$")


def parse_number(text: str, locale: QLocale | None = None) -> float | None:
    """Read a number typed with the locale's decimal separator or a dot; None when empty.

    Raises ValueError for text that is not a number.
    """
    clean = text.strip().replace("\u00a0", "").replace(" ", "")
    if not clean:
        return None
    point = (locale or QLocale()).decimalPoint()
    clean = clean.replace(point, ".").replace(",", ".")
    if clean.count(".") > 1 or clean in (".", "+", "-"):
        raise ValueError(text)
    number = float(clean)
    if not math.isfinite(number):
        raise ValueError(text)
    return number


def format_number(value: float, decimals: int = 2, locale: QLocale | None = None) -> str:
    """``value`` in the locale's notation without trailing zeros (7.5 -> "7,5" in German)."""
    loc = locale or QLocale()
    if float(value).is_integer():
        return loc.toString(int(value))
    text = loc.toString(float(value), "f", decimals)
    point = loc.decimalPoint()
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text


class NumberInput(QAbstractSpinBox):
    """Empty (None) or a number; Up/Down step by ``step``. Bounds are checked by the service."""

    valueChanged = Signal(object)  # float | None

    def __init__(
        self,
        minimum: float | None = 0.0,
        maximum: float | None = None,
        step: float = 1.0,
        decimals: int = 2,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._min = minimum
        self._max = maximum
        self._step = step
        self._decimals = decimals
        self._last: float | None = None
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.setKeyboardTracking(True)
        self.lineEdit().setPlaceholderText(self.tr("not set"))
        self.lineEdit().textChanged.connect(self._on_text)

    def value(self) -> float | None:
        """The typed number, or None when empty. Raises ValueError on unreadable text."""
        return parse_number(self.lineEdit().text(), self.locale())

    def safe_value(self) -> float | None:
        try:
            return self.value()
        except ValueError:
            return None

    def setValue(self, value: float | None) -> None:  # noqa: N802
        text = "" if value is None else format_number(value, self._decimals, self.locale())
        self.lineEdit().setText(text)

    def clear(self) -> None:
        self.lineEdit().clear()

    def _on_text(self, _text: str) -> None:
        value = self.safe_value()
        if value != self._last:
            self._last = value
            self.valueChanged.emit(value)

    # QAbstractSpinBox ------------------------------------------------------------------
    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        clean = text.strip().replace(self.locale().decimalPoint(), ".")
        if not _PARTIAL.match(clean.replace(",", ".")):
            return QValidator.State.Invalid, text, pos
        try:
            parse_number(text, self.locale())
        except ValueError:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        return text

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802
        value = self.safe_value()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if value is None or self._max is None or value < self._max:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if value is None or self._min is None or value > self._min:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

    def stepBy(self, steps: int) -> None:  # noqa: N802
        value = self.safe_value()
        if value is None:
            start = self._min if self._min is not None else 0.0
            value = start if steps > 0 else (self._max if self._max is not None else start)
        else:
            value = round((value + steps * self._step) / self._step) * self._step
        if self._min is not None:
            value = max(self._min, value)
        if self._max is not None:
            value = min(self._max, value)
        self.setValue(value)
        self.lineEdit().selectAll()
