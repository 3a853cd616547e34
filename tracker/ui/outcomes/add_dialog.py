"""Add outcome…: one day's value of a measure, typed by hand (``touchstone outcome add``).

Keyboard only: the measure has the focus (type its name, or Down for the list), Tab to the
value, Return saves, Esc cancels. What is wrong is said inside the dialog, which keeps what was
typed and writes nothing. A measure the journal does not know is created only after asking
(``NewMeasureDialog``, with its unit). A day that already has a value says so, and what the
value is, before the save replaces it. Both dialogs open window-modal (``open``), never in a
nested event loop.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services.clock import local_now
from tracker.services.measured import check_outcome_day
from tracker.services.outcome_import import OutcomeAdded, add_by_name
from tracker.ui.number_input import format_number, parse_number
from tracker.ui.style import mark_hint, mark_problem
from tracker.ui.text import translator

if TYPE_CHECKING:
    from tracker.domain.measured import Measure
    from tracker.services.journal import Journal

tr = translator("outcomes")
WIDTH = 460


def _wrapped(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


def _day(value: QDate) -> date:
    day = value.toPython()  # PySide6 types it as object
    assert isinstance(day, date)
    return day


def _key(name: str) -> str:
    """A measure's name as the journal compares them: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


class Problem(UserError):
    """Input the dialog refuses, and the field to go back to."""

    def __init__(self, message: str, field: QWidget) -> None:
        super().__init__(message)
        self.field = field


class NewMeasureDialog(QDialog):
    """Asked before a measure is created: its unit, and whether more is better."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New measure"))
        self.unit = QLineEdit(self)
        self.unit.setAccessibleName(tr("Unit"))
        self.unit.setPlaceholderText(tr("e.g. pages, minutes, cards"))
        self.higher = QCheckBox(tr("&Higher is better"), self)
        self.higher.setChecked(True)
        self.higher.setToolTip(tr("Untick for a measure where less is better, such as errors."))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(tr("C&reate and save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("&Unit (optional):"), self.unit)
        form.addRow("", self.higher)
        self.question = _wrapped("", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addLayout(form)
        layout.addWidget(mark_hint(_wrapped(tr(
            "The unit is shown beside its values; a measure keeps it."), self)))
        layout.addWidget(buttons)
        self.setFixedWidth(WIDTH - 40)

    def ask(self, name: str) -> None:
        """Open (window-modal) for the measure called ``name``, the unit field empty."""
        self.question.setText(tr("There is no measure called “%1” yet. Create it?")
                              .replace("%1", name))
        self.unit.clear()
        self.higher.setChecked(True)
        self.adjustSize()
        self.unit.setFocus()
        self.open()


class AddOutcomeDialog(QDialog):
    """Measure, value, date (today by default); ``added`` says what was saved."""

    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add outcome"))
        self.journal = journal
        self.added: OutcomeAdded | None = None
        self.asking: NewMeasureDialog | None = None  # the question for an unknown measure
        self._pending: tuple[str, float, date] = ("", 0.0, date.min)  # what it was asked for
        self.measures = journal.list_measures(include_archived=False)
        self._by_key = {_key(m.name): m for m in journal.list_measures()}
        self._stored = {(o.measure_id, o.day): o.value for o in journal.list_outcomes()}
        today = local_now().date()

        self.measure = QComboBox(self)
        self.measure.setEditable(True)
        self.measure.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for m in self.measures:
            self.measure.addItem(m.name, m.id)
        self.measure.setCurrentIndex(-1)
        self.measure.setEditText("")
        self.measure.setAccessibleName(tr("Measure"))
        edit = self.measure.lineEdit()
        assert edit is not None  # an editable combo box has one
        edit.setPlaceholderText(tr("e.g. pages written"))
        self.value = QLineEdit(self)
        self.value.setAccessibleName(tr("Value"))
        self.value.setPlaceholderText(tr("a number, e.g. 3 or 2.5"))
        self.unit = mark_hint(QLabel(self))
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setCalendarPopup(True)
        self.date.calendarWidget().setMaximumDate(self.date.date())  # no future day to pick
        self.date.setAccessibleName(tr("Date"))
        self.note = _wrapped("", self)  # a replaced value or a new measure: plain, not a hint
        self.note.setAccessibleName(tr("Note"))
        self.problem = mark_problem(_wrapped("", self))
        self.problem.setAccessibleName(tr("Problem"))
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        value_row = QHBoxLayout()
        value_row.addWidget(self.value, 1)
        value_row.addWidget(self.unit)
        form = QFormLayout()
        form.addRow(tr("&Measure:"), self.measure)
        form.addRow(tr("&Value:"), value_row)
        form.addRow(tr("&Date:"), self.date)
        value_label = form.labelForField(value_row)
        if isinstance(value_label, QLabel):
            value_label.setBuddy(self.value)
        layout = QVBoxLayout(self)
        layout.addWidget(mark_hint(_wrapped(tr(
            "A result you measured on a day, such as pages written or problems solved: the "
            "dashboard sets it beside how you rated yourself that day."), self)))
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setFixedWidth(WIDTH)

        self.measure.editTextChanged.connect(lambda _text: self._update())
        self.date.dateChanged.connect(lambda _day: self._update())
        self._update()
        self.measure.setFocus()

    # what the form says ------------------------------------------------------------------
    def known(self) -> Measure | None:
        """The measure the typed name means, if the journal has it."""
        return self._by_key.get(_key(self.measure.currentText()))

    def stored(self, measure: Measure, day: date) -> float | None:
        """The value the journal had for ``measure`` on ``day`` when the dialog opened."""
        return self._stored.get((measure.id, day))

    def _update(self) -> None:
        """The unit beside the value; the note saying a new measure or a replaced value."""
        measure = self.known()
        name = " ".join(self.measure.currentText().split())
        self.unit.setText(measure.unit if measure is not None else "")
        day = _day(self.date.date())
        before = None if measure is None else self.stored(measure, day)
        note = ""
        if measure is None and name:
            note = tr("“%1” is a new measure: saving asks for its unit first.").replace(
                "%1", name)
        elif measure is not None and before is not None:
            unit = f" {measure.unit}" if measure.unit else ""
            note = (tr("%1 on %2 is already %3: saving replaces it.")
                    .replace("%1", measure.name).replace("%2", day.isoformat())
                    .replace("%3", format_number(before, 4, self.locale()) + unit))
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.save_button.setText(tr("&Replace") if before is not None else tr("&Save"))
        self.adjustSize()

    def say(self, message: str, field: QWidget | None = None) -> None:
        """Show what is wrong (nothing was written) and go back to ``field``."""
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.adjustSize()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            edit = field.lineEdit() if isinstance(field, QComboBox) else field
            if isinstance(edit, QLineEdit):
                edit.selectAll()

    # saving ------------------------------------------------------------------------------
    def read(self) -> tuple[str, float, date]:
        """Name, value and day as typed; a ``Problem`` naming the field otherwise."""
        name = " ".join(self.measure.currentText().split())
        if not name:
            raise Problem(tr("Name the measure: type it, or press Down to choose one."),
                          self.measure)
        text = self.value.text()
        try:
            value = parse_number(text, self.locale())
        except ValueError:
            raise Problem(tr("“%1” is not a number: type the value as a number, such as 3 "
                             "or 2.5.").replace("%1", text.strip()), self.value) from None
        if value is None:
            raise Problem(tr("Type the value: a number, such as 3 or 2.5."), self.value)
        day = _day(self.date.date())
        try:
            check_outcome_day(day, local_now().date())
        except UserError as exc:
            raise Problem(exc.message, self.date) from None
        return name, value, day

    def accept(self) -> None:
        """Check the form; ask about a new measure; save. Whatever fails is said here."""
        self.say("")
        try:
            name, value, day = self.read()
        except Problem as problem:
            self.say(problem.message, problem.field)
            return
        if self.journal.measure_by_name(name) is not None:
            self.save(name, value, day)
            return
        self._pending = (name, value, day)
        if self.asking is None:  # one question per dialog, asked again for another name
            self.asking = NewMeasureDialog(self)
            self.asking.accepted.connect(self._create)
            self.asking.rejected.connect(self._declined)
        self.asking.ask(name)

    def _create(self) -> None:
        asking = self.asking
        assert asking is not None
        name, value, day = self._pending
        self.save(name, value, day, create=True, unit=asking.unit.text(),
                  higher_is_better=asking.higher.isChecked())

    def _declined(self) -> None:
        self.say(tr("Not saved: “%1” is not a measure yet.").replace("%1", self._pending[0]),
                 self.measure)

    def save(self, name: str, value: float, day: date, *, create: bool = False,
             unit: str = "", higher_is_better: bool = True) -> None:
        try:
            self.added = add_by_name(self.journal, name, value, day, create=create, unit=unit,
                                     higher_is_better=higher_is_better)
        except UserError as exc:
            self.say(exc.message, self.measure)
            return
        super().accept()
