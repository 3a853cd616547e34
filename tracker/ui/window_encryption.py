"""The main window's share of encryption: switching with the journal paused, and the idle lock.

A switch (encrypt, change passphrase, decrypt) replaces the database file, so the window first
stops what touches it (draft timer, external-change polling, background backups), pauses the
journal (every connection closed), runs the switch, and resumes. Locking after idle does the same,
then forgets the key and hides the window until the passphrase is entered again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.changes import ChangeKind
from tracker.services.drafts import DraftStore, drafts_for
from tracker.services.encryption import SwitchResult
from tracker.ui.unlock import IdleLock, ask_passphrase


class WindowEncryption(QObject):
    """Owned by the main window (``window.encryption``)."""

    def __init__(self, window: Any) -> None:  # the MainWindow (importing it would be a cycle)
        super().__init__(window)
        self.window = window
        self.paths = DataPaths(window.journal.data_dir)
        self.idle = IdleLock(self.lock_now, self)
        self.locked = False
        window.installEventFilter(self)  # while locked, nothing may show the window
        self.apply_settings()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.locked and watched is self.window and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self._hide_window)  # the tray or a second launch tried
        return False

    def _hide_window(self) -> None:
        self.window.hide()

    def apply_settings(self) -> None:
        """Follow the auto-lock setting (only an encrypted journal locks)."""
        minutes = self.window.settings.auto_lock_minutes
        self.idle.set_minutes(minutes if encryption.is_encrypted(self.paths) else 0)

    def switch(self, action: Callable[[], SwitchResult]) -> SwitchResult:
        """Run a switch with the journal paused; the window shows the result afterwards."""
        window = self.window
        window.pause_activity()
        window.journal.pause()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return action()
        finally:
            QApplication.restoreOverrideCursor()
            window.journal.resume()
            window.drafts = drafts_for(self.paths)
            window.resume_activity()
            window.data_changed.emit(ChangeKind.ALL)
            self.apply_settings()

    def lock_now(self) -> bool:
        """Forget the key and hide the window until the passphrase is entered; False if the
        journal is not encrypted, or if a dialog was open: it is closed as if cancelled, and
        the lock follows once its caller is back in the main loop."""
        window = self.window
        if self.locked or not encryption.is_encrypted(self.paths) or window.journal.is_closed:
            return False
        if QApplication.activeModalWidget() is not None:
            self._close_dialogs_then_lock()
            return False
        self._dialog_rounds = 0
        self.locked = True
        window.pause_activity()
        window.journal.pause()
        window.drafts = _NoDrafts()  # the sealed draft store held the key too
        encryption.lock()
        was_visible = window.isVisible()
        window.hide()
        try:
            if not ask_passphrase(self.paths, None):
                window.journal.close()
                QApplication.quit()
                return True
        finally:
            self.locked = False
        window.journal.resume()
        window.drafts = drafts_for(self.paths)
        window.resume_activity()
        if was_visible:
            window.show()
            window.raise_()
            window.activateWindow()
        window.data_changed.emit(ChangeKind.ALL)
        self.apply_settings()
        return True


    _dialog_rounds = 0
    MAX_DIALOG_ROUNDS = 3  # a caller that keeps opening dialogs: wait for more idle instead

    def _close_dialogs_then_lock(self) -> None:
        """A dialog left open must not keep the journal on screen: cancel every open modal
        dialog (innermost first), then lock from the main loop, after their callers return."""
        if self._dialog_rounds >= self.MAX_DIALOG_ROUNDS:
            self._dialog_rounds = 0
            self.idle.set_minutes(max(1, self.window.settings.auto_lock_minutes))
            return
        self._dialog_rounds += 1
        closed: set[int] = set()
        modal = QApplication.activeModalWidget()
        while modal is not None and id(modal) not in closed:
            closed.add(id(modal))
            modal.reject() if isinstance(modal, QDialog) else modal.close()
            modal = QApplication.activeModalWidget()
        QTimer.singleShot(0, self.lock_now)


class _NoDrafts(DraftStore):
    """The draft store while locked: the form is hidden and its draft already sealed."""

    def __init__(self) -> None:
        super().__init__(Path(os.devnull))  # never read nor written: each method is a no-op

    def load(self) -> None:
        return None

    def save(self, draft: dict) -> None:
        pass

    def clear(self) -> None:
        pass
