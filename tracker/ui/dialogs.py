"""Message boxes in one place, so every warning and question looks and reads the same."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.ui.text import translator

tr = translator("dialogs")


def warn(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """An expected problem (a UserError): plain warning, nothing lost."""
    QMessageBox.warning(parent, title or tr("Touchstone"), message)


def info(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """Something done that the user should know about."""
    QMessageBox.information(parent, title or tr("Touchstone"), message)


def confirm(parent: QWidget | None, title: str, message: str) -> bool:
    """A yes/no question whose safe answer (No) is the default."""
    answer = QMessageBox.question(
        parent,
        title,
        message,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_keep_draft(parent: QWidget | None) -> str:
    """Ask on close with an unfinished form: ``"keep"``, ``"discard"`` or ``"cancel"``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Unfinished check-in"))
    box.setText(tr("Keep the unfinished check-in as a draft?"))
    box.setInformativeText(tr("A kept draft is restored the next time you open Touchstone."))
    keep = box.addButton(tr("Keep draft"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return "keep"
    if clicked is discard:
        return "discard"
    return "cancel"


def ask_save_changes(parent: QWidget | None, what: str) -> str:
    """Ask before unsaved edits of ``what`` are left: ``"save"``, ``"discard"`` or ``"cancel"``."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Unsaved changes"))
    box.setText(tr("Save the changes to {what}?").format(what=what))
    box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"
