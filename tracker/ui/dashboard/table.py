"""'Show as table': the numbers behind a view, raw values kept in Qt.UserRole."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


@dataclass(frozen=True)
class Num:
    """A number shown with ``digits`` decimals; ``value`` (None = missing) stays exact."""

    value: float | None
    digits: int = 2

    def text(self) -> str:
        return "–" if self.value is None else f"{self.value:.{self.digits}f}"


Cell = str | Num | int | None
RAW_ROLE = Qt.ItemDataRole.UserRole


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Cell]]


def make_table_widget(parent=None) -> QTableWidget:
    table = QTableWidget(parent)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def fill_table(widget: QTableWidget, table: Table) -> None:
    """Show ``table``: numbers right-aligned, their exact value in ``RAW_ROLE``."""
    widget.setSortingEnabled(False)
    widget.clear()
    widget.setColumnCount(len(table.headers))
    widget.setRowCount(len(table.rows))
    widget.setHorizontalHeaderLabels(table.headers)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if isinstance(cell, Num):
                item = QTableWidgetItem(cell.text())
                item.setData(RAW_ROLE, cell.value)
                item.setTextAlignment(right)
            elif isinstance(cell, int) and not isinstance(cell, bool):
                item = QTableWidgetItem(str(cell))
                item.setData(RAW_ROLE, cell)
                item.setTextAlignment(right)
            else:
                item = QTableWidgetItem("" if cell is None else str(cell))
                item.setData(RAW_ROLE, cell)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
