"""Reports are computed in a worker thread: the previous view stays, dimmed, while it runs."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from conftest import point_count
from PySide6.QtCore import Qt

from tracker.services.clock import local_now
from tracker.ui.dashboard import worker
from tracker.ui.dashboard.data import since_for

pytestmark = pytest.mark.gui


@pytest.fixture
def threads(monkeypatch):
    """Record the thread each report is computed on; ``gate`` holds jobs until set."""
    seen: list[int] = []
    gate = threading.Event()
    gate.set()
    original = worker.compute_section

    def compute(*args):
        seen.append(threading.get_ident())
        assert gate.wait(30), "the test never released the worker"
        return original(*args)

    monkeypatch.setattr(worker, "compute_section", compute)
    return seen, gate


def test_a_range_change_keeps_the_old_view_dimmed_until_the_worker_is_done(qtbot, dash,
                                                                            threads):
    seen, _ = threads
    view = dash.set_view("share")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    assert not dash.updating_label.isVisibleTo(dash)
    old_since = view.ctx.since
    dash.set_range("90d")
    # nothing computed on the UI thread: the old picture stays, dimmed, labelled
    assert view.waiting is not None and not view.settled()
    assert view.ctx.since == old_since and view.stack.currentWidget() is view.chart
    assert dash.updating_label.isVisibleTo(dash)
    effect = view.stack.graphicsEffect()
    assert effect is not None and effect.isEnabled() and effect.opacity() < 1
    with qtbot.waitSignal(dash.view_drawn, timeout=20000):
        pass
    qtbot.waitUntil(view.settled)
    assert view.ctx.since == since_for("90d", date.today())
    assert not dash.updating_label.isVisibleTo(dash) and not effect.isEnabled()
    assert seen and threading.get_ident() not in seen


def test_the_timeline_draws_its_points_at_once_and_the_adjusted_line_later(qtbot, dash,
                                                                          seeded, threads):
    _, gate = threads
    view = dash.views["timeline"]
    overall = seeded.skill_by_name("Overall").id
    since = since_for("30d", date.today())
    kept = [c for c in seeded.checkins() if overall in c.ratings and c.at.date() >= since]
    gate.clear()
    dash.set_range("30d")
    assert point_count(dash) == len(kept)  # drawn synchronously, without the report
    assert not view.settled() and dash.updating_label.isVisibleTo(dash)
    assert view.stack.graphicsEffect() is None or not view.stack.graphicsEffect().isEnabled()
    gate.set()
    qtbot.waitUntil(view.settled, timeout=20000)
    assert view.adjusted_points == len(view.ctx.section.adjusted.series) > 0
    assert not dash.updating_label.isVisibleTo(dash)


def test_a_report_made_stale_while_computing_is_dropped(qtbot, dash, seeded, threads):
    seen, gate = threads
    view = dash.set_view("insights")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    calls = dash.data.report_calls
    gate.clear()
    dash.set_range("90d")
    qtbot.waitUntil(lambda: len(seen) == 1)  # the job runs, held at the gate
    seeded.record(ratings={seeded.skill_by_name("Overall").id: 2}, at=local_now())
    dash.on_data_changed("checkins")
    qtbot.waitUntil(lambda: dash.data.report_calls == calls + 2)  # a fresh job is queued
    gate.set()
    qtbot.waitUntil(lambda: view.settled() and not dash.worker.busy(), timeout=20000)
    since = since_for("90d", date.today())
    overall = seeded.skill_by_name("Overall").id
    expected = sum(1 for c in seeded.checkins()
                   if overall in c.ratings and c.at.date() >= since)
    assert view.ctx.section.counts.checkins == expected


def test_a_job_released_after_its_result_arrived_destroys_nothing_on_its_thread(
        qtbot, journal, monkeypatch):
    """Under load the pool thread can drop a finished job only after the UI thread has taken
    its result. The job held the only reference to the QObject carrying that result, so it
    was destroyed on the pool thread while the UI thread was delivering its signal: a crash
    (stress seeds 22 and 35). Forced here: each job runs on a thread of its own, which lets
    go of it only once the result has been handled."""
    from tracker.ui.dashboard import create_dashboard

    destroyed_on: list[int] = []

    class Recorded(worker._Bridge):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            self.destroyed.connect(lambda *_: destroyed_on.append(threading.get_ident()),
                                   Qt.ConnectionType.DirectConnection)

    class HandOffPool:
        def __init__(self) -> None:
            self.threads: list[threading.Thread] = []

        def setMaxThreadCount(self, n: int) -> None:  # noqa: N802 (Qt's name)
            pass

        def start(self, job) -> None:
            held = [job]
            handled = threading.Event()
            taken.append(handled)

            def run() -> None:
                held[0]()
                assert handled.wait(30), "the UI thread never took the result"
                held.clear()  # as QThreadPool deletes a finished runnable: on this thread

            thread = threading.Thread(target=run)
            self.threads.append(thread)
            thread.start()

        def waitForDone(self, ms: int = -1) -> bool:  # noqa: N802
            for thread in self.threads:
                thread.join(None if ms < 0 else ms / 1000)
            return True

    taken: list[threading.Event] = []
    monkeypatch.setattr(worker, "_Bridge", Recorded)
    monkeypatch.setattr(worker, "QThreadPool", lambda parent: HandOffPool())
    skill = journal.add_skill("Overall").ids[0]
    for value in (3, 5, 7, 4):
        journal.record(ratings={skill: value})
    dash = create_dashboard(journal)
    qtbot.addWidget(dash)

    def on_done(*args) -> None:  # after the dashboard's own slot (connected first)
        for handled in taken:
            handled.set()

    dash.worker.arrived.connect(on_done)
    dash.show()
    for view, key in (("share", "30d"), ("effects", "all"), ("insights", "90d")):
        dash.set_view(view)
        dash.set_range(key)
        qtbot.waitUntil(lambda: dash.current_view().settled())
    dash.worker.pool.waitForDone()
    assert dash.data.report_calls >= 3
    assert set(destroyed_on) <= {threading.main_thread().ident}
