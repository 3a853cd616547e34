"""PNG and SVG export of plain widgets (calendar, insights, tables), and the caption an
exported chart carries: its title and explanation above it, as on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from tracker.errors import UserError
from tracker.ui.image_files import save_image, write_file


def widget_png(widget: QWidget, path: Path) -> Path:
    return save_image(widget.grab(), path)


Caption = list[tuple[str, QFont, QColor]]  # lines of (text, font, colour) above a chart
MARGIN, GAP = 10.0, 4.0


def widget_svg(widget: QWidget, path: Path, title: str = "", caption: Caption | None = None,
               background: QColor | None = None) -> Path:
    """``widget`` drawn as SVG, below ``caption`` (on ``background``) when given."""
    size = widget.size()
    boxes, head = _layout(size.width(), caption or [])
    height = size.height() + round(head)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(size.width(), height))
    generator.setViewBox(QRect(0, 0, size.width(), height))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise UserError(f"Could not write {path}.")
    try:
        if boxes:
            painter.fillRect(QRectF(0, 0, size.width(), head), background or QColor("white"))
            _paint(painter, boxes)
        # the base one (QGraphicsView has its own)
        QWidget.render(widget, painter, QPoint(0, round(head)))
    finally:
        painter.end()
        buffer.close()
    if data.isEmpty():
        raise UserError(f"Could not write {path}.")
    return write_file(path, bytes(data.data()))


def _layout(width: float, caption: Caption) -> tuple[list[tuple[QRectF, str, QFont, QColor]],
                                                     float]:
    """Where each line of the caption goes, its texts broken into lines that fit ``width`` (one
    text item a line: an SVG viewer does not wrap); the height of the whole band (0 without a
    caption)."""
    boxes = []
    top = MARGIN
    for text, font, color in caption:
        metrics = QFontMetricsF(font)
        for line in _lines(text, metrics, width - 2 * MARGIN):
            boxes.append((QRectF(MARGIN, top, width - 2 * MARGIN, metrics.height()), line, font,
                          color))
            top += metrics.height()
        top += GAP
    return boxes, (top - GAP + MARGIN if boxes else 0.0)


def _lines(text: str, metrics: QFontMetricsF, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a longer word alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _paint(painter: QPainter, boxes: list[tuple[QRectF, str, QFont, QColor]]) -> None:
    for rect, text, font, color in boxes:
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         text)


def captioned(chart: QImage, ratio: float, caption: Caption, background: QColor) -> QImage:
    """``chart`` (pixels at device pixel ratio ``ratio``) below the ``caption``'s lines, each
    wrapped to the chart's width: what the view shows above it."""
    boxes, head = _layout(chart.width() / ratio, caption)  # logical: fonts are in points
    out = QImage(chart.width(), chart.height() + round(head * ratio), QImage.Format.Format_ARGB32)
    out.setDevicePixelRatio(ratio)
    out.fill(background)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _paint(painter, boxes)
    image = QImage(chart)
    image.setDevicePixelRatio(ratio)
    painter.drawImage(QPointF(0, round(head * ratio) / ratio), image)
    painter.end()
    return out
