"""File ▸ Restore from backup…: the backups with their dates and check-in counts; and the
question asked at start-up when the journal turned out to be damaged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services import encryption
from tracker.services.backups import Backups, JournalDamaged
from tracker.services.changes import Change, ChangeKind
from tracker.ui import dialogs, file_dialogs
from tracker.ui.cells import cell_item
from tracker.ui.counts import checkins
from tracker.ui.style import mark_hint

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def when_text(entry_created) -> str:
    return entry_created.astimezone().strftime("%Y-%m-%d %H:%M")


class RestoreDialog(QDialog):
    """Lists every backup (newest first); restoring backs up the current journal first."""

    def __init__(self, backups: Backups, on_restored: Callable[[Change], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backups = backups
        self.on_restored = on_restored
        self.setWindowTitle(self.tr("Restore from backup"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Choose a backup to bring back. The journal as it is now is backed up first, so a "
            "restore can itself be undone by restoring that copy."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.folder_label = QLabel(self.tr("Backup folder: %1").replace(
            "%1", str(backups.folder)), self)
        mark_hint(self.folder_label)
        layout.addWidget(self.folder_label)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Made"), self.tr("Check-ins"), self.tr("Kind"), self.tr("File")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(self.tr("&Restore selected"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button = QPushButton(self.tr("From a &file…"), self)
        self.file_button.clicked.connect(self.restore_from_file)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 380)
        self.refresh()

    def refresh(self) -> None:
        entries = self.backups.entries()
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            info = self.backups.describe(entry)
            locked = info is None and encryption.is_locked_file(entry.path)
            count = (f"{info.checkins:,}" if info else
                     self.tr("locked (another passphrase)") if locked else self.tr("damaged"))
            cells = [when_text(entry.created), count, self.tr(entry.kind), entry.path.name]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PATH_ROLE, str(entry.path) if info or locked else "")
                if column == 1:
                    item.setTextAlignment(RIGHT)
                self.table.setItem(row, column, item)
        if entries:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(entries))
        self.table.resizeColumnsToContents()

    def rows(self) -> list[list[str]]:
        """The table as text (for tests and screen readers)."""
        return [[cell_item(self.table, r, c).text() for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]

    def selected_path(self) -> Path | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        text = cell_item(self.table, rows[0].row(), 0).data(PATH_ROLE)
        return Path(text) if text else None

    def restore_selected(self) -> bool:
        path = self.selected_path()
        if path is None:
            dialogs.warn(self, self.tr("This backup is damaged and cannot be restored."))
            return False
        return self.restore(path)

    def restore_from_file(self) -> bool:
        name, _ = file_dialogs.open_file_name(
            self, self.tr("Restore from a backup file"), str(self.backups.folder),
            self.tr("Touchstone backups (*.db);;All files (*)"))
        return self.restore(Path(name)) if name else False

    def restore(self, path: Path) -> bool:
        question = self.tr(
            "Replace your journal with the backup %1? The journal as it is now is backed up "
            "first.").replace("%1", path.name)
        if not dialogs.confirm(self, self.tr("Restore from backup"), question):
            return False
        try:
            try:
                result = self.backups.restore(path)
            except encryption.LockedFile:
                if not self._unlock_backup(path):
                    return False
                result = self.backups.restore(path)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Nothing was restored"))
            return False
        message = self.tr("Restored %1 from %2.").replace(
            "%1", checkins(result.restored.checkins)).replace("%2", path.name)
        self.on_restored(Change(ChangeKind.ALL, (), message))
        self.accept()
        return True


    def _unlock_backup(self, path: Path) -> bool:
        """Ask for the passphrase of a backup made under another one."""
        from tracker.ui.passphrase_dialog import UnlockDialog

        dialog = UnlockDialog(
            self.tr("%1 is encrypted with another passphrase (perhaps an earlier one). Enter "
                    "it to restore this backup.").replace("%1", path.name),
            lambda p: encryption.unlock_file(path, p, self.backups.paths), self,
            title=self.tr("Backup passphrase"))
        return dialog.exec() == UnlockDialog.DialogCode.Accepted


def offer_restore_after_damage(error: JournalDamaged, parent: QWidget | None = None) -> str:
    """Tell the user the journal was damaged and set aside: ``"restore"``, ``"empty"`` or
    ``"quit"``; after a stray -wal also ``"alone"`` (the journal file without it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(dialogs.tr("The journal is damaged"))
    box.setText(error.summary)
    alone = restore = None
    if error.alone is not None:
        alone = box.addButton(dialogs.tr("Use the journal without that -wal"),
                              QMessageBox.ButtonRole.AcceptRole)
    if error.backup is not None:
        box.setInformativeText(dialogs.tr(
            "The newest good backup is %1 (%2). Restore it now?").replace(
            "%1", str(error.backup.path)).replace("%2", checkins(error.backup.checkins)))
        restore = box.addButton(dialogs.tr("Restore this backup"),
                                QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText(dialogs.tr("No backup was found."))
    empty = box.addButton(dialogs.tr("Start an empty journal"), QMessageBox.ButtonRole.ResetRole)
    box.addButton(dialogs.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(alone or restore or empty)
    box.exec()
    clicked = box.clickedButton()
    if alone is not None and clicked is alone:
        return "alone"
    if restore is not None and clicked is restore:
        return "restore"
    if clicked is empty:
        return "empty"
    return "quit"
