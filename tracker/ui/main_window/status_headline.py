"""After a save, the answer at a glance in the status bar: "Check-in saved at 17:28. Your state
accounts for about 28 % of the ups and downs of your Overall rating (likely 14–38 %)." — the
first sentence of the Dashboard's card (``services.headline``, same report, same guards) for the
skill just rated, over the range the Dashboard shows (its default until it is opened).

The reports are the ones the Dashboard draws from (one cache and worker, ``worker``, shared): a
current one is used at once; otherwise it is computed off the UI thread, as the Dashboard does,
and the line is added when it arrives — unless the status bar has said something else meanwhile
or the journal changed again (a stale report is never stored, so never shown).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tracker.ui import lifetime

if TYPE_CHECKING:
    from tracker.services.changes import Change
    from tracker.ui.dashboard.widget import DashboardWidget
    from tracker.ui.dashboard.worker import ReportWorker
    from tracker.ui.main_window.host import WindowHost

Key = tuple[str, date | None]
DEFAULT_RANGE = "1y"  # the Dashboard's range until the user picks another


class StatusHeadline:
    """``window.status_headline``: ``after_save`` adds the headline's line to the save message."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        self._worker: ReportWorker | None = None
        self._waiting: tuple[Key, str] | None = None  # the report awaited, the save message

    @property
    def worker(self) -> ReportWorker:
        """The reports shared with the Dashboard, made on first use (no pyqtgraph)."""
        if self._worker is None:
            from tracker.ui.dashboard.worker import reports_for

            worker = reports_for(self.window.journal, self.window.widget)
            # connected before the Dashboard's redraw: it finds the cache already cleared
            self.window.data_changed.connect(worker.data.invalidate)
            worker.arrived.connect(self._arrived)
            self._worker = worker
        return self._worker

    def after_save(self, change: Change, dashboard: DashboardWidget | None) -> None:
        """A check-in was saved (``change``) and its message shown: add the headline's line,
        once the save has returned (finding the skill and loading the data for the report
        take ~20 ms on a year's journal: after the cleared form is on screen, not before)."""
        message = self.window.status_label.text()
        lifetime.later(self.window.widget, self.window.journal,
                       lambda: self._ask(change, dashboard, message))

    def _ask(self, change: Change, dashboard: DashboardWidget | None, message: str) -> None:
        key = self._key(change, dashboard)
        if key is None or self.window.status_label.text() != message:
            return
        self._waiting = (key, message)
        worker = self.worker
        if worker.data.has_report(*key):
            self._show()
        else:
            worker.request(*key)

    def _key(self, change: Change, dashboard: DashboardWidget | None) -> Key | None:
        """The Dashboard's skill if this check-in rated it, else the first skill it rated; the
        Dashboard's range (or its default)."""
        from tracker.ui.dashboard.data import since_for

        saved = self.window.journal.get(change.ids[0]) if change.ids else None
        if saved is None or not saved.ratings:
            return None
        today = date.today()
        if dashboard is not None and (ctx := dashboard.context()) is not None:
            shown, since = ctx.skill.id, ctx.since
        else:
            shown, since = None, since_for(DEFAULT_RANGE, today)
        if shown in saved.ratings:
            return shown, since
        order = [s.id for s in self.window.journal.skills() if s.id in saved.ratings]
        return (order[0] if order else next(iter(saved.ratings))), since

    def _arrived(self, key: Key, fresh: bool) -> None:
        if fresh and self._waiting is not None and self._waiting[0] == key:
            self._show()

    def _show(self) -> None:
        assert self._waiting is not None
        (skill_id, since), message = self._waiting
        self._waiting = None
        label = self.window.status_label
        section = self.worker.data.report(skill_id, since)  # cached: never computed here
        if section is None or label.text() != message:  # something newer is on show
            return
        from tracker.services.headline import headline

        line = headline(section).line()  # made from numbers: translated with them (#20)
        self.window.show_message(self.window.tr("%1. %2").replace(
            "%1", message.rstrip(".")).replace("%2", line))
        label.setToolTip(label.text())
