"""ProbeDialog: choose a probe, predict its score, read the instructions, do it, see the score.

The prediction comes first and nothing on its page shows an earlier score (that would anchor
the guess). The dialog owns the timing (``timing``): it stamps a stimulus's onset once the
paint has been flushed (``event``), feeds every key's timestamp to the ``EventClock`` and runs
the heartbeat. An interrupted run — Escape, the window losing focus, a clock jump (a suspend),
the event loop blocked during a vigilance trial — stops at once and is saved as discarded with
its reason, never scored. Keyboard only: Enter moves on, Space or the digits do the task,
Escape stops.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.measured import DiscardReason, Probe, ProbeKind
from tracker.domain.models import new_id
from tracker.domain.probe_scoring import (
    PLANNED_SECONDS,
    PREDICTION_RANGE,
    ProbeScore,
    check_prediction,
    score_probe,
)
from tracker.errors import UserError
from tracker.services.clock import local_now
from tracker.ui import dialogs
from tracker.ui.number_input import format_number, parse_number
from tracker.ui.probes import words
from tracker.ui.probes.tasks import DigitSymbolTask, Task, VigilanceTask
from tracker.ui.probes.timing import EventClock, Heartbeat, KeyStamps, QtScheduler, Timing
from tracker.ui.style import mark_hint, mark_title

SaveProbe = Callable[[Probe], None]


def _label(text: str, parent: QWidget, *, title: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return mark_title(label) if title else label


class ProbeDialog(QDialog):
    """One probe run, from the choice to the score. ``save_probe`` stores the finished or
    discarded probe; ``checkin_id`` links it to the check-in saved just before."""

    def __init__(self, save_probe: SaveProbe, parent: QWidget | None = None, *,
                 kind: ProbeKind | None = None, checkin_id: str | None = None,
                 timing: Timing | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Measure now"))
        self.save_probe = save_probe
        self.checkin_id = checkin_id
        self.timing = timing or Timing()
        self.scheduler = self.timing.scheduler or QtScheduler(self)
        self.events = EventClock(self.timing.mono)
        self.stamps = KeyStamps(self.events, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.stamps)
        self.heartbeat = Heartbeat(self.timing, self._blocked, self._jumped)
        self.kind: ProbeKind | None = None
        self.prediction: float | None = None
        self.task: Task | None = None
        self.probe: Probe | None = None  # the saved result
        self.scored: ProbeScore | None = None
        self.started_at = local_now()
        self.pages = QStackedWidget(self)
        QVBoxLayout(self).addWidget(self.pages)
        self.choose_page = self._choose_page()
        self.predict_page = self._predict_page()
        self.intro_page = self._intro_page()
        self.task_page = QWidget(self)
        QVBoxLayout(self.task_page).setContentsMargins(0, 0, 0, 0)
        self.result_page = self._result_page()
        for page in (self.choose_page, self.predict_page, self.intro_page, self.task_page,
                     self.result_page):
            self.pages.addWidget(page)
        self.resize(620, 440)
        if kind is None:
            self.pages.setCurrentWidget(self.choose_page)
            self.vigilance_button.setFocus()
        else:
            self.choose(kind)

    # pages -------------------------------------------------------------------------------
    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(self.tr("Which probe?"), page, title=True))
        self.vigilance_button = QPushButton(self.tr("&Vigilance — 3 minutes"), page)
        self.digit_symbol_button = QPushButton(self.tr("&Digit-symbol sprint — 90 seconds"), page)
        for button, kind, hint in (
                (self.vigilance_button, ProbeKind.VIGILANCE, self.tr(
                    "Press Space as soon as a circle appears. Measures alertness: how fast "
                    "and how steadily you react.")),
                (self.digit_symbol_button, ProbeKind.DIGIT_SYMBOL, self.tr(
                    "Type the digit that goes with each symbol. Measures processing speed."))):
            button.setAutoDefault(True)
            button.clicked.connect(lambda _=False, k=kind: self.choose(k))
            layout.addWidget(button)
            layout.addWidget(mark_hint(_label(hint, page)))
        layout.addStretch(1)
        return page

    def _predict_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(_label(self.tr("What score do you expect?"), page, title=True))
        self.unit_label = _label("", page)
        layout.addWidget(self.unit_label)
        row = QHBoxLayout()
        self.prediction_edit = QLineEdit(page)
        self.prediction_edit.setAccessibleName(self.tr("Expected score"))
        label = QLabel(self.tr("&Expected score:"), page)
        label.setBuddy(self.prediction_edit)
        row.addWidget(label)
        row.addWidget(self.prediction_edit, 1)
        self.unit_suffix = QLabel(page)
        row.addWidget(self.unit_suffix)
        layout.addLayout(row)
        self.prediction_error = _label("", page)
        self.prediction_error.setStyleSheet("color: #d9480f;")
        self.prediction_error.hide()
        layout.addWidget(self.prediction_error)
        layout.addWidget(mark_hint(_label(self.tr(
            "Guess before you start: later, Touchstone compares your expectations with what you "
            "measured, by the state you were in. Earlier scores are not shown here, so they "
            "cannot pull the guess."), page)))
        layout.addStretch(1)
        self.predict_button = QPushButton(self.tr("&Continue"), page)
        self.predict_button.setAutoDefault(True)
        self.predict_button.setDefault(True)
        self.predict_button.clicked.connect(self.take_prediction)
        layout.addWidget(self.predict_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _intro_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.intro_title = _label("", page, title=True)
        self.intro_text = _label("", page)
        layout.addWidget(self.intro_title)
        layout.addWidget(self.intro_text)
        layout.addWidget(mark_hint(_label(self.tr(
            "Stay in this window until the end: switching away, Escape or the computer going "
            "to sleep stops the run, and a stopped run is kept but never scored."), page)))
        layout.addStretch(1)
        self.start_button = QPushButton(self.tr("&Start"), page)
        self.start_button.setAutoDefault(True)
        self.start_button.clicked.connect(self.start_task)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.result_title = _label("", page, title=True)
        self.result_text = _label("", page)
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result_text)
        layout.addStretch(1)
        self.close_button = QPushButton(self.tr("&Close"), page)
        self.close_button.setAutoDefault(True)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    # the flow ----------------------------------------------------------------------------
    def choose(self, kind: ProbeKind) -> None:
        self.kind = kind
        self.unit_label.setText(words.unit_explained(kind))
        self.unit_suffix.setText(words.unit(kind))
        self.prediction_edit.clear()
        self.pages.setCurrentWidget(self.predict_page)
        self.predict_button.setDefault(True)  # Enter in the field
        self.prediction_edit.setFocus()

    def take_prediction(self) -> bool:
        """Check the typed prediction; on to the instructions, or a message beside it."""
        assert self.kind is not None
        message = None
        try:
            value = parse_number(self.prediction_edit.text())
        except ValueError:
            value, message = None, self.tr("Type a number, e.g. %1.").replace(
                "%1", format_number(words.EXAMPLE[self.kind]))
        if value is None and message is None:
            message = self.tr("Type the score you expect first.")
        elif value is not None and check_prediction(self.kind, value) is not None:
            lo, hi = PREDICTION_RANGE[self.kind]
            message = self.tr("A prediction is a score between %1 and %2.").replace(
                "%1", format_number(lo)).replace("%2", format_number(hi))
        if message is not None:
            self.prediction_error.setText(message)
            self.prediction_error.show()
            self.prediction_edit.setFocus()
            self.prediction_edit.selectAll()
            return False
        self.prediction_error.hide()
        self.prediction = value
        self.intro_title.setText(words.title(self.kind))
        self.intro_text.setText(words.instructions(self.kind))
        self.pages.setCurrentWidget(self.intro_page)
        self.start_button.setDefault(True)
        self.start_button.setFocus()
        return True

    def start_task(self) -> None:
        assert self.kind is not None
        seconds = self.timing.durations.get(self.kind, PLANNED_SECONDS[self.kind])
        rng = random.Random(self.timing.seed)
        cls = VigilanceTask if self.kind == ProbeKind.VIGILANCE else DigitSymbolTask
        self.task = cls(self.timing.mono, self.scheduler, self.events, seconds, rng,
                        self.task_page)
        layout = self.task_page.layout()
        assert layout is not None
        layout.addWidget(self.task)
        self.task.finished.connect(self._task_finished)
        self.pages.setCurrentWidget(self.task_page)
        self.started_at = local_now()
        self.heartbeat.start(self)
        self.task.start()

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def _task_finished(self) -> None:
        assert self.task is not None and self.kind is not None
        self.heartbeat.stop()
        self.scored = score_probe(self.kind, self.task.trials, self.task.duration_ms / 1000)
        if self.scored is None:
            self._save(DiscardReason.TOO_FEW_TRIALS)
        else:
            self._save(None)

    def interrupt(self, reason: DiscardReason) -> None:
        """Stop the task now and save it as discarded with ``reason``."""
        if not self.running:
            return
        assert self.task is not None
        self.task.stop()
        self.heartbeat.stop()
        self._save(reason)

    def _blocked(self, _late_ms: float) -> None:
        if self.task is not None and self.task.timing_critical():
            self.interrupt(DiscardReason.EVENT_LOOP_BLOCKED)

    def _jumped(self, _ms: float) -> None:
        self.interrupt(DiscardReason.CLOCK_JUMP)

    def _save(self, reason: DiscardReason | None) -> None:
        assert self.task is not None and self.kind is not None
        scored = self.scored if reason is None else None
        self.probe = Probe(
            id=new_id(), kind=self.kind, at=self.started_at,
            duration_s=self.task.duration_ms / 1000, prediction=self.prediction,
            trials=tuple(self.task.trials),
            score=scored.score if scored else None,
            error_variance=scored.error_variance if scored else None,
            discarded=reason, checkin_id=self.checkin_id)
        self._show_result(reason)
        try:
            self.save_probe(self.probe)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("The probe could not be saved"))

    def _show_result(self, reason: DiscardReason | None) -> None:
        assert self.kind is not None
        if reason is None and self.scored is not None:
            self.result_title.setText(self.tr("Your score"))
            self.result_text.setText(words.result(self.kind, self.scored, self.prediction))
        else:
            self.result_title.setText(self.tr("Not scored"))
            self.result_text.setText(words.discarded(reason or DiscardReason.CANCELLED))
        self.pages.setCurrentWidget(self.result_page)
        self.close_button.setDefault(True)
        self.close_button.setFocus()

    # events ------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        kind = event.type()
        handled = super().event(event)
        if kind == QEvent.Type.UpdateRequest and self.task is not None:
            self.task.after_flush()  # painted and flushed: the stimulus is out
        elif kind == QEvent.Type.WindowDeactivate:
            self.interrupt(DiscardReason.FOCUS_LOST)
        return handled

    def reject(self) -> None:
        """Escape: a running task stops and is discarded; otherwise the dialog closes (before
        the task started nothing is saved)."""
        if self.running:
            self.interrupt(DiscardReason.CANCELLED)
            return
        super().reject()

    def done(self, result: int) -> None:
        self.heartbeat.stop()
        if self.task is not None:
            self.task.cancel_all()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.stamps)
        super().done(result)
