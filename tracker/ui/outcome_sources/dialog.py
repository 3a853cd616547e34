"""Outcome sources… : the sources with their last refresh, a form to add one (git, Anki or a
daily-metric file), remove (after a confirmation) and refresh now. Bad input is a line in the
dialog, the form kept as typed; reading happens in the window's background refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services.changes import Change, ChangeKind
from tracker.services.outcome_sources import SourceBook, add_source, remove_source
from tracker.ui import dialogs
from tracker.ui.buttons import push_button
from tracker.ui.style import mark_hint

if TYPE_CHECKING:
    from tracker.ui.outcome_sources.host import Refresher, Window

KINDS = ("git", "anki", "metric")


class OutcomeSourcesDialog(QDialog):
    """The window's sources (``window.settings``); reading goes through ``refresher``."""

    def __init__(self, window: Window, refresher: Refresher) -> None:
        super().__init__(window.widget)
        self.host = window
        self.refresher = refresher
        self.book = SourceBook(window.settings)
        self._pending: str | None = None
        self.setWindowTitle(self.tr("Outcome sources"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Outcomes read from your own work, on this computer only: git repositories, an "
            "Anki collection, a file of daily values. Each is read at start and then hourly; "
            "it measures output, which your state can truly move."), self)
        intro.setWordWrap(True)
        mark_hint(intro)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Kind"),
                                              self.tr("Last refresh"), self.tr("Days"),
                                              self.tr("Problem")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.remove_button = push_button(self.tr("Re&move…"), self)
        self.refresh_button = push_button(self.tr("Refresh no&w"), self)
        row.addWidget(self.remove_button)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._build_form())
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.remove_button.clicked.connect(self.remove_selected)
        self.refresh_button.clicked.connect(self.refresh_now)
        self.add_button.clicked.connect(self.add)
        refresher.finished.connect(self._refreshed)
        self.resize(720, 560)
        self.reload()

    def _build_form(self) -> QGroupBox:
        box = QGroupBox(self.tr("Add a source"), self)
        form = QFormLayout(box)
        self.kind = QComboBox(box)
        for kind, text in zip(KINDS, (self.tr("Git repositories"), self.tr("Anki collection"),
                                      self.tr("Daily-metric file (CSV or JSON)")), strict=True):
            self.kind.addItem(text, kind)
        self.name = QLineEdit(box)
        self.name.setPlaceholderText(self.tr("e.g. Work repo, Words written"))
        self.unit = QLineEdit(box)
        self.unit.setPlaceholderText(self.tr("e.g. words (a daily-metric file)"))
        form.addRow(self.tr("&Kind:"), self.kind)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Unit:"), self.unit)
        self.pages = QStackedWidget(box)
        self.repos = QPlainTextEdit(box)
        self.repos.setPlaceholderText(self.tr("One repository folder per line"))
        self.repos.setTabChangesFocus(True)
        self.emails = QLineEdit(box)
        self.emails.setPlaceholderText(self.tr("you@example.org, you@work.example"))
        self.paths = QLineEdit(box)
        self.paths.setPlaceholderText(self.tr("optional: src/, docs/"))
        self.collection = QLineEdit(box)
        self.collection.setPlaceholderText(self.tr("…/Anki2/User 1/collection.anki2"))
        self.file = QLineEdit(box)
        self.file.setPlaceholderText(self.tr("A CSV or JSON file of date, value"))
        self.date_column = QLineEdit(box)
        self.date_column.setPlaceholderText(self.tr("optional: the date column"))
        self.value_column = QLineEdit(box)
        self.value_column.setPlaceholderText(self.tr("optional: the value column"))
        self.date_format = QLineEdit(box)
        self.date_format.setPlaceholderText(self.tr("optional, e.g. %d/%m/%Y"))
        for rows in ([(self.tr("&Repositories:"), self.repos),
                      (self.tr("&E-mails:"), self.emails), (self.tr("&Paths:"), self.paths)],
                     [(self.tr("&Collection:"), self.collection)],
                     [(self.tr("&File:"), self.file), (self.tr("&Date column:"), self.date_column),
                      (self.tr("&Value column:"), self.value_column),
                      (self.tr("Date f&ormat:"), self.date_format)]):
            page = QWidget(self.pages)
            page_form = QFormLayout(page)
            page_form.setContentsMargins(0, 0, 0, 0)
            for label, widget in rows:
                page_form.addRow(label, widget)
            self.pages.addWidget(page)
        form.addRow(self.pages)
        self.add_button = push_button(self.tr("&Add and read"), box)
        form.addRow(self.add_button)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        return box

    # the list ------------------------------------------------------------------------------
    def reload(self) -> None:
        sources = self.book.sources()
        self.table.setRowCount(len(sources))
        for n, source in enumerate(sources):
            status = self.book.status(source)
            when = status.last_refresh.replace("T", " ")[:16] or self.tr("never")
            for column, text in enumerate((source.name, source.config.kind, when,
                                           f"{status.days:,}", status.error)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(n, column, item)
        self.table.resizeColumnsToContents()
        self.remove_button.setEnabled(bool(sources))
        self.refresh_button.setEnabled(bool(sources))

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else (0 if self.table.rowCount() == 1 else -1)
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item is not None else None

    # actions -------------------------------------------------------------------------------
    def add(self) -> bool:
        """Check and save the source in the form, then read it in the background."""
        kind = str(self.kind.currentData())
        try:
            options = self.options(kind)
            name = self.name.text().strip() or {"git": "Git", "anki": "Anki"}.get(
                kind, "Daily metric")
            source = add_source(self.book, kind, name, options, self.unit.text())
        except UserError as exc:
            self.say(exc.message, problem=True)
            return False
        for edit in (self.name, self.unit, self.emails, self.paths, self.collection, self.file,
                     self.date_column, self.value_column, self.date_format):
            edit.clear()
        self.repos.clear()
        self.reload()
        self.say(self.tr("Added %1; reading it…").replace("%1", source.name))
        self._read(source.name)
        return True

    def options(self, kind: str) -> dict[str, Any]:
        """The reader's options from the form (their checks are the reader's)."""
        if kind == "git":
            options: dict[str, Any] = {
                "repositories": [r.strip() for r in self.repos.toPlainText().splitlines()
                                 if r.strip()],
                "emails": _items(self.emails.text())}
            if _items(self.paths.text()):
                options["paths"] = _items(self.paths.text())
            return options
        if kind == "anki":
            return {"collection": self.collection.text().strip()}
        options = {"file": self.file.text().strip()}
        for key, edit in (("date", self.date_column), ("value", self.value_column),
                          ("format", self.date_format)):
            if edit.text().strip():
                options[key] = edit.text().strip()
        return options

    def remove_selected(self) -> bool:
        name = self.selected_name()
        if name is None:
            self.say(self.tr("Choose the source to remove in the list."), problem=True)
            return False
        if not dialogs.confirm(self, self.tr("Remove source"), self.tr(
                "Remove %1 and every value it gave? Adding it again reads them again."
        ).replace("%1", name)):
            return False
        try:
            dropped = remove_source(self.host.journal, self.book, self.book.find(name))
        except UserError as exc:
            self.say(exc.message, problem=True)
            return False
        self.reload()
        text = self.tr("Removed %1 and its %2 values.").replace("%1", name).replace(
            "%2", f"{dropped:,}")
        self.say(text)
        self.host.apply_change(Change(ChangeKind.OUTCOMES, (), text))
        return True

    def refresh_now(self) -> None:
        self._read(None)
        self.say(self.tr("Reading the sources…"))

    def _read(self, name: str | None) -> None:
        if not self.refresher.refresh_now(name):
            self._pending = name or ""  # after the refresh that runs now
            if self.refresher.running:
                return
            self._pending = None

    def _refreshed(self, plans: object) -> None:
        self.book = SourceBook(self.host.settings)
        self.reload()
        problems = [f"{p.source.name}: {p.error}" for p in plans
                    if p.error] if isinstance(plans, list) else []
        if problems:
            self.say("\n".join(problems), problem=True)
        else:
            self.say(self.tr("Sources read."))
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._read(pending or None)

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)  # tests; read aloud like any label


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
