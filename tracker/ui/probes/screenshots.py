"""Offscreen PNGs of the probe dialog, light and dark: the choice, the prediction, both tasks
and a score. A scripted clock (``Script``) drives the real dialog; nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tracker.domain.measured import Probe, ProbeKind
from tracker.ui.image_files import save_image
from tracker.ui.probes.dialog import ProbeDialog
from tracker.ui.probes.tasks import VigilanceTask
from tracker.ui.probes.timing import Timing
from tracker.ui.style import apply_style


class Script:
    """A clock that moves only when a callback is due (``step``)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.due: list[tuple[float, int, Callable[[], None], object]] = []
        self._n = 0

    def clock(self) -> float:
        return self.now

    def call_later(self, ms: float, fn: Callable[[], None]) -> object:
        self._n += 1
        handle = object()
        self.due.append((self.now + round(ms), self._n, fn, handle))
        return handle

    def cancel(self, handle: object) -> None:
        self.due = [d for d in self.due if d[3] is not handle]

    def step(self) -> None:
        self.due.sort(key=lambda d: (d[0], d[1]))
        when, _, fn, _ = self.due.pop(0)
        self.now = max(self.now, when)
        fn()


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _space(task: VigilanceTask, at: float) -> None:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier,
                      " ")
    event.setTimestamp(round(at) + 1)  # (a zero timestamp means "none")
    task.keyPressEvent(event)


def render_probes(out_dir: Path, themes: tuple[str, ...] = ("light", "dark")) -> list[Path]:
    """Write probe-choose, probe-predict, probe-vigilance, probe-digit-symbol and
    probe-result, each ``-<theme>.png``."""
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def ignore(probe: Probe) -> None:
        pass

    def shot(dialog: ProbeDialog, name: str, theme: str) -> None:
        _settle(app)
        path = out_dir / f"probe-{name}-{theme}.png"
        save_image(dialog.grab(), path)
        written.append(path)

    for theme in themes:
        apply_style(app, theme)
        script = Script()
        timing = Timing(mono=script.clock, wall=script.clock, scheduler=script,
                        heartbeat=False, seed=4)
        dialog = ProbeDialog(ignore, timing=timing)
        dialog.show()
        shot(dialog, "choose", theme)
        dialog.choose(ProbeKind.VIGILANCE)
        dialog.prediction_edit.setText("3.8")
        shot(dialog, "predict", theme)
        dialog.take_prediction()
        dialog.start_task()
        task = dialog.task
        assert isinstance(task, VigilanceTask)
        while task.state != "requested":
            script.step()
        _settle(app)
        shot(dialog, "vigilance", theme)
        for rt in (262, 281, 305, 244, 398, 276, 259, 290, 312, 268, 251, 287):
            while task.running and task.state != "shown":
                script.step()
                _settle(app)
            if task.running:
                script.now = task.onset + rt
                _space(task, script.now)
        task.finish()  # (the rest of the 3 minutes is more of the same)
        shot(dialog, "result", theme)
        dialog.done(0)
        dialog.deleteLater()

        sprint = ProbeDialog(ignore, kind=ProbeKind.DIGIT_SYMBOL, timing=Timing(
            mono=script.clock, wall=script.clock, scheduler=script, heartbeat=False, seed=4))
        sprint.show()
        sprint.prediction_edit.setText("40")
        sprint.take_prediction()
        sprint.start_task()
        shot(sprint, "digit-symbol", theme)
        sprint.done(0)
        sprint.deleteLater()
    _settle(app)
    return written
