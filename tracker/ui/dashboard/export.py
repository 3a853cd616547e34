"""PNG and SVG export of plain widgets (calendar, insights, tables)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from tracker.errors import UserError


def widget_png(widget: QWidget, path: Path) -> Path:
    if not widget.grab().save(str(path), "PNG"):
        raise UserError(f"Could not write {path}.")
    return path


def widget_svg(widget: QWidget, path: Path, title: str = "") -> Path:
    size = widget.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
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
    if not path.exists() or path.stat().st_size == 0:
        raise UserError(f"Could not write {path}.")
    return path
