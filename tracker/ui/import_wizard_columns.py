"""The import wizard's columns page (any CSV: a role, name and scale per column over a
preview of the first rows), and the table helpers every page uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from tracker.errors import UserError
from tracker.services import foreign_import as fi
from tracker.ui import dialogs
from tracker.ui.cells import cell_widget
from tracker.ui.style import mark_hint

if TYPE_CHECKING:
    from pathlib import Path

    from tracker.services.journal import Journal

ROLE_TEXT = {
    "skip": "Skip",
    "timestamp": "Date and time",
    "time": "Time (separate column)",
    "skill": "Skill rating",
    "factor": "Factor",
    "tag": "Tag when not 0",
    "tags": "Tags list",
    "note": "Note",
    "mood": "Mood label",
}


def make_table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_columns(table: QTableWidget, widths: tuple[int, ...]) -> None:
    """Fixed column widths with the first column taking the spare room."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    for column, width in enumerate(widths):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, width)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


def table_item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    return item


def scale_box(parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(-1, 1000)
    box.setDecimals(0)
    box.setSpecialValueText("—")  # -1: no source scale
    box.setValue(-1)
    return box


def shown_name(journal: Journal, name: str) -> str:
    """A factor id such as ``sleep_hours`` shown as its name ("Sleep")."""
    for factor in journal.factors(include_archived=True):
        if factor.id == name:
            return factor.name
    return name


class WizardState(Protocol):
    """What the columns page reads from and fills in on its wizard (``ImportWizard``)."""

    journal: Journal
    path: Path
    mapping: fi.CsvMapping | None
    source: fi.SourceData | None


class ColumnsPage(QWizardPage):
    """Any CSV: what each column holds, with the first rows as a preview."""

    COLUMNS = ("Column", "First values", "Holds", "Name", "Scale from", "to")

    def __init__(self, wizard: QWizard, state: WizardState) -> None:
        super().__init__(wizard)
        self.wiz = state
        self.setTitle(self.tr("What is in each column?"))
        self.setSubTitle(
            self.tr(
                "Pick the date-and-time column and its format, then which columns are skill "
                "ratings, factors, tags and the note. Give a column's own scale (e.g. 1 to 5) to "
                "convert it to the target's scale."
            )
        )
        self.format_combo = QComboBox(self)
        self.format_combo.setEditable(True)
        for fmt in fi.TIMESTAMP_FORMATS:
            self.format_combo.addItem(
                self.tr("ISO 8601 (2024-03-01T08:30)") if fmt == "iso" else fmt, fmt
            )
        self.roles = make_table(self, [self.tr(c) for c in self.COLUMNS])
        self.preview = make_table(self, [])
        self.conversions = QLabel(self)
        mark_hint(self.conversions)
        self.conversions.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Time format:"), self.format_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.roles, 3)
        layout.addWidget(self.conversions)
        layout.addWidget(QLabel(self.tr("First rows of the file:"), self))
        layout.addWidget(self.preview, 2)
        self.header: list[str] = []

    def initializePage(self) -> None:  # noqa: N802
        try:
            self.header, rows = fi.preview_table(self.wiz.path, limit=8)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Cannot read the file"))
            self.header, rows = [], []
        guess = fi.guess_mapping(self.header, rows)
        self.roles.setRowCount(len(self.header))
        for index, title in enumerate(self.header):
            role = guess.columns.get(title, fi.ColumnRole())
            sample = ", ".join(r[index] for r in rows[:3] if index < len(r) and r[index].strip())
            self.roles.setItem(index, 0, table_item(title))
            self.roles.setItem(index, 1, table_item(sample[:40]))
            combo = QComboBox(self.roles)
            for key in fi.ROLES:
                combo.addItem(self.tr(ROLE_TEXT[key]), key)
            combo.setCurrentIndex(fi.ROLES.index(role.role))
            name = QLineEdit(shown_name(self.wiz.journal, role.name or title), self.roles)
            low, high = scale_box(self.roles), scale_box(self.roles)
            if role.low is not None and role.high is not None:
                low.setValue(role.low)
                high.setValue(role.high)
            self.roles.setCellWidget(index, 2, combo)
            self.roles.setCellWidget(index, 3, name)
            self.roles.setCellWidget(index, 4, low)
            self.roles.setCellWidget(index, 5, high)
            for signal in (
                combo.currentIndexChanged,
                name.textChanged,
                low.valueChanged,
                high.valueChanged,
            ):
                signal.connect(self._update)
            if role.role == "timestamp":
                at = self.format_combo.findData(role.fmt)
                if at >= 0:
                    self.format_combo.setCurrentIndex(at)
        self.preview.setColumnCount(len(self.header))
        self.preview.setHorizontalHeaderLabels(self.header)
        self.preview.setRowCount(len(rows))
        header = self.roles.horizontalHeader()
        for column, width in enumerate((110, 170, 170, 150, 70, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.roles.setColumnWidth(column, width)
        for r, record in enumerate(rows):
            for c in range(len(self.header)):
                self.preview.setItem(r, c, table_item(record[c] if c < len(record) else ""))
        self._update()

    def role_widgets(
        self, index: int
    ) -> tuple[QComboBox, QLineEdit, QDoubleSpinBox, QDoubleSpinBox]:
        return (
            cell_widget(self.roles, index, 2, QComboBox),
            cell_widget(self.roles, index, 3, QLineEdit),
            cell_widget(self.roles, index, 4, QDoubleSpinBox),
            cell_widget(self.roles, index, 5, QDoubleSpinBox),
        )

    def set_role(
        self,
        column: str,
        role: str,
        name: str = "",
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """Choose a column's role (what a user does with the combo, name and scale boxes)."""
        combo, edit, lo, hi = self.role_widgets(self.header.index(column))
        combo.setCurrentIndex(combo.findData(role))
        if name:
            edit.setText(name)
        lo.setValue(-1 if low is None else low)
        hi.setValue(-1 if high is None else high)

    def mapping(self) -> fi.CsvMapping:
        mapping = fi.CsvMapping()
        fmt = self.format_combo.currentData()
        if (
            self.format_combo.currentText()
            != self.format_combo.itemText(self.format_combo.currentIndex())
            or fmt is None
        ):
            fmt = self.format_combo.currentText().strip()  # typed by the user
        for index, title in enumerate(self.header):
            combo, edit, lo, hi = self.role_widgets(index)
            role = combo.currentData()
            low = lo.value() if lo.value() >= 0 and hi.value() >= 0 else None
            high = hi.value() if low is not None else None
            if role in ("skill", "factor"):
                mapping.columns[title] = fi.ColumnRole(
                    role, edit.text().strip() or title, low, high
                )
            elif role == "timestamp":
                mapping.columns[title] = fi.ColumnRole(role, fmt=fmt or "iso")
            else:
                mapping.columns[title] = fi.ColumnRole(role)
        return mapping

    def _update(self) -> None:
        lines = []
        for index, title in enumerate(self.header):
            combo, edit, lo, hi = self.role_widgets(index)
            editable = combo.currentData() in ("skill", "factor")
            for widget in (edit, lo, hi):
                widget.setEnabled(editable)
            if combo.currentData() == "skill" and lo.value() >= 0 and hi.value() > lo.value():
                pairs = (
                    ", ".join(
                        f"{v}→{fi.rescale(v, lo.value(), hi.value(), 1, 10)}"
                        for v in range(int(lo.value()), int(hi.value()) + 1)
                    )
                    if hi.value() - lo.value() <= 10
                    else self.tr("linear")
                )
                lines.append(
                    self.tr("%1 %2–%3 → skill 1–10: %4")
                    .replace("%1", title)
                    .replace("%2", f"{lo.value():g}")
                    .replace("%3", f"{hi.value():g}")
                    .replace("%4", pairs)
                )
        self.conversions.setText(
            "\n".join(lines)
            or self.tr("Scale conversions appear here (e.g. a 1–5 column rated as a skill 1–10).")
        )

    def validatePage(self) -> bool:  # noqa: N802
        mapping = self.mapping()
        try:
            source = fi.load_source(self.wiz.path, "csv", mapping)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Check the columns"))
            return False
        self.wiz.mapping, self.wiz.source = mapping, source
        return True
