"""Asking for passphrases: to unlock a journal or backup, and to choose a new one.

A wrong passphrase is answered inside the dialog (the field is selected for another try), so
nothing the user typed elsewhere is lost and no message box piles up. Fields never echo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services import encryption
from tracker.ui.style import mark_problem


def _secret_field(name: str, parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def _error_label(parent: QWidget) -> QLabel:
    label = _wrapped("", parent)
    label.setAccessibleName(parent.tr("Passphrase problem"))
    mark_problem(label)
    label.hide()
    return label


def _wrapped(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class UnlockDialog(QDialog):
    """One passphrase field; ``check(passphrase)`` raises ``UserError`` when it is wrong."""

    def __init__(self, prompt: str, check: Callable[[str], None], parent: QWidget | None = None,
                 *, title: str | None = None, reject_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Touchstone is locked"))
        self._check = check
        self.passphrase = _secret_field(self.tr("Passphrase"), self)
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Unlock"))
        if reject_text:
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(reject_text)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(prompt, self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()
        self.setFixedWidth(440)  # wrapped text then gets the height it needs (adjustSize)
        self.adjustSize()

    def accept(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # scrypt: ~0.5 s
        try:
            self._check(self.passphrase.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.adjustSize()
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.passphrase.clear()
        super().accept()


class NewPassphraseDialog(QDialog):
    """Choose a passphrase, typed twice; ``acknowledge`` adds the forgotten-passphrase box."""

    def __init__(self, parent: QWidget | None = None, *, title: str | None = None,
                 acknowledge: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or self.tr("Encrypt the journal"))
        self.first = _secret_field(self.tr("New passphrase"), self)
        self.second = _secret_field(self.tr("The same passphrase again"), self)
        self.understood = QCheckBox(self.tr(
            "I understand: if I forget this passphrase, my journal is &lost."), self)
        self.understood.setAccessibleName(self.tr(
            "I understand that a forgotten passphrase means the journal is lost"))
        self.understood.setVisible(acknowledge)
        self.understood.setChecked(not acknowledge)
        self.error = _error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.understood.toggled.connect(self._update)
        form = QFormLayout()
        form.addRow(self.tr("&New passphrase"), self.first)
        form.addRow(self.tr("&Again"), self.second)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(self.tr(
            "Choose a passphrase of at least %1 characters; a few unrelated words are easy to "
            "remember and hard to guess.").replace("%1", str(encryption.MIN_LENGTH)), self))
        layout.addLayout(form)
        warning = _wrapped(encryption.FORGOTTEN_WARNING, self)
        warning.setStyleSheet("font-weight: bold;")
        warning.setVisible(acknowledge)
        layout.addWidget(warning)
        layout.addWidget(self.understood)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.first.setFocus()
        self.setFixedWidth(480)
        self.adjustSize()
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(self.understood.isChecked())

    def passphrase(self) -> str:
        return self.first.text()

    def accept(self) -> None:
        try:
            encryption.check_new_passphrase(self.first.text(), self.second.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.show()
            self.adjustSize()
            self.first.setFocus()
            return
        super().accept()
