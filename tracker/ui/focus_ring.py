"""FocusRingStyle: Fusion with a focus ring a keyboard user sees. Its own module: a Python
style class costs milliseconds to build, so it loads after the window's first paint."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

RING_WIDTH = 2.0


class FocusRingStyle(QProxyStyle):
    """Fusion, with a focus ring a keyboard user sees: where Fusion draws a faint focus frame
    (alpha 80: a tab bar's current tab, a check box's text, a list's item), a solid 2 px
    outline in the palette's highlight colour, in both themes. As in Fusion, only once the
    keyboard has moved the focus in that window (a click shows no ring)."""

    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element != QStyle.PrimitiveElement.PE_FrameFocusRect:
            super().drawPrimitive(element, option, painter, widget)
        elif option.state & QStyle.StateFlag.State_KeyboardFocusChange:
            _ring(painter, option, QRectF(option.rect))

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption,  # noqa: N802
                    painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawControl(element, option, painter, widget)
        # Fusion marks a focused tab bar's current tab by a faint tint only
        focused = QStyle.StateFlag.State_HasFocus | QStyle.StateFlag.State_KeyboardFocusChange
        if (element == QStyle.ControlElement.CE_TabBarTabShape
                and option.state & focused == focused):
            _ring(painter, option, QRectF(option.rect).adjusted(2, 2, -2, -1))


def _ring(painter: QPainter, option: QStyleOption, rect: QRectF) -> None:
    """A rounded outline of ``RING_WIDTH`` in the highlight colour just inside ``rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = RING_WIDTH / 2
    painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 3, 3)
    painter.restore()
