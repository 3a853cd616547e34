"""HistoryView: filters, the check-in table, edit in place or in a dialog, delete."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services.journal import CheckInFilter, Journal
from tracker.ui import counts, dialogs, lifetime
from tracker.ui.history_model import CHECKIN_ID_ROLE, HistoryModel
from tracker.ui.style import mark_hint

NOTE_WIDTH = 260  # px: a line of a note, however many factors follow it


class _CellDelegate(QStyledItemDelegate):
    """Line-edit editor; a rejected value is shown in a dialog and the editor reopens with it."""

    def __init__(self, view: HistoryView) -> None:
        super().__init__(view)
        self._view = view
        self._pending: dict[tuple[str, int], str] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        column = self._view.model.column(index.column())
        editor.setAccessibleName(self.tr("Edit %1").replace("%1", column.header))
        return editor

    def setEditorData(self, editor: QWidget, index) -> None:  # noqa: N802
        key = (index.data(CHECKIN_ID_ROLE), index.column())
        text = self._pending.pop(key, None)
        if text is None:
            text = index.data(Qt.ItemDataRole.EditRole) or ""
        assert isinstance(editor, QLineEdit)
        editor.setText(str(text))
        editor.selectAll()

    def setModelData(self, editor: QWidget, model, index) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        text = editor.text()
        if text == (index.data(Qt.ItemDataRole.EditRole) or ""):
            return
        checkin_id = index.data(CHECKIN_ID_ROLE)
        try:
            change = self._view.journal.update(self._view.model.edited(index, text))
        except UserError as exc:
            self._pending[(checkin_id, index.column())] = text
            column, message = index.column(), exc.message
            view = self._view
            lifetime.later(view, view.journal, lambda: view.reopen(checkin_id, column, message))
            return
        # refresh after the editor has closed, not while the view is still committing
        view = self._view
        lifetime.later(view, view.journal, lambda: view.change_made.emit(change))


class HistoryView(QWidget):
    """Every check-in matching the filters; emits ``change_made(Change)`` after a mutation."""

    change_made = Signal(object)

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.model = HistoryModel(self)
        self._stale = True

        filters = self._build_filters()
        self._build_table()
        buttons = self._build_buttons_and_row_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._sync_buttons()

    # building (in this order: it is the keyboard's focus order) -------------------------
    def _build_filters(self) -> QHBoxLayout:
        """The filter row: from/to dates (each behind a check box), tag, skill, search."""
        self.from_check = QCheckBox(self.tr("From"), self)
        self.from_date = QDateEdit(QDate.currentDate().addMonths(-1), self)
        self.to_check = QCheckBox(self.tr("to"), self)
        self.to_date = QDateEdit(QDate.currentDate(), self)
        for check, edit, name in ((self.from_check, self.from_date, self.tr("From date")),
                                  (self.to_check, self.to_date, self.tr("Until date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.setAccessibleName(name)
            check.setAccessibleName(self.tr("Filter by %1").replace("%1", name.lower()))
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self.refresh)
            edit.dateChanged.connect(self._date_changed)
        self.tag_combo = QComboBox(self)
        self.tag_combo.setAccessibleName(self.tr("Filter by tag"))
        self.tag_combo.setMinimumWidth(120)
        self.skill_combo = QComboBox(self)
        self.skill_combo.setAccessibleName(self.tr("Filter by skill"))
        self.skill_combo.setMinimumWidth(120)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Search notes…"))
        self.search_edit.setAccessibleName(self.tr("Search in notes"))
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = lifetime.timer(self, self.journal, self.refresh, 250)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.tag_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.skill_combo.currentIndexChanged.connect(lambda _i: self.refresh())


        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.from_check)
        filters.addWidget(self.from_date)
        filters.addWidget(self.to_check)
        filters.addWidget(self.to_date)
        filters.addSpacing(12)
        tag_label = QLabel(self.tr("Tag"), self)
        tag_label.setBuddy(self.tag_combo)
        filters.addWidget(tag_label)
        filters.addWidget(self.tag_combo)
        skill_label = QLabel(self.tr("Skill"), self)
        skill_label.setBuddy(self.skill_combo)
        filters.addWidget(skill_label)
        filters.addWidget(self.skill_combo)
        filters.addSpacing(12)
        filters.addWidget(self.search_edit, 1)
        return filters

    def _build_table(self) -> None:
        """The check-ins table: one row selected at a time, edited in place, Delete key."""
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Check-ins"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)  # the note takes the room left (``_fit_note``)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.delegate = _CellDelegate(self)
        self.table.setItemDelegate(self.delegate)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, not cell by cell
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # F2 or a double click edits in place
            opens = QShortcut(QKeySequence(key), self.table)
            opens.setContext(Qt.ShortcutContext.WidgetShortcut)
            opens.activated.connect(self.edit_selected)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)

    def _focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def _build_buttons_and_row_actions(self) -> QHBoxLayout:
        """The count, Edit… and Delete under the table; the same on a row's context menu."""
        self.count_label = QLabel(self)
        mark_hint(self.count_label)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_buttons())
        # right-click (or the Menu key) on a row: the same actions, and any the window adds
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.row_actions: list[QAction] = []
        for text, slot in ((self.tr("Edit…"), self.edit_selected),
                           (self.tr("Delete"), self.delete_selected)):
            action = QAction(text, self.table)
            action.triggered.connect(slot)
            self.table.addAction(action)
            self.row_actions.append(action)
        return buttons

    # data ------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        """Refresh now when shown, otherwise on the next show."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def current_filter(self) -> CheckInFilter:
        search = self.search_edit.text().strip() or None
        return CheckInFilter(
            since=_py_date(self.from_date.date()) if self.from_check.isChecked() else None,
            until=_py_date(self.to_date.date()) if self.to_check.isChecked() else None,
            tag=self.tag_combo.currentData(),
            skill_id=self.skill_combo.currentData(),
            search=search,
        )

    def refresh(self) -> None:
        """Fetch once and show; keeps the selected check-in selected."""
        self._stale = False
        selected = self.selected_id()
        current_column = max(self.table.currentIndex().column(), 0)
        self._fill_combos()
        skills = self.journal.skills(include_archived=True)
        factors = self.journal.factors(include_archived=True)
        checkins = self.journal.checkins(self.current_filter())
        self.model.set_content(checkins, skills, factors)
        self._size_columns()
        total = self.journal.count()
        self.count_label.setText(self.tr("%1 of %2").replace(
            "%1", f"{len(checkins):,}").replace("%2", counts.checkins(total)))
        if selected is not None:
            self.select(selected, current_column)
        self._sync_buttons()

    def _size_columns(self) -> None:
        """The time as wide as its text, ratings and factors as their headers, tags 130 px;
        the note takes the room left (at least ``NOTE_WIDTH``), ahead of the factors."""
        metrics = self.fontMetrics()
        sample = ("0000-00-00 00:00 (00:00 +00:00)" if self.model.recorded_elsewhere()
                  else "0000-00-00 00:00")
        self.table.setColumnWidth(0, metrics.horizontalAdvance(sample) + 16)
        for section, column in enumerate(self.model.columns()):
            if column.kind in ("skill", "factor"):
                width = max(44, metrics.horizontalAdvance(column.header) + 18)
                self.table.setColumnWidth(section, width)
            elif column.kind == "tags":
                self.table.setColumnWidth(section, 130)
        self._fit_note()

    def _fit_note(self) -> None:
        note = self.model.section_of("note")
        if note < 0:
            return
        others = sum(self.table.columnWidth(s) for s in range(self.model.columnCount())
                     if s != note)
        self.table.setColumnWidth(note, max(NOTE_WIDTH, self.table.viewport().width() - others))

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_note()

    def _fill_combos(self) -> None:
        for combo, items, everything in (
            (self.tag_combo, [(t, t) for t in self.journal.tags()], self.tr("All tags")),
            (self.skill_combo, [(s.name, s.id) for s in self.journal.skills(True)],
             self.tr("All skills")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def _date_changed(self, _d: QDate) -> None:
        if self.from_check.isChecked() or self.to_check.isChecked():
            self.refresh()

    # selection -------------------------------------------------------------------------
    def add_row_action(self, action: QAction) -> None:
        """Offer ``action`` in the rows' context menu too (e.g. Erase permanently…)."""
        self.table.addAction(action)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CHECKIN_ID_ROLE) if rows else None

    def select(self, checkin_id: str, column: int = 0) -> bool:
        row = self.model.row_of(checkin_id)
        if row is None:
            return False
        index = self.model.index(row, min(column, self.model.columnCount() - 1))
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)
        return True

    def _sync_buttons(self) -> None:
        has = self.selected_id() is not None
        controls: list[QWidget | QAction] = [self.edit_button, self.delete_button,
                                             *self.row_actions]
        for control in controls:
            control.setEnabled(has)

    # actions -----------------------------------------------------------------------------
    def reopen(self, checkin_id: str, column: int, message: str) -> None:
        """After a rejected in-place edit: say why, then reopen the cell with the typed text."""
        dialogs.warn(self, message, self.tr("Cannot save this change"))
        row = self.model.row_of(checkin_id)
        if (row is None or QApplication.activeModalWidget() is not None
                or self.table.state() == QAbstractItemView.State.EditingState):
            # a dialog or another cell's editor opened meanwhile: the typed text waits for
            # the next edit (moving to this cell would commit that editor, whose rejection
            # reopens it in turn: two rejected cells reopened each other for ever)
            return
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _double_clicked(self, index: QModelIndex) -> None:
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.edit_selected()

    def edit_selected(self) -> None:
        from tracker.ui.edit_dialog import EditCheckInDialog

        checkin_id = self.selected_id()
        checkin = self.journal.get(checkin_id) if checkin_id else None
        if checkin is None:
            return
        dialog = EditCheckInDialog(self.journal, checkin, self)
        self.last_dialog = dialog
        if dialog.exec() and dialog.change is not None:
            self.change_made.emit(dialog.change)

    def delete_selected(self) -> None:
        checkin_id = self.selected_id()
        if checkin_id is None:
            return
        row = self.model.row_of(checkin_id) or 0
        try:
            change = self.journal.delete(checkin_id)
        except UserError as exc:
            dialogs.warn(self, exc.message)
            return
        self.change_made.emit(change)
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))


def _py_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
