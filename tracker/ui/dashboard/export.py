"""PNG and SVG export of plain widgets (calendar, insights, tables)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QPainter
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
