"""The menu's Add outcome… and Import outcomes…, through the same services as the CLI.

Either ends in the window's ``apply_change`` with the journal's ``Change`` (kind ``outcomes``),
so the dashboard's Felt vs measured view redraws like after any other write, and a line in the
status bar. An import is checked whole first (``plan_outcome_file``): a bad row is refused with
its line number and nothing is written; new measures and values the file would replace are
asked about (Create / Replace, or Cancel) before anything is written. Importing the same file
again adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from tracker.errors import UserError
from tracker.ui import dialogs, file_dialogs
from tracker.ui.counts import days
from tracker.ui.number_input import format_number
from tracker.ui.text import translator

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QMainWindow

    from tracker.services.changes import Change
    from tracker.services.journal import Journal
    from tracker.services.outcome_import import OutcomeAdded, OutcomePlan
    from tracker.ui.outcomes.add_dialog import AddOutcomeDialog

tr = translator("outcomes")
SHOWN_CONFLICTS = 5  # lines of a Replace question; the rest are counted


class Window(Protocol):
    """What the flows use of the main window (``main_window.host.WindowHost`` has it all)."""

    journal: Journal

    @property
    def widget(self) -> QMainWindow: ...

    def apply_change(self, change: Change | None) -> None: ...

    def show_message(self, text: str) -> None: ...


# Add outcome… ------------------------------------------------------------------------------
def open_add_outcome(window: Window) -> AddOutcomeDialog:
    """The dialog, window-modal; on save the change is applied and the status bar says it."""
    from tracker.ui.outcomes.add_dialog import AddOutcomeDialog

    dialog = AddOutcomeDialog(window.journal, window.widget)
    dialog.finished.connect(dialog.deleteLater)  # once closed, saved or not

    def saved() -> None:
        added = dialog.added
        if added is not None:
            window.apply_change(added.change)
            window.show_message(saved_text(added))

    dialog.accepted.connect(saved)
    dialog.open()
    return dialog


def saved_text(added: OutcomeAdded) -> str:
    """"Pages on 2026-12-07: 15 pages (was 12)." and a new measure named first."""
    unit = f" {added.measure.unit}" if added.measure.unit else ""
    text = (tr("%1 on %2: %3 saved.").replace("%1", added.measure.name)
            .replace("%2", added.day.isoformat())
            .replace("%3", format_number(added.value, 4) + unit))
    if added.previous is not None and added.previous != added.value:
        text += " " + tr("It was %1.").replace("%1", format_number(added.previous, 4) + unit)
    if added.created:
        text = tr("New measure “%1”.").replace("%1", added.measure.name) + " " + text
    return text


# Import outcomes… --------------------------------------------------------------------------
def import_outcomes(window: Window, path: str | None = None) -> OutcomeImport | None:
    """Choose a CSV (``date,measure,value[,unit]``) and import it; None when none was chosen."""
    if path is None:
        path, _ = file_dialogs.open_file_name(
            window.widget, tr("Import outcomes"), str(Path.home()),
            tr("CSV files (*.csv);;All files (*)"))
    if not path:
        return None
    flow = OutcomeImport(window, Path(path))
    flow.start()
    return flow


class OutcomeImport:
    """One file's import: checked, asked about, written. ``question`` is the open box."""

    def __init__(self, window: Window, path: Path) -> None:
        self.window = window
        self.path = path
        self.question: QMessageBox | None = None
        self.plan: OutcomePlan | None = None  # what was written, once it was

    def start(self) -> None:
        from tracker.services.outcome_import import plan_outcome_file

        try:
            plan = plan_outcome_file(self.window.journal, self.path)
        except UserError as exc:
            self._refused(exc.message)
            return
        create, replace = bool(plan.measures), bool(plan.conflicts)

        def ask_replace() -> None:
            if not replace:
                self.write(create, replace)
                return
            shown = plan.conflicts[:SHOWN_CONFLICTS]
            more = len(plan.conflicts) - len(shown)
            detail = "\n".join(shown) + ("\n" + tr("… and %1 more.").replace(
                "%1", f"{more:,}") if more else "")
            self.ask(tr("The file disagrees with values in your journal. Replace them with "
                        "the file's?"), detail, tr("&Replace"), lambda: self.write(create, True))

        if create:
            names = ", ".join(tr("“%1” in %2").replace("%1", m.name).replace("%2", m.unit)
                              if m.unit else f"“{m.name}”" for m in plan.measures)
            self.ask(tr("The file names measures your journal does not have yet: %1. "
                        "Create them?").replace("%1", names), "", tr("C&reate"), ask_replace,
                     default_yes=True)
        else:
            ask_replace()

    def ask(self, text: str, detail: str, yes: str, then: Callable[[], None], *,
            default_yes: bool = False) -> None:
        """A window-modal question: ``yes`` runs ``then``; Cancel (or Esc) imports nothing."""
        box = QMessageBox(self.window.widget)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Import outcomes"))
        box.setText(text)
        box.setInformativeText(detail)
        yes_button: QPushButton = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes_button if default_yes else cancel)
        box.setEscapeButton(cancel)

        def answered(_result: int) -> None:
            self.question = None
            box.deleteLater()
            if box.clickedButton() is yes_button:
                then()
            else:
                self.window.show_message(tr("Nothing was imported."))

        box.finished.connect(answered)
        self.question = box
        box.open()

    def write(self, create: bool, replace: bool) -> None:
        """Import for real (checked again: the journal or the file may have changed)."""
        from tracker.services.outcome_import import import_outcome_file

        try:
            plan = import_outcome_file(self.window.journal, self.path, create=create,
                                       replace=replace)
        except UserError as exc:
            self._refused(exc.message)
            return
        self.plan = plan
        self.window.apply_change(plan.change)
        self.window.show_message(imported_text(plan, self.path.name))

    def _refused(self, message: str) -> None:
        parent: QWidget = self.window.widget
        dialogs.warn(parent, message, tr("Nothing was imported"))


def imported_text(plan: OutcomePlan, name: str) -> str:
    """What an import did, in days (one measure's value on one day)."""
    if not plan.outcomes and not plan.measures:
        return tr("Nothing new in %1: every row is already in your journal (%2).").replace(
            "%1", name).replace("%2", days(plan.unchanged))
    text = (tr("Imported %1: %2 added, %3 replaced, %4 unchanged.").replace("%1", name)
            .replace("%2", days(plan.added)).replace("%3", f"{plan.replaced:,}")
            .replace("%4", f"{plan.unchanged:,}"))
    if plan.measures:
        text += " " + tr("New measures: %1.").replace(
            "%1", ", ".join(m.name for m in plan.measures))
    return text
