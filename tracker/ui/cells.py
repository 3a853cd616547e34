"""Typed access to a ``QTableWidget``'s cells (PySide6 types an item as optional and a cell's
widget as any widget): for cells the code itself filled."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

_Widget = TypeVar("_Widget", bound=QWidget)


def cell_item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item set in a cell with ``setItem``."""
    item = table.item(row, column)
    if item is None:
        raise LookupError(f"cell {row}, {column} has no item")
    return item


def cell_widget(table: QTableWidget, row: int, column: int, kind: type[_Widget]) -> _Widget:
    """The widget of kind ``kind`` set in a cell with ``setCellWidget``."""
    widget = table.cellWidget(row, column)
    if not isinstance(widget, kind):
        raise TypeError(f"cell {row}, {column} holds {widget!r}, not a {kind.__name__}")
    return widget
