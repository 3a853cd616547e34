"""HistoryModel: check-ins as a table (one row per check-in), sorted in the model.

The model holds a plain list fetched once per refresh; cells are formatted on demand, so
tens of thousands of rows cost no widgets and little memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from tracker.domain import CheckIn, Factor, FactorKind, Skill
from tracker.domain.local_time import offset_text
from tracker.ui.labels import factor_column
from tracker.ui.number_input import format_number, parse_number
from tracker.ui.tags_input import split_tags

CHECKIN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_MISSING = float("-inf")
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    kind: str  # time | skill | factor | tags | note
    key: str = ""
    header: str = ""
    skill: Skill | None = None
    factor: Factor | None = None


class HistoryModel(QAbstractTableModel):
    """Rows are check-ins; columns: time, one per skill, tags, note, one per factor (the note
    before the factors, which can be many, so it is in view without scrolling).

    Times read on this computer's clock; one recorded under another UTC offset (travelling,
    a file imported from elsewhere) also shows the clock it was recorded on."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CheckIn] = []
        self._columns: list[Column] = [Column("time", header=self.tr("When"))]
        self._sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.DescendingOrder)
        self._locale = QLocale()

    # content ---------------------------------------------------------------------------
    def set_content(
        self, checkins: Sequence[CheckIn], skills: Sequence[Skill], factors: Sequence[Factor]
    ) -> None:
        self.beginResetModel()
        columns = [Column("time", header=self.tr("When"))]
        for skill in skills:
            header = skill.name + (self.tr(" (archived)") if skill.archived else "")
            columns.append(Column("skill", skill.id, header, skill=skill))
        columns.append(Column("tags", header=self.tr("Tags")))
        columns.append(Column("note", header=self.tr("Note")))
        for factor in factors:
            header = factor_column(factor)
            if factor.unit:
                header += f" ({factor.unit})"
            columns.append(Column("factor", factor.id, header, factor=factor))
        self._columns = columns
        self._rows = list(checkins)
        self._sort_rows()
        self.endResetModel()

    def column(self, section: int) -> Column:
        return self._columns[section]

    def columns(self) -> list[Column]:
        return list(self._columns)

    def checkin(self, row: int) -> CheckIn:
        return self._rows[row]

    def section_of(self, kind: str) -> int:
        """The first column of ``kind`` (``time``, ``tags``, ``note``…), or -1."""
        return next((i for i, c in enumerate(self._columns) if c.kind == kind), -1)

    def recorded_elsewhere(self) -> bool:
        """Whether a row may carry its recorded clock (a UTC offset this computer's zone
        does not use this year): the time column is then sized for it. Cheap: one look at
        each row's offset, no zone arithmetic per row."""
        year = datetime.now().year
        here = {datetime(year, month, 1).astimezone().utcoffset() for month in (1, 7)}
        return any(c.at.utcoffset() not in here for c in self._rows)

    def row_of(self, checkin_id: str) -> int | None:
        for row, checkin in enumerate(self._rows):
            if checkin.id == checkin_id:
                return row
        return None

    # Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = self._columns[index.column()]
        if column.kind in ("skill", "factor", "tags"):
            return base | Qt.ItemFlag.ItemIsEditable
        if column.kind == "note" and "\n" not in self._rows[index.row()].note:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        checkin = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(checkin, column)
        if role == Qt.ItemDataRole.EditRole:
            if column.kind == "note":
                return checkin.note
            return self._display(checkin, column)
        if role == SORT_ROLE:
            return self._sort_key(checkin, column)
        if role == CHECKIN_ID_ROLE:
            return checkin.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in ("skill", "factor"):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.kind == "note" and checkin.note:
                return checkin.note
            if column.kind == "time":
                return self._time_tip(checkin.at)
        return None

    def _time_tip(self, at: datetime) -> str:
        """The local time in the locale's long form with its offset, and the recorded clock
        when that differs."""
        local = on_this_clock(at)
        tip = self._locale.toString(  # type: ignore[call-overload]  # PySide6 takes a datetime for a QDateTime; its stubs don't say
            local.replace(tzinfo=None), QLocale.FormatType.LongFormat)
        tip += f" (UTC{_offset(local)})"
        if local.utcoffset() != at.utcoffset():
            tip += "\n" + self.tr("On the clock where it was recorded: %1").replace(
                "%1", f"{at:%H:%M} UTC{_offset(at)}")
        return tip

    def _display(self, checkin: CheckIn, column: Column) -> str:
        if column.kind == "time":
            at = checkin.at
            local = on_this_clock(at)
            text = f"{local:%Y-%m-%d %H:%M}"
            if local.utcoffset() != at.utcoffset():  # recorded elsewhere: its clock too
                text += f" ({at:%H:%M} {_offset(at)})"
            return text
        if column.kind == "skill":
            value = checkin.ratings.get(column.key)
            return "" if value is None else str(value)
        if column.kind == "factor":
            amount = checkin.values.get(column.key)
            if amount is None:
                return ""
            if column.factor is not None and column.factor.kind is FactorKind.YESNO:
                return self.tr("yes") if amount else self.tr("no")
            return format_number(amount, 4, self._locale)
        if column.kind == "tags":
            return ", ".join(checkin.tags)
        return checkin.note.split("\n", 1)[0]

    def _sort_key(self, checkin: CheckIn, column: Column) -> Any:
        if column.kind == "time":
            return checkin.at.timestamp()
        if column.kind == "skill":
            value = checkin.ratings.get(column.key)
            return _MISSING if value is None else float(value)
        if column.kind == "factor":
            amount = checkin.values.get(column.key)
            return _MISSING if amount is None else float(amount)
        return self._display(checkin, column).casefold()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows()
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        section, order = self._sort
        if section >= len(self._columns):
            section = 0
        column = self._columns[section]
        descending = order == Qt.SortOrder.DescendingOrder
        # stable: break ties by time so equal ratings stay chronological
        self._rows.sort(key=lambda c: c.at.timestamp(), reverse=descending)
        if column.kind != "time":
            self._rows.sort(key=lambda c: self._sort_key(c, column), reverse=descending)

    # editing -----------------------------------------------------------------------------
    def edited(self, index: _Index, text: str) -> CheckIn:
        """The check-in with the cell at ``index`` replaced by typed ``text`` (not yet saved).

        Unreadable text is passed on as text so the service's validation names the problem.
        """
        checkin = self._rows[index.row()]
        column = self._columns[index.column()]
        text = text.strip() if column.kind != "note" else text
        if column.kind == "skill":
            ratings: dict[str, Any] = dict(checkin.ratings)
            if not text:
                ratings.pop(column.key, None)
            else:
                ratings[column.key] = int(text) if text.isdigit() else text
            return dataclasses.replace(checkin, ratings=ratings)
        if column.kind == "factor":
            values: dict[str, Any] = dict(checkin.values)
            if not text:
                values.pop(column.key, None)
            else:
                values[column.key] = _factor_value(column.factor, text, self._locale)
            return dataclasses.replace(checkin, values=values)
        if column.kind == "tags":
            return dataclasses.replace(checkin, tags=tuple(split_tags(text)))
        if column.kind == "note":
            return dataclasses.replace(checkin, note=text)
        return checkin


def on_this_clock(at: datetime) -> datetime:
    """``at`` in this computer's zone (as it was at that moment: summer time in summer);
    unchanged where the C library's clock cannot reach it."""
    try:
        return at.astimezone()
    except (OverflowError, ValueError, OSError):
        return at


def _offset(at: datetime) -> str:
    """``+02:00``, or ``−04:00`` with a minus sign."""
    return offset_text(at).replace("-", "\u2212")


def _factor_value(factor: Factor | None, text: str, locale: QLocale) -> Any:
    if factor is not None and factor.kind is FactorKind.YESNO:
        answers = {"yes": 1.0, "y": 1.0, "1": 1.0, "no": 0.0, "n": 0.0, "0": 0.0}
        return answers.get(text.casefold(), text)
    try:
        return parse_number(text, locale)
    except ValueError:
        return text
