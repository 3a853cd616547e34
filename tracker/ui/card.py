"""Card: a panel with rounded corners, the palette's base colour and a thin border.

Painted here rather than by an application style sheet: with a style sheet set, every widget
of the application is styled through Qt's style-sheet engine, which costs milliseconds at
start-up and on every repaint."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QWidget

RADIUS = 10.0


class Card(QFrame):
    """A section of a page (the form's skills, state and details; a skill in the welcome)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(palette.color(QPalette.ColorRole.Midlight))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5),
                                RADIUS, RADIUS)
