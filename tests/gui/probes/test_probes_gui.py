"""A whole probe driven with key events to the focused widget, on a fake clock: the prediction,
false starts, responses, lapses, interruptions, and the score beside the prediction.

Reaction times come from the key events' timestamps (the real ``EventClock``), so keys here
reach the app late on purpose: the measured time must be the pressed one, not the arrival."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.gui.probes.probe_driver import FakeTime, key, type_text
from tracker.domain.measured import DiscardReason, ProbeKind
from tracker.ui.probes.dialog import ProbeDialog
from tracker.ui.probes.timing import Timing

pytestmark = pytest.mark.gui


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def run(qtbot, time):
    """A probe dialog on the fake clock; ``run.saved`` collects what it saves."""
    saved = []

    def make(kind: ProbeKind | None = None, checkin_id: str | None = None) -> ProbeDialog:
        timing = Timing(mono=time.mono, wall=time.wall, scheduler=time, heartbeat=False, seed=3)
        dialog = ProbeDialog(saved.append, kind=kind, checkin_id=checkin_id, timing=timing)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        make.saved = saved
        return dialog

    return make


def _predict_and_start(dialog: ProbeDialog, text: str, time: FakeTime, qtbot) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.prediction_edit)
    type_text(text + "\r", time)
    assert dialog.pages.currentWidget() is dialog.intro_page
    assert QApplication.focusWidget() is dialog.start_button
    type_text("\r", time)  # Enter starts
    assert dialog.running and QApplication.focusWidget() is dialog.task


def _next_stimulus(dialog: ProbeDialog, time: FakeTime, qtbot) -> float | None:
    """Run callbacks until the circle is painted: its onset (the fake time it was painted);
    None when the time ran out first."""
    task = dialog.task
    while task.state != "requested" and dialog.running:
        time.fire_next()
    if not dialog.running:
        return None
    requested = time.now
    time.now += 16  # the paint comes a frame later: the onset is when it was painted
    qtbot.waitUntil(lambda: task.state == "shown")
    assert task.onset == requested + 16
    return task.onset


def test_vigilance_whole_run_from_choice_to_score(run, time, qtbot):
    dialog = run(checkin_id="c1")
    assert QApplication.focusWidget() is dialog.vigilance_button
    key(Qt.Key.Key_Space, " ", pressed_at=time.now, time=time)  # Space presses the button
    assert dialog.kind == ProbeKind.VIGILANCE
    _predict_and_start(dialog, "3.8", time, qtbot)
    task = dialog.task

    key(Qt.Key.Key_Space, " ", pressed_at=time.now + 300, time=time)  # before any circle
    assert task.trials[-1].false_start and task.trials[-1].rt_ms is None

    onset = _next_stimulus(dialog, time, qtbot)
    # pressed 250 ms after the onset, reaching Python 170 ms later: 250 is measured
    key(Qt.Key.Key_Space, " ", pressed_at=onset + 250, arrives_after=170, time=time)
    assert task.trials[-1].rt_ms == pytest.approx(250.0)
    assert not task.trials[-1].false_start

    onset = _next_stimulus(dialog, time, qtbot)
    key(Qt.Key.Key_Space, " ", pressed_at=onset + 60, time=time)  # under 100 ms: false start
    assert task.trials[-1].false_start and task.trials[-1].rt_ms == pytest.approx(60.0)

    onset = _next_stimulus(dialog, time, qtbot)
    key(Qt.Key.Key_Space, " ", pressed_at=onset + 420, arrives_after=5, time=time)  # a lapse
    assert task.trials[-1].rt_ms == pytest.approx(420.0)

    while (onset := _next_stimulus(dialog, time, qtbot)) is not None:  # the rest: 300 ms
        key(Qt.Key.Key_Space, " ", pressed_at=onset + 300, arrives_after=40, time=time)

    [probe] = run.saved
    assert probe.discarded is None and probe.kind == ProbeKind.VIGILANCE
    assert probe.prediction == 3.8 and probe.checkin_id == "c1"
    normal = [t for t in probe.trials if not t.false_start]
    assert len(normal) >= 30 and time.now - task.t0 >= 180_000
    speeds = [1000 / t.rt_ms for t in normal]
    assert probe.score == pytest.approx(sum(speeds) / len(speeds))
    assert sum(t.false_start for t in probe.trials) == 2
    assert dialog.pages.currentWidget() is dialog.result_page
    shown = dialog.result_text.text()
    assert "Measured" in shown and "You expected" in shown and "responses per second" in shown
    assert f">{probe.score:.2f}</span>" in shown and ">3.8</span>" in shown  # side by side
    assert "Lapses (355 ms or slower): 1" in shown and "False starts: 2" in shown
    assert QApplication.focusWidget() is dialog.close_button


def test_focus_loss_discards_the_run_and_saves_it_as_discarded(run, time, qtbot):
    dialog = run(ProbeKind.VIGILANCE)
    _predict_and_start(dialog, "4", time, qtbot)
    onset = _next_stimulus(dialog, time, qtbot)
    key(Qt.Key.Key_Space, " ", pressed_at=onset + 280, time=time)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: bool(run.saved))
    [probe] = run.saved
    assert probe.discarded == DiscardReason.FOCUS_LOST
    assert probe.score is None and probe.error_variance is None and not probe.scored
    assert probe.trials[0].rt_ms == pytest.approx(280.0)  # its trials are kept
    assert "lost focus" in dialog.result_text.text()
    assert not dialog.running and not time.pending


def test_escape_during_the_task_discards_it(run, time, qtbot):
    dialog = run(ProbeKind.DIGIT_SYMBOL)
    _predict_and_start(dialog, "40", time, qtbot)
    key(Qt.Key.Key_Escape, pressed_at=time.now + 500, time=time)
    [probe] = run.saved
    assert probe.discarded == DiscardReason.CANCELLED and probe.score is None
    assert dialog.isVisible() and dialog.pages.currentWidget() is dialog.result_page
    key(Qt.Key.Key_Escape, pressed_at=time.now + 500, time=time)  # and Escape again closes
    assert not dialog.isVisible() and len(run.saved) == 1


def test_escape_before_the_task_saves_nothing(run, time, qtbot):
    dialog = run(ProbeKind.VIGILANCE)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.prediction_edit)
    type_text("4", time)
    key(Qt.Key.Key_Escape, pressed_at=time.now, time=time)
    assert not dialog.isVisible() and run.saved == []


def test_a_prediction_out_of_range_is_refused_with_a_message(run, time, qtbot):
    dialog = run(ProbeKind.VIGILANCE)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.prediction_edit)
    type_text("12\r", time)
    assert dialog.pages.currentWidget() is dialog.predict_page
    assert dialog.prediction_error.text() == "A prediction is a score between 0 and 10."
    assert dialog.prediction_error.isVisible()
    type_text("\r", time)  # selected and replaced by the next digits; Enter on empty: message
    dialog.prediction_edit.clear()
    type_text("\r", time)
    assert dialog.prediction_error.text() == "Type the score you expect first."
    type_text("4.5\r", time)
    assert dialog.pages.currentWidget() is dialog.intro_page and dialog.prediction == 4.5


def test_digit_symbol_right_and_wrong_answers(run, time, qtbot):
    dialog = run(ProbeKind.DIGIT_SYMBOL)
    _predict_and_start(dialog, "30", time, qtbot)
    task = dialog.task
    typed = []
    for i in range(8):  # six right, the 3rd and 6th wrong; 1.5 s each, stamped, not arrived
        qtbot.waitUntil(lambda: task.onset is not None)
        right = task.current
        digit = right if i not in (2, 5) else right % 9 + 1
        typed.append(str(digit))
        key(Qt.Key(Qt.Key.Key_0.value + digit), str(digit), pressed_at=task.onset + 1500,
            arrives_after=90, time=time)
    assert [t.correct for t in task.trials] == [True, True, False, True, True, False, True, True]
    assert [t.rt_ms for t in task.trials] == [pytest.approx(1500.0)] * 8  # stamped times
    assert [t.response for t in task.trials] == typed
    time.fire_next()  # the 90 seconds are up
    [probe] = run.saved
    assert probe.discarded is None and probe.kind == ProbeKind.DIGIT_SYMBOL
    assert probe.score == pytest.approx(6 * 60 / 90)
    assert len(probe.trials) == 9 and probe.trials[-1].rt_ms is None  # the one left on screen
    assert "wrong: 2" in dialog.result_text.text() and "30" in dialog.result_text.text()


def test_a_clock_jump_or_a_blocked_event_loop_discards(run, time, qtbot):
    dialog = run(ProbeKind.VIGILANCE)
    _predict_and_start(dialog, "4", time, qtbot)
    time.now += 10
    dialog.heartbeat.beat()
    time.wall_offset += 60_000  # a minute asleep: the wall clock moved, the monotonic did not
    time.now += 10
    dialog.heartbeat.beat()
    assert run.saved[-1].discarded == DiscardReason.CLOCK_JUMP

    dialog = run(ProbeKind.VIGILANCE)
    _predict_and_start(dialog, "4", time, qtbot)
    time.now += 200
    dialog.heartbeat.beat()  # held up 190 ms between two trials: harmless
    assert dialog.running
    while dialog.task.state != "requested":
        time.fire_next()
    time.now += 70
    dialog.heartbeat.beat()  # held up 60 ms while the circle is due: not scored
    assert run.saved[-1].discarded == DiscardReason.EVENT_LOOP_BLOCKED
    assert "more than 50 ms" in dialog.result_text.text()


def test_every_probe_screen_renders_for_the_screenshots(tmp_path):
    from PySide6.QtGui import QImage

    from tracker.ui.probes.screenshots import render_probes

    paths = render_probes(tmp_path, ("dark",))
    assert [p.name for p in paths] == [f"probe-{n}-dark.png" for n in (
        "choose", "predict", "vigilance", "result", "digit-symbol")]
    images = [QImage(str(p)) for p in paths]
    assert all(not image.isNull() for image in images)
    assert images[2] != images[3]  # the circle, then the score
