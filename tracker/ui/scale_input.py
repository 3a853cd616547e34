"""ScaleInput: a row of numbered cells for a 1-N answer that can also be left empty.

Keys: a digit sets the value (``0`` means 10 on a scale that ends at 10), Left/Right step,
Home/End jump to the ends, Backspace/Delete clear. A click sets a value; clicking the chosen
value again clears it. "Not set" is drawn as outlined cells with a caption.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

CELL_W = 29
CELL_H = 28
GAP = 4
CAPTION_W = 54


class ScaleInput(QWidget):
    """A focusable 1-N (or yes/no) answer whose value is an int or None."""

    valueChanged = Signal(object)  # int | None

    def __init__(
        self,
        minimum: int = 1,
        maximum: int = 10,
        labels: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if maximum <= minimum:
            raise ValueError("maximum must exceed minimum")
        self._min = int(minimum)
        self._max = int(maximum)
        self._labels = list(labels) if labels else [str(v) for v in self._range()]
        self._value: int | None = None
        self._hover: int | None = None
        self._typed_digit = False
        metrics = self.fontMetrics()
        widest = max(metrics.horizontalAdvance(t) for t in self._labels)
        self._cell_w = max(CELL_W, widest + 18)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._update_description()

    # value ---------------------------------------------------------------------------
    def minimum(self) -> int:
        return self._min

    def maximum(self) -> int:
        return self._max

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int | None) -> None:  # noqa: N802 (Qt naming)
        if value is not None:
            value = int(value)
            if not self._min <= value <= self._max:
                raise ValueError(f"{value} is outside {self._min}-{self._max}")
        if value == self._value:
            return
        self._value = value
        self._update_description()
        self.update()
        self.valueChanged.emit(value)

    def clear(self) -> None:
        self.setValue(None)

    def _range(self) -> range:
        return range(self._min, self._max + 1)

    def _update_description(self) -> None:
        if self._value is None:
            text = self.tr("not set")
        else:
            text = self.tr("%1 of %2").replace("%1", self._label_for(self._value)).replace(
                "%2", str(self._max)
            )
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    def _label_for(self, value: int) -> str:
        return self._labels[value - self._min]

    # geometry -----------------------------------------------------------------------
    def sizeHint(self) -> QSize:  # noqa: N802
        count = self._max - self._min + 1
        width = count * self._cell_w + (count - 1) * GAP + CAPTION_W + 6
        return QSize(width, CELL_H + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def _cell_rect(self, index: int) -> QRectF:
        return QRectF(3 + index * (self._cell_w + GAP), 3, self._cell_w, CELL_H)

    def _value_at(self, pos: QPointF) -> int | None:
        for i, value in enumerate(self._range()):
            if self._cell_rect(i).adjusted(-GAP / 2, -3, GAP / 2, 3).contains(pos):
                return value
        return None

    # painting -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        accent = pal.color(QPalette.ColorRole.Highlight)
        border = pal.color(QPalette.ColorRole.Mid)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        focused = self.hasFocus()
        enabled = self.isEnabled()
        for i, value in enumerate(self._range()):
            rect = self._cell_rect(i)
            chosen = value == self._value
            hover = value == self._hover and not chosen
            if chosen:
                fill = accent
            elif hover:
                fill = QColor(accent)
                fill.setAlpha(40)
            else:
                fill = base
            pen = QPen(accent if (chosen or (focused and self._value is None)) else border)
            pen.setWidthF(1.0)
            if self._value is None:
                pen.setStyle(Qt.PenStyle.DashLine if not focused else Qt.PenStyle.SolidLine)
            painter.setPen(pen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            color = pal.color(QPalette.ColorRole.HighlightedText) if chosen else text
            if not enabled:
                color = muted
            painter.setPen(color)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._labels[i])
        if focused:
            ring = QPen(accent)
            ring.setWidthF(2.0)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            count = self._max - self._min + 1
            width = count * self._cell_w + (count - 1) * GAP
            painter.drawRoundedRect(QRectF(1, 1, width + 4, CELL_H + 4), 8, 8)
        caption_x = self._cell_rect(self._max - self._min).right() + 10
        caption = QRectF(caption_x, 3, CAPTION_W, CELL_H)
        painter.setPen(muted)
        if self._value is None:
            font = painter.font()
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(caption, Qt.AlignmentFlag.AlignVCenter, self.tr("not set"))
        painter.end()

    # input ----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        value = self._value_at(event.position())
        if value is not None:
            self.setValue(None if value == self._value else value)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hover = self._value_at(event.position())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._hover = None
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._typed_digit = False
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self._type_digit(int(text))
            event.accept()
            return
        self._typed_digit = False
        if self._labels_are_yes_no() and text.lower() in ("y", "n"):
            self.setValue(1 if text.lower() == "y" else 0)
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.clear()
        elif key == Qt.Key.Key_Right:
            self.setValue(self._min if self._value is None else min(self._max, self._value + 1))
        elif key == Qt.Key.Key_Left:
            self.setValue(self._max if self._value is None else max(self._min, self._value - 1))
        elif key == Qt.Key.Key_Home:
            self.setValue(self._min)
        elif key == Qt.Key.Key_End:
            self.setValue(self._max)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _labels_are_yes_no(self) -> bool:
        return (self._min, self._max) == (0, 1)

    def _type_digit(self, digit: int) -> None:
        # two-digit values on long scales: "1" then "2" gives 12 when 12 fits
        if self._max > 10 and self._typed_digit and self._value is not None:
            combined = self._value * 10 + digit
            if combined <= self._max:
                self.setValue(combined)
                self._typed_digit = False
                return
        if digit == 0 and self._max == 10 and self._min >= 1:
            digit = 10
        if self._min <= digit <= self._max:
            self.setValue(digit)
            self._typed_digit = True
