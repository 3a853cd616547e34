"""'Show as table': the numbers behind a view, raw values kept in Qt.UserRole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def table_csv(table: Table, path: Path) -> Path:
    """Write ``table`` as CSV (numbers exact, a missing one empty) like every other export:
    whole or not at all, 0600, never onto the journal's files or through a link."""
    import csv
    import io

    from tracker.services.transfer import write_output

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow(["" if (v := c.value if isinstance(c, Num) else c) is None else v
                         for c in row])
    write_output(path, out.getvalue(), "export onto")
    return path
