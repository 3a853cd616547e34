"""The digit-symbol probe's symbols: simple line figures drawn with QPainter (no font needed).

Each is a list of strokes in a unit square; a session's key draws nine of them
(``probe_scoring.digit_symbol_key``), so ``len(GLYPHS)`` is ``SYMBOL_COUNT``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPolygonF

Stroke = tuple[tuple[float, float], ...]

_RING = tuple((0.5 + 0.4 * math.cos(a * math.pi / 8), 0.5 + 0.4 * math.sin(a * math.pi / 8))
              for a in range(17))

GLYPHS: tuple[tuple[Stroke, ...], ...] = (
    (((0.5, 0.1), (0.5, 0.9)), ((0.1, 0.5), (0.9, 0.5))),  # plus
    (((0.15, 0.15), (0.85, 0.85)), ((0.85, 0.15), (0.15, 0.85))),  # cross
    (((0.1, 0.9), (0.5, 0.1), (0.9, 0.9)),),  # peak
    (((0.1, 0.1), (0.5, 0.9), (0.9, 0.1)),),  # valley
    (((0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9)),),  # open left
    (((0.9, 0.1), (0.1, 0.1), (0.1, 0.9), (0.9, 0.9)),),  # open right
    (((0.1, 0.9), (0.1, 0.1), (0.9, 0.1), (0.9, 0.9)),),  # open below
    (((0.1, 0.1), (0.1, 0.9), (0.9, 0.9), (0.9, 0.1)),),  # open above
    (((0.1, 0.1), (0.9, 0.1), (0.1, 0.9), (0.9, 0.9)),),  # Z
    (((0.1, 0.9), (0.1, 0.1), (0.9, 0.9), (0.9, 0.1)),),  # N
    (((0.1, 0.35), (0.9, 0.35)), ((0.1, 0.65), (0.9, 0.65))),  # equals
    (((0.35, 0.1), (0.35, 0.9)), ((0.65, 0.1), (0.65, 0.9))),  # bars
    (((0.1, 0.1), (0.9, 0.1)), ((0.5, 0.1), (0.5, 0.9))),  # T
    (((0.5, 0.1), (0.5, 0.9)), ((0.1, 0.9), (0.9, 0.9))),  # up tack
    (((0.1, 0.1), (0.1, 0.9), (0.9, 0.9)),),  # L
    (((0.1, 0.9), (0.1, 0.1), (0.9, 0.1)),),  # gamma
    (((0.1, 0.9), (0.5, 0.9), (0.5, 0.1), (0.9, 0.1)),),  # step up
    (((0.1, 0.1), (0.5, 0.1), (0.5, 0.9), (0.9, 0.9)),),  # step down
    (((0.5, 0.1), (0.9, 0.9), (0.1, 0.9), (0.5, 0.1)),),  # triangle
    (((0.5, 0.1), (0.9, 0.5), (0.5, 0.9), (0.1, 0.5), (0.5, 0.1)),),  # diamond
    (_RING,),  # ring
    (((0.1, 0.1), (0.9, 0.5), (0.1, 0.9)),),  # greater than
    (((0.9, 0.1), (0.1, 0.5), (0.9, 0.9)),),  # less than
    (((0.1, 0.1), (0.1, 0.9)), ((0.9, 0.1), (0.9, 0.9)), ((0.1, 0.5), (0.9, 0.5))),  # H
)


def draw_glyph(painter: QPainter, index: int, box: QRectF) -> None:
    """Draw glyph ``index`` inside ``box`` with the painter's pen."""
    for stroke in GLYPHS[index]:
        points = [QPointF(box.left() + x * box.width(), box.top() + y * box.height())
                  for x, y in stroke]
        painter.drawPolyline(QPolygonF(points))
