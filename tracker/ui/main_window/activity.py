"""The window's two clocks that touch the journal on their own: the draft, written half a
second after the last keystroke, and the poll for changes another process (the CLI) made."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from tracker.errors import UserError
from tracker.ui import lifetime

if TYPE_CHECKING:
    from tracker.ui.main_window.host import WindowHost

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 500
EXTERNAL_POLL_MS = 2000


class DraftKeeper:
    """Keeps the form's unfinished check-in in the draft file (``window.drafting``)."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        self.timer = QTimer(window.widget)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.save)

    def schedule(self) -> None:
        self.timer.start()

    def save(self) -> None:
        """Write the form to the draft file now (an empty form removes the draft)."""
        self.timer.stop()
        try:
            self.window.drafts.save(self.window.form.state())
        except OSError as exc:
            log.warning("could not save draft: %s", type(exc).__name__)


class OutsideChanges:
    """Polls the journal for another process's writes (``window.outside``); a change
    refreshes everything through ``data_changed("all")``."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        # dropped once the journal or the window is gone
        self.timer = lifetime.timer(window.widget, window.journal, self.check, EXTERNAL_POLL_MS,
                                    single_shot=False)
        self.timer.start()

    def check(self) -> bool:
        """Another process (the CLI) wrote: refresh everything."""
        window = self.window
        if window.closed:
            return False
        try:
            changed = window.journal.external_change()
        except UserError as exc:
            log.warning("external change check failed: %s", type(exc).__name__)
            return False
        if changed:
            from tracker.services.changes import ChangeKind

            window.data_changed.emit(ChangeKind.ALL)
        return changed
