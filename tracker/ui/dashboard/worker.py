"""Reports computed off the UI thread: one QThreadPool job per (skill, since, data epoch).

The job gets copies of the cached skills, factors and check-ins (the analysis is pure numpy and
Python on them) and hands the section back through a queued signal, so the UI thread only
stores it and draws. The signal's object is one child of the worker, never the job's: a job
is deleted on its pool thread, and a QObject it alone held would be destroyed there, racing
the UI thread that is delivering its signal (a crash under load).

One worker (and its cache) can serve more than the dashboard: the main window shares one
between the dashboard and the status bar's line after a save (``reports_for``), so a report
computed for either is there for the other.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal

from tracker.services.report_types import Section
from tracker.ui import lifetime
from tracker.ui.dashboard.data import DashboardData, compute_section

if TYPE_CHECKING:
    from tracker.services.journal import Journal

Key = tuple[str, date | None]


class _Bridge(QObject):
    """Carries the results to the UI thread; a child of the worker (lives on the UI thread)."""

    done = Signal(object, int, object)  # key, epoch, section (or the exception raised)


class ReportWorker(QObject):
    """Starts report jobs; ``arrived(key, fresh)`` on the UI thread when one is done (``fresh``:
    it was stored, the data did not change meanwhile)."""

    arrived = Signal(object, bool)

    def __init__(self, data: DashboardData, parent: QObject) -> None:
        super().__init__(parent)
        self.data = data
        self.pool = QThreadPool(self)  # a child: destroying the dashboard waits for its jobs
        self.pool.setMaxThreadCount(1)
        self.bridge = _Bridge(self)  # created after the pool, so destroyed after it
        # a result is dropped once the dashboard or its journal is gone
        self.bridge.done.connect(lifetime.bound(parent, data.journal, self._finished))
        self.running: set[tuple[Key, int]] = set()

    def request(self, skill_id: str, since: date | None) -> None:
        """Compute the section unless it is cached or already being computed."""
        key = (skill_id, since)
        epoch = self.data.epoch
        if self.data.has_report(skill_id, since) or (key, epoch) in self.running:
            return
        self.data.report_calls += 1
        skills, factors, checkins = self.data.snapshot()  # loaded here, on the UI thread
        bridge = self.bridge
        self.running.add((key, epoch))

        def job() -> None:
            section: Section | Exception | None
            try:
                section = compute_section(skills, factors, checkins, skill_id, since)
            except Exception as exc:  # noqa: BLE001 (re-raised on the UI thread)
                section = exc
            bridge.done.emit(key, epoch, section)

        self.pool.start(job)

    def busy(self) -> bool:
        return bool(self.running)

    def wait(self, ms: int) -> None:
        """Block until the jobs finish or ``ms`` pass (offscreen settling only)."""
        self.pool.waitForDone(ms)

    def _finished(self, key: Key, epoch: int, section: Section | Exception | None) -> None:
        self.running.discard((key, epoch))
        if isinstance(section, Exception):
            raise section
        if epoch == self.data.epoch:
            self.data.store_report(key[0], key[1], section)
        self.arrived.emit(key, epoch == self.data.epoch)


def reports_for(journal: Journal, parent: QObject) -> ReportWorker:
    """A worker over a new cache of ``journal``, for its users to share; whoever makes it
    drops the cache's stale reports (``data.invalidate``) when the journal changes."""
    return ReportWorker(DashboardData(journal), parent)
