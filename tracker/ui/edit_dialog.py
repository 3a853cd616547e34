"""EditCheckInDialog: the check-in form in a dialog, for changing a saved check-in."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from tracker.domain import CheckIn
from tracker.errors import UserError
from tracker.services.changes import Change
from tracker.services.journal import Journal
from tracker.ui import dialogs
from tracker.ui.checkin_form import CheckInForm


class EditCheckInDialog(QDialog):
    """Edit one check-in; saving validates through the service and keeps input on error."""

    def __init__(self, journal: Journal, checkin: CheckIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit check-in"))
        self.journal = journal
        self.original = checkin
        self.change: Change | None = None
        skills = [s for s in journal.skills(include_archived=True)
                  if not s.archived or s.id in checkin.ratings]
        factors = [f for f in journal.factors(include_archived=True)
                   if not f.archived or f.id in checkin.values]
        self.form = CheckInForm(skills, factors, self, show_buttons=False, escape_clears=False)
        self.form.set_known_tags(journal.tags())
        self.form.set_checkin(checkin)
        self.form.word_for_editing(checkin.at)
        self.form.submitted.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        # Return saves (the default button); Ctrl+Return is the form's own shortcut (submitted):
        # a second registration here made it ambiguous, and Qt fired neither
        buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.resize(1100, 640)

    def edited(self) -> CheckIn:
        """The check-in as the form now shows it (raises ValidationError on bad numbers)."""
        at = self.form.at() or self.original.at
        return dataclasses.replace(
            self.original,
            at=at,
            ratings=self.form.ratings(),
            values=self.form.values(),
            tags=tuple(self.form.tags()),
            note=self.form.note(),
        )

    def accept(self) -> None:
        try:
            self.change = self.journal.update(self.edited())
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Cannot save this check-in"))
            return
        super().accept()
