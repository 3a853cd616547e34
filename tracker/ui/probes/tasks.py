"""The two timed tasks as widgets: vigilance (PVT-B) and the digit-symbol sprint.

A task records ``ProbeTrial``s (times in ms from its start on the monotonic clock) and emits
``finished`` when its time is up. It never reads a clock or waits by itself: ``Timing`` (a
monotonic clock and a scheduler) and an ``EventClock`` come from the dialog, which also calls
``after_flush`` once a paint reached the window system (the stimulus onset, see ``timing``).
Keys: Space for vigilance, the digits 1–9 for digit-symbol; Escape goes to the dialog.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from tracker.domain.measured import ProbeTrial
from tracker.domain.probe_scoring import (
    FALSE_START_MS,
    TIMEOUT_MS,
    digit_symbol_key,
    next_digit,
    next_interval_ms,
)
from tracker.ui.probes.glyphs import draw_glyph
from tracker.ui.probes.timing import EventClock, Scheduler
from tracker.ui.text import translator

tr = translator("probes")
STIMULUS = QColor("#f08c00")  # orange: bright on the light and the dark palette


class Task(QWidget):
    """What both tasks share: start, stop, trials, the scheduled callbacks."""

    finished = Signal()

    def __init__(self, mono: Callable[[], float], scheduler: Scheduler, events: EventClock,
                 duration_s: float, rng: random.Random, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mono = mono
        self.scheduler = scheduler
        self.events = events
        self.duration_ms = duration_s * 1000.0
        self.rng = rng
        self.trials: list[ProbeTrial] = []
        self.t0 = 0.0
        self.running = False
        self._handles: list[object] = []
        self._painted = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(520, 300)
        self.setup()

    def setup(self) -> None:
        """The task's own state, made at construction."""

    def later(self, ms: float, fn: Callable[[], None]) -> object:
        handle = self.scheduler.call_later(ms, fn)
        self._handles.append(handle)
        return handle

    def cancel_all(self) -> None:
        for handle in self._handles:
            self.scheduler.cancel(handle)
        self._handles.clear()

    def start(self) -> None:
        self.t0 = self.mono()
        self.running = True
        self.setFocus()

    def stop(self) -> None:
        """Stop now (an interruption): nothing more is recorded."""
        self.running = False
        self.cancel_all()
        self.update()

    def finish(self) -> None:
        if self.running:
            self.stop()
            self.finished.emit()

    @property
    def end(self) -> float:
        return self.t0 + self.duration_ms

    def since_start(self, t: float) -> float:
        return t - self.t0

    def timing_critical(self) -> bool:
        """A stimulus is requested or on screen, timed to the millisecond."""
        return False

    def after_flush(self) -> None:
        """A paint of this task has reached the window system."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()  # the dialog's: stop and discard
            return
        event.accept()  # no other key leaves the task (Enter would press a hidden button)
        if self.running and not event.isAutoRepeat():
            self.key(event)

    def key(self, event: QKeyEvent) -> None:
        raise NotImplementedError

    def _pen(self, painter: QPainter, width: float) -> None:
        pen = QPen(self.palette().text().color(), width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)


class VigilanceTask(Task):
    """PVT-B: a stimulus after 1–4 s; Space as soon as it shows."""

    def setup(self) -> None:
        self.state = "idle"  # wait | requested | shown
        self.onset = 0.0
        self.feedback = ""
        self._pending: object | None = None
        self.setAccessibleName(tr("Vigilance task: press Space when the orange circle shows"))

    def start(self) -> None:
        super().start()
        self._wait()

    def _wait(self) -> None:
        self.state = "wait"
        now = self.mono()
        isi = next_interval_ms(self.rng)
        if now + isi >= self.end:
            self._pending = self.later(self.end - now, self.finish)
        else:
            self._pending = self.later(isi, self._show)
        self.later(800, self._clear_feedback)

    def _clear_feedback(self) -> None:
        if self.feedback and self.state == "wait":
            self.feedback = ""
            self.update()

    def _show(self) -> None:
        self.state = "requested"
        self.feedback = ""
        self._painted = False
        self.update()

    def timing_critical(self) -> bool:
        return self.running and self.state in ("requested", "shown")

    def after_flush(self) -> None:
        if self.running and self.state == "requested" and self._painted:
            self.onset = self.mono()
            self.state = "shown"
            self._pending = self.later(TIMEOUT_MS, self._time_out)

    def _time_out(self) -> None:
        if self.state == "shown":
            self.trials.append(ProbeTrial(onset_ms=self.since_start(self.onset)))
            self._next(tr("No response"))

    def _next(self, feedback: str) -> None:
        if self._pending is not None:
            self.scheduler.cancel(self._pending)
            self._pending = None
        self.feedback = feedback
        self.update()
        if self.mono() >= self.end:
            self.finish()
        else:
            self._wait()

    def key(self, event: QKeyEvent) -> None:
        if event.key() != Qt.Key.Key_Space:
            return
        t = self.events.time_of(event)
        if self.state in ("wait", "requested") or t < self.onset:
            self.trials.append(ProbeTrial(onset_ms=self.since_start(t), false_start=True))
            self._next(tr("Too soon"))
            return
        if self.state != "shown":
            return
        rt = t - self.onset
        early = rt < FALSE_START_MS
        self.trials.append(ProbeTrial(onset_ms=self.since_start(self.onset), rt_ms=rt,
                                      false_start=early))
        self._next(tr("Too soon") if early else tr("%1 ms").replace("%1", f"{rt:.0f}"))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        painter.setPen(QPen(self.palette().mid().color(), 2))
        painter.drawRoundedRect(box, 12, 12)
        if self.running and self.state in ("requested", "shown"):
            radius = min(box.width(), box.height()) * 0.22
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(STIMULUS)
            painter.drawEllipse(box.center(), radius, radius)
            self._painted = True
        elif self.feedback:
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 2.2)
            painter.setFont(font)
            painter.setPen(self.palette().text().color())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, self.feedback)
        else:  # a small fixation mark, so the eyes know where to wait
            self._pen(painter, 2)
            c = box.center()
            painter.drawLine(c + QPointF(-8, 0), c + QPointF(8, 0))
            painter.drawLine(c + QPointF(0, -8), c + QPointF(0, 8))


class DigitSymbolTask(Task):
    """Digit-symbol substitution: type the digit the key gives for the symbol shown."""

    def setup(self) -> None:
        self.key_glyphs = digit_symbol_key(self.rng)
        self.current: int | None = None
        self.requested_at = 0.0
        self.onset: float | None = None
        self.setAccessibleName(tr("Digit-symbol task: type the digit that goes with the symbol"))

    def start(self) -> None:
        super().start()
        self.later(self.duration_ms, self.finish)
        self._next()

    def _next(self) -> None:
        self.current = next_digit(self.rng, self.current)
        self.requested_at = self.mono()
        self.onset = None
        self._painted = False
        self.update()

    def after_flush(self) -> None:
        if self.running and self.onset is None and self._painted:
            self.onset = self.mono()

    def finish(self) -> None:
        if self.running:  # the symbol on screen when time ran out: shown, not answered
            onset = self.onset if self.onset is not None else self.requested_at
            self.trials.append(ProbeTrial(onset_ms=self.since_start(onset)))
        super().finish()

    def key(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) != 1 or text not in "123456789":
            return
        t = self.events.time_of(event)
        onset = self.onset if self.onset is not None else self.requested_at
        digit = int(text)
        self.trials.append(ProbeTrial(onset_ms=self.since_start(onset),
                                      rt_ms=max(t - onset, 0.0), response=text,
                                      correct=digit == self.current))
        if t >= self.end:
            self.finish()
        else:
            self._next()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width() - 16
        cell = min(width / 9.0, 64.0)
        left = (self.width() - cell * 9) / 2
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        painter.setFont(font)
        for i, glyph in enumerate(self.key_glyphs):
            x = left + i * cell
            painter.setPen(QPen(self.palette().mid().color(), 1))
            painter.drawRect(QRectF(x, 8, cell, cell * 1.6))
            self._pen(painter, 2.2)
            draw_glyph(painter, glyph, QRectF(x + cell * 0.22, 8 + cell * 0.12,
                                              cell * 0.56, cell * 0.56))
            painter.drawText(QRectF(x, 8 + cell * 0.8, cell, cell * 0.7),
                             Qt.AlignmentFlag.AlignCenter, str(i + 1))
        if self.running and self.current is not None:
            size = min(self.height() - cell * 1.6 - 40, 140.0)
            box = QRectF((self.width() - size) / 2, 8 + cell * 1.6 + 24, size, size)
            self._pen(painter, 4)
            draw_glyph(painter, self.key_glyphs[self.current - 1], box)
            self._painted = True
