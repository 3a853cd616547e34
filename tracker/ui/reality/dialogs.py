"""Dialogs: log an evaluation with a prediction, record its outcome, re-rate a past day blind.

All keyboard-only: every field is reachable with Tab, Enter accepts, Escape cancels. A
``UserError`` from the service is shown and the dialog stays open with what was typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import Factor, Skill
from tracker.domain.reality import Evaluation, EvaluationKind
from tracker.errors import UserError
from tracker.services.changes import Change
from tracker.services.reality import BlindCheckIn, CheckInDraft, Reality
from tracker.ui import dialogs
from tracker.ui.factor_inputs import FactorInput, make_factor_input, read_factor_input
from tracker.ui.labels import factor_name
from tracker.ui.reality.text import OUTCOME_LABELS, kind_label, tr
from tracker.ui.scale_input import ScaleInput
from tracker.ui.style import mark_hint

EMPTY = "–"


def optional_spin(lo: int, hi: int, name: str, parent: QWidget) -> QSpinBox:
    """A spin box whose lowest value (lo − 1) means "not given", shown as a dash."""
    box = QSpinBox(parent)
    box.setRange(lo - 1, hi)
    box.setSpecialValueText(EMPTY)
    box.setValue(lo - 1)
    box.setAccessibleName(name)
    return box


def _python(value: QDate) -> date:
    """``value`` as a date (PySide6 types ``toPython`` as returning object)."""
    day = value.toPython()
    assert isinstance(day, date)
    return day


def spin_value(box: QSpinBox) -> int | None:
    return None if box.value() == box.minimum() else box.value()


class StateNow(QGroupBox):
    """A check-in of the state now, with the form's own inputs: 1–10 buttons for every skill,
    every factor as the form asks it (sleep included)."""

    def __init__(self, title: str, skills: Sequence[Skill], factors: Sequence[Factor],
                 parent: QWidget) -> None:
        super().__init__(title, parent)
        self.setCheckable(True)
        self.setChecked(False)
        self.skills = list(skills)
        self.factors = list(factors)
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        self.ratings: dict[str, ScaleInput] = {}
        self.inputs: dict[str, FactorInput] = {}
        rows: list[tuple[str, QWidget]] = []
        for skill in self.skills:
            scale = ScaleInput(1, 10, parent=self)
            scale.setAccessibleName(tr("%1 now: from 1 to 10").replace("%1", skill.name))
            self.ratings[skill.id] = scale
            rows.append((tr("%1 now").replace("%1", skill.name), scale))
        for factor in self.factors:
            widget = make_factor_input(factor, self)
            self.inputs[factor.id] = widget
            name = factor_name(factor)
            rows.append((f"{name} ({factor.unit})" if factor.unit else name, widget))
        for row, (text, field) in enumerate(rows):
            label = QLabel(text.replace("&", "&&"), self)  # a name's "&" is no mnemonic
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(2, 1)

    def draft(self) -> CheckInDraft | None:
        """The check-in to record, or None when the box is unchecked."""
        if not self.isChecked() or not self.skills:
            return None
        ratings = {sid: v for sid, box in self.ratings.items() if (v := box.value()) is not None}
        if not ratings:
            raise UserError(tr("A check-in needs a self-rating now: rate a skill or untick "
                               "the check-in."))
        by_id = {f.id: f for f in self.factors}
        values = {fid: value for fid, widget in self.inputs.items()
                  if (value := read_factor_input(by_id[fid], widget)) is not None}
        return CheckInDraft(ratings, values)


class _Dialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.change: Change | None = None
        self.layout_ = QVBoxLayout(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)
        # an explicit minimum overrides the layout's: never narrower than what it holds
        self.setMinimumWidth(max(self.minimumWidth(), self.layout_.minimumSize().width()))

    def save(self) -> Change:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.change = self.save()
        except UserError as exc:
            dialogs.warn(self, exc.message, tr("Not saved"))
            return
        super().accept()


class LogEvaluationDialog(_Dialog):
    """A new evaluation: what, who, when; the prediction; the state now as a check-in."""

    def __init__(self, reality: Reality, parent: QWidget | None = None) -> None:
        super().__init__(tr("Log an evaluation"), parent)
        self.reality = reality
        form = QFormLayout()
        self.kind = QComboBox(self)
        for kind in EvaluationKind:
            self.kind.addItem(kind_label(kind), kind.value)
        self.kind.setAccessibleName(tr("Kind"))
        self.evaluator = QLineEdit(self)
        self.evaluator.setAccessibleName(tr("Evaluator"))
        self.evaluator.setPlaceholderText(tr("e.g. ACME hiring team"))
        self.purpose = QLineEdit(self)
        self.purpose.setAccessibleName(tr("What it is for"))
        self.purpose.setPlaceholderText(tr("e.g. backend developer job"))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(tr("Date"))
        self.expected = QDateEdit(QDate.currentDate().addDays(14), self)
        self.expected.setCalendarPopup(True)
        self.expected.setDisplayFormat("yyyy-MM-dd")
        self.expected.setAccessibleName(tr("Expected decision date"))
        self.has_expected = QCheckBox(tr("Decision expected by"), self)
        self.has_expected.setChecked(True)
        self.has_expected.toggled.connect(self.expected.setEnabled)
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName(tr("Notes"))
        form.addRow(tr("&Kind:"), self.kind)
        form.addRow(tr("&Evaluator:"), self.evaluator)
        form.addRow(tr("&For:"), self.purpose)
        form.addRow(tr("&Date:"), self.date)
        expected_row = QHBoxLayout()
        expected_row.addWidget(self.has_expected)
        expected_row.addWidget(self.expected, 1)
        form.addRow(expected_row)
        form.addRow(tr("&Notes:"), self.notes)
        self.layout_.addLayout(form)

        box = QGroupBox(tr("Your prediction, before the outcome"), self)
        pform = QFormLayout(box)
        self.probability = optional_spin(0, 100, tr("Chance of a good outcome"), box)
        self.probability.setSingleStep(5)
        self.probability.setSuffix(" %")
        self.probability.setMinimum(-5)
        self.probability.setValue(-5)
        self.scale_min = QDoubleSpinBox(box)
        self.scale_max = QDoubleSpinBox(box)
        for spin, name in ((self.scale_min, tr("Scale from")), (self.scale_max, tr("Scale to"))):
            spin.setRange(-1e6, 1e6)
            spin.setDecimals(1)
            spin.setAccessibleName(name)
        self.has_score = QCheckBox(tr("It gives a score"), box)
        self.expected_score = QDoubleSpinBox(box)
        self.expected_score.setRange(-1e6, 1e6)
        self.expected_score.setDecimals(1)
        self.expected_score.setAccessibleName(tr("Expected score"))
        self.scale_max.setValue(10)
        for w in (self.scale_min, self.scale_max, self.expected_score):
            w.setEnabled(False)
            self.has_score.toggled.connect(w.setEnabled)
        pform.addRow(tr("&Chance of a good outcome:"), self.probability)
        scale_row = QHBoxLayout()
        scale_row.addWidget(self.has_score)
        scale_row.addWidget(self.scale_min)
        scale_row.addWidget(QLabel(tr("to"), box))
        scale_row.addWidget(self.scale_max)
        pform.addRow(scale_row)
        pform.addRow(tr("E&xpected score:"), self.expected_score)
        self.layout_.addWidget(box)

        skills = reality.journal.skills()
        recent = reality.recent_checkin()
        self.recent_id = recent.id if recent else None
        self.link = QCheckBox(self)
        if recent is not None:
            self.link.setText(tr("Link my check-in of %1 (the state behind this prediction)")
                              .replace("%1", f"{recent.at:%H:%M}"))
            self.link.setChecked(True)
            self.layout_.addWidget(self.link)
        else:
            self.link.hide()
        self.state = StateNow(tr("Record my state now as a check-in"), skills,
                              reality.journal.factors(), self)
        self.state.setChecked(recent is None)
        self.link.toggled.connect(lambda on: self.state.setChecked(False) if on else None)
        self.state.toggled.connect(lambda on: self.link.setChecked(False) if on else None)
        self.layout_.addWidget(self.state)
        self.finish_layout()

    def save(self) -> Change:
        probability = spin_value(self.probability)
        has_score = self.has_score.isChecked()
        predicted = probability is not None or has_score
        when = _python(self.date.date())
        now = datetime.now().astimezone()
        at = now if when == now.date() else datetime.combine(when, now.timetz())
        return self.reality.log_evaluation(
            kind=self.kind.currentData(), evaluator=self.evaluator.text(),
            purpose=self.purpose.text(), at=at.replace(microsecond=0),
            expected_by=_python(self.expected.date()) if self.has_expected.isChecked()
            else None,
            notes=self.notes.text(),
            scale=(self.scale_min.value(), self.scale_max.value()) if has_score else None,
            probability=None if probability is None else probability / 100,
            expected_score=self.expected_score.value() if has_score else None,
            checkin_id=self.recent_id if predicted and self.link.isChecked() else None,
            checkin=self.state.draft() if predicted else None,
        )


class ResolveDialog(_Dialog):
    """The outcome of an evaluation, its score and the stated reason (or none given)."""

    def __init__(self, reality: Reality, evaluation: Evaluation,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Record the outcome"), parent)
        self.reality = reality
        self.evaluation = evaluation
        who = " — ".join(x for x in (evaluation.evaluator, evaluation.purpose) if x)
        title = QLabel(f"<b>{kind_label(evaluation.kind)}</b>: {who}", self)
        title.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(title)
        form = QFormLayout()
        self.outcome = QComboBox(self)
        for key, label in OUTCOME_LABELS.items():
            self.outcome.addItem(tr(label), key)
        self.outcome.setAccessibleName(tr("Outcome"))
        form.addRow(tr("&Outcome:"), self.outcome)
        self.score = QDoubleSpinBox(self)
        self.score.setDecimals(1)
        self.score.setAccessibleName(tr("Score"))
        self.has_score = QCheckBox(tr("Score given"), self)
        if evaluation.scale_min is not None and evaluation.scale_max is not None:  # has_scale
            self.score.setRange(evaluation.scale_min, evaluation.scale_max)
            self.has_score.setChecked(True)
            row = QHBoxLayout()
            row.addWidget(self.has_score)
            row.addWidget(self.score, 1)
            form.addRow(row)
        else:
            self.score.hide()
            self.has_score.hide()
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(tr("Stated reason"))
        self.reason.setPlaceholderText(tr("Empty: no reason given — many rejections say "
                                          "nothing about you"))
        self.reason.setMinimumWidth(380)
        form.addRow(tr("&Reason:"), self.reason)
        self.layout_.addLayout(form)
        if evaluation.outcome is not None:  # correcting: start from what was recorded
            self.setWindowTitle(tr("Change the outcome"))
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(
                evaluation.outcome.result.value)))
            self.reason.setText(evaluation.outcome.reason)
            if evaluation.outcome.score is not None and evaluation.has_scale:
                self.score.setValue(evaluation.outcome.score)
            elif evaluation.has_scale:
                self.has_score.setChecked(False)
        self.finish_layout()

    def save(self) -> Change:
        score = self.score.value() if self.evaluation.has_scale and self.has_score.isChecked() \
            else None
        # opened on an evaluation that has an outcome, this dialog is how it is corrected
        return self.reality.resolve(self.evaluation.id, self.outcome.currentData(), score=score,
                                    reason=self.reason.text(), replace=True)


class BlindRerateDialog(_Dialog):
    """"Looking back, how skilled were you that day?" — the rating then is never shown (the
    dialog is given a ``BlindCheckIn``, which does not carry it)."""

    def __init__(self, reality: Reality, blind: BlindCheckIn,
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Looking back"), parent)
        self.reality = reality
        self.blind = blind
        intro = QLabel(tr("A day from your journal, drawn at random from %1 that are at least "
                          "30 days old:").replace("%1", str(blind.eligible)), self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        when = QLabel(f"<b>{blind.at:%A %d %B %Y, %H:%M}</b>", self)
        self.layout_.addWidget(when)
        if blind.tags:
            self.layout_.addWidget(QLabel(tr("Tags: %1").replace("%1", ", ".join(blind.tags)),
                                          self))
        if blind.note:
            note = QLabel(blind.note, self)
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            mark_hint(note)
            self.layout_.addWidget(note)
        question = QLabel(tr("Looking back, how skilled were you that day? (1–10)"), self)
        question.setWordWrap(True)
        self.layout_.addWidget(question)
        form = QFormLayout()
        self.inputs: dict[str, QSpinBox] = {}
        for skill in blind.skills:
            box = optional_spin(1, 10, tr("%1 that day").replace("%1", skill.name), self)
            self.inputs[skill.id] = box
            label = QLabel(skill.name + ":", self)
            label.setBuddy(box)
            form.addRow(label, box)
        self.layout_.addLayout(form)
        self.state = StateNow(tr("Check in now as well"), blind.skills,
                              reality.journal.factors(), self)
        self.layout_.addWidget(self.state)
        self.finish_layout()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.inputs:
            first = next(iter(self.inputs.values()))
            first.setFocus()
            first.selectAll()

    def save(self) -> Change:
        ratings = {k: v for k, box in self.inputs.items() if (v := spin_value(box)) is not None}
        return self.reality.record_revisit(self.blind.checkin_id, ratings,
                                           checkin=self.state.draft())
