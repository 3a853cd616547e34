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


def widget_svg(widget: QWidget, path: Path, title: str = "") -> Path:
    size = widget.size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise UserError(f"Could not write {path}.")
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # the base one (QGraphicsView has its own)
    finally:
        painter.end()
        buffer.close()
    if data.isEmpty():
        raise UserError(f"Could not write {path}.")
    return write_file(path, bytes(data.data()))


def captioned(chart: QImage, ratio: float, caption: list[tuple[str, QFont, QColor]],
              background: QColor) -> QImage:
    """``chart`` (pixels at device pixel ratio ``ratio``) below the ``caption``'s lines of
    (text, font, colour), each wrapped to the chart's width: what the view shows above it."""
    margin, gap = 10.0, 4.0
    width = chart.width() / ratio  # logical: the fonts are in points, as on screen
    flags = int(Qt.TextFlag.TextWordWrap)
    boxes = []
    top = margin
    for text, font, color in caption:
        box = QFontMetricsF(font).boundingRect(QRectF(margin, top, width - 2 * margin, 1e6),
                                               flags, text)
        boxes.append((QRectF(margin, top, width - 2 * margin, box.height()), text, font, color))
        top += box.height() + gap
    head = top - gap + margin
    out = QImage(chart.width(), chart.height() + round(head * ratio), QImage.Format.Format_ARGB32)
    out.setDevicePixelRatio(ratio)
    out.fill(background)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for rect, text, font, color in boxes:
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, flags, text)
    image = QImage(chart)
    image.setDevicePixelRatio(ratio)
    painter.drawImage(QPointF(0, round(head * ratio) / ratio), image)
    painter.end()
    return out
