"""The window's backups: the status-bar label, background backups (one worker thread, a
pause after changes), restore, the backup folder, the last backup at close."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool

from tracker.errors import UserError
from tracker.ui import file_dialogs, lifetime
from tracker.ui.counts import checkins

if TYPE_CHECKING:
    from tracker.services.backups import BackupInfo
    from tracker.ui.main_window.host import WindowHost

log = logging.getLogger(__name__)

BACKUP_DELAY_MS = 4000  # after a change, once the user pauses: today's backup if not made yet


class BackupStatus(QObject):
    """Owned by the window (``window.backup_status``); reports through its status bar."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget)
        self.window = window
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.running = False
        self.changed_since_backup = False
        self.timer = lifetime.timer(window.widget, window.journal, self.start_background_backup,
                                    BACKUP_DELAY_MS)
        window.backup_finished.connect(lifetime.bound(window.widget, window.journal,
                                                      self._on_finished))

    def tr(self, text: str) -> str:  # type: ignore[override]  # QObject.tr takes more args
        """Translated in the window's context (where these texts were before the split)."""
        return self.window.tr(text)  # the texts keep the window's translation context

    def changed(self) -> None:
        """The journal changed: a backup follows once the user pauses."""
        self.changed_since_backup = True
        self.timer.start()

    def update_label(self) -> None:
        window = self.window
        backups = window.backups
        try:
            last = backups.last_backup()
        except OSError:
            last = None
        if last is None:
            text = self.tr("Last backup: never")
        else:
            local = last.astimezone()
            from datetime import datetime

            same_day = local.date() == datetime.now().astimezone().date()
            when = (self.tr("today %1").replace("%1", f"{local:%H:%M}") if same_day
                    else f"{local:%Y-%m-%d %H:%M}")
            text = self.tr("Last backup: %1").replace("%1", when)
            if backups.newest_in_future() is not None:
                text = self.tr("Newest backup dated in the future (%1): was the clock wrong? "
                               "Daily backups go on.").replace("%1", f"{local:%Y-%m-%d}")
        window.backup_label.setText(text)
        window.backup_label.setToolTip(str(backups.folder))

    def start_background_backup(self, force: bool = False) -> bool:
        """Back up off the UI thread: today's backup if due, or a new one when ``force``."""
        self.timer.stop()
        if self.running or self.window.erased:
            return False
        self.running = True
        backups = self.window.backups
        finished = self.window.backup_finished
        failed = self.tr("The backup failed unexpectedly; see the log.")

        def job() -> None:
            result: BackupInfo | UserError | None
            try:
                result = backups.back_up(manual=True) if force else backups.back_up_if_due()
            except UserError as exc:
                result = exc
            except Exception as exc:  # a bug: report it on the UI thread, do not lose it
                log.error("background backup failed: %s", type(exc).__name__)
                result = UserError(failed)
            finished.emit(result)

        self.pool.start(job)
        return True

    def _on_finished(self, result: BackupInfo | UserError | None) -> None:
        self.running = False
        if isinstance(result, UserError):
            self.window.show_message(self.tr("Backup failed: %1").replace("%1", result.message))
            return
        if result is not None:
            self.changed_since_backup = False
            self.window.show_message(
                self.tr("Backed up %1.").replace("%1", checkins(result.checkins)))
        self.update_label()

    def pause(self) -> None:
        """No backup starts, none runs (the journal is being set aside or erased)."""
        self.timer.stop()
        self.pool.waitForDone()

    def resume(self) -> None:
        if self.changed_since_backup:
            self.timer.start()  # the backup a change asked for still comes

    def at_close(self) -> None:
        """The window closes: the running backup ends, today's is made if a change asks."""
        self.pause()
        if self.changed_since_backup:
            try:
                self.window.backups.back_up_if_due()
            except UserError as exc:
                log.warning("backup at close failed: %s", type(exc).__name__)

    def open_restore_dialog(self) -> None:
        from tracker.ui.restore_dialog import RestoreDialog

        window = self.window
        self.pool.waitForDone()
        window.restore_dialog = RestoreDialog(window.backups, window.apply_change,
                                              window.widget)
        window.restore_dialog.exec()
        self.update_label()

    def choose_folder(self) -> None:
        window = self.window
        folder = file_dialogs.existing_directory(
            window.widget, self.tr("Backup folder (another disk, a synced folder …)"),
            str(window.backups.folder))
        if folder:
            self.set_folder(folder)

    def set_folder(self, folder: str) -> None:
        settings = self.window.settings
        settings.backup_dir = folder
        try:
            settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", type(exc).__name__)
        self.update_label()
        self.window.show_message(self.tr("New backups go to %1").replace("%1", folder))
