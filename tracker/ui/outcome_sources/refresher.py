"""Outcome sources refreshed in the background: once soon after start, then hourly.

The reading (the sources, the journal's measures, outcomes and check-in offsets) runs on the
window's background thread (the backups' pool, so pausing or closing the journal waits for it;
``plan_refresh`` writes nothing); the plans come back through a queued signal and the UI thread
writes each in one short transaction (``apply_refresh``). Nothing of the sources is imported
until the first refresh, and nothing at all when no source was added.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QDialog

from tracker.ui import lifetime

if TYPE_CHECKING:
    from tracker.services.outcome_sources import RefreshPlan
    from tracker.ui.outcome_sources.host import Window

log = logging.getLogger(__name__)

START_DELAY_MS = 5_000  # after the window is up: never on the first-paint path
EVERY_MS = 60 * 60 * 1000  # at most hourly


class _Bridge(QObject):
    """Carries the plans to the UI thread (a child of the refresher, on the UI thread)."""

    done = Signal(object)  # list of RefreshPlan, or the exception raised


class SourceRefresher(QObject):
    """Owned by the window (``window.outcome_sources``); ``finished(plans)`` once a refresh
    has been written, on the UI thread."""

    finished = Signal(object)

    def __init__(self, window: Window) -> None:
        super().__init__(window.widget)
        self.window = window
        self.pool: QThreadPool = window.backup_status.pool
        self.bridge = _Bridge(self)
        self.bridge.done.connect(lifetime.bound(window.widget, window.journal, self._arrived))
        self.running = False
        self.dialog: QDialog | None = None
        self.timer = lifetime.timer(window.widget, window.journal, self.refresh_now, EVERY_MS,
                                    single_shot=False)

    def started(self) -> SourceRefresher:
        """Itself, its first refresh due a little after start, then hourly."""
        if self.window.settings.outcome_sources:
            lifetime.later(self.window.widget, self.window.journal, self.refresh_now,
                           START_DELAY_MS)
        self.timer.start()
        return self

    def refresh_now(self, name: str | None = None) -> bool:
        """Read every source (or the one called ``name``) off the UI thread; False when a
        refresh is already running or there is nothing to read."""
        window = self.window
        if self.running or window.erased or not window.settings.outcome_sources:
            return False
        from tracker.services.outcome_sources import SourceBook, journal_day_of, plan_refresh

        book = SourceBook(window.settings)
        sources = [s for s in book.sources()
                   if name is None or s.name.casefold() == name.casefold()]
        for source in sources:
            book.status(source)  # loaded here, so the job only reads
        journal, done = window.journal, self.bridge.done
        self.running = True

        def job() -> None:
            result: list[RefreshPlan] | Exception
            try:
                day_of = journal_day_of(journal)
                result = [plan_refresh(journal, book, s, day_of) for s in sources]
            except Exception as exc:  # noqa: BLE001 (reported on the UI thread)
                result = exc
            done.emit(result)

        self.pool.start(job)
        return True

    def _arrived(self, result: list[RefreshPlan] | Exception) -> None:
        from tracker.errors import UserError
        from tracker.services.outcome_sources import SourceBook, apply_refresh

        self.running = False
        if isinstance(result, UserError):  # the journal could not be read: try next hour
            self.window.show_message(result.message)
            return
        if isinstance(result, Exception):
            raise result
        book = SourceBook(self.window.settings)
        change: Any = None
        for plan in result:
            try:
                change = apply_refresh(self.window.journal, book, plan) or change
            except UserError as exc:
                log.warning("an outcome source could not be saved: %s", type(exc).__name__)
        if change is not None:
            self.window.apply_change(change)
        self.finished.emit(result)

    def open_dialog(self) -> None:
        """The "Outcome sources…" dialog (modal; reads go on in the background)."""
        from tracker.ui.outcome_sources.dialog import OutcomeSourcesDialog

        self.dialog = OutcomeSourcesDialog(self.window, self)
        self.dialog.exec()

    def wait(self, ms: int = -1) -> None:
        """Block until the running read is over (tests; pausing waits through the pool)."""
        self.pool.waitForDone(ms)
