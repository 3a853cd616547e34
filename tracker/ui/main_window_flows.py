"""The main window's flows, each a mixin of ``MainWindow``: import/export, backups, privacy,
the menus' dialogs.

They run on the window (``self`` is the ``MainWindow``) and use its journal, settings, backup
pool and timers; they hold no state of their own.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tracker.domain.words import pick
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.ui import file_dialogs
from tracker.ui.counts import backups, checkins

log = logging.getLogger("tracker.ui.main_window")


def lazy_dialogs():
    """``tracker.ui.dialogs`` (message boxes), loaded when the first one is needed."""
    from tracker.ui import dialogs

    return dialogs


class TransferFlows:
    """Export and import from the File menu."""

    def export_data(self) -> None:
        path, chosen = file_dialogs.save_file_name(
            self, self.tr("Export check-ins"), str(Path.home() / "touchstone.json"),
            self.tr("JSON, full fidelity (*.json);;CSV for spreadsheets (*.csv)"))
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "json"
        from tracker.services import encryption

        if encryption.is_encrypted(DataPaths(self.journal.data_dir)) and not lazy_dialogs().confirm(
                self, self.tr("Export a plaintext copy"),
                encryption.EXPORT_WARNING + " " + self.tr("Export anyway?")):
            return
        from tracker.services import transfer

        try:
            count = transfer.export_to(self.journal, Path(path), fmt)
        except UserError as exc:
            lazy_dialogs().warn(self, exc.message, self.tr("Export failed"))
            return
        self.show_message(self.tr("Exported %1 to %2").replace("%1", checkins(count))
                          .replace("%2", Path(path).name))

    def import_data(self) -> None:
        from tracker.services.changes import ChangeKind  # not before the first paint

        path, _ = file_dialogs.open_file_name(
            self, self.tr("Import check-ins"), str(Path.home()),
            self.tr("Touchstone files (*.json *.csv);;All files (*)"))
        if not path:
            return
        from tracker.services import transfer

        try:
            result = transfer.import_from(self.journal, Path(path))
        except UserError as exc:
            lazy_dialogs().warn(self, exc.message, self.tr("Nothing was imported"))
            return
        text = self.tr("Imported: %1 new, %2 already present.").replace(
            "%1", f"{result.added:,}").replace("%2", f"{result.skipped:,}")
        if result.created:
            text += " " + self.tr("New: %1.").replace("%1", ", ".join(result.created))
        self.show_message(text)
        self.data_changed.emit(ChangeKind.ALL)


    def import_other(self) -> None:
        """The wizard for Daylio, Bearable, Track & Graph and any CSV."""
        from tracker.ui.import_wizard import ImportWizard

        ImportWizard(self.journal, self.apply_change, self).exec()


class BackupFlows:
    """The backup status, background backups, restore and the backup folder."""

    def _update_backup_label(self) -> None:
        try:
            last = self.backups.last_backup()
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
            if self.backups.newest_in_future() is not None:
                text = self.tr("Newest backup dated in the future (%1): was the clock wrong? "
                               "Daily backups go on.").replace("%1", f"{local:%Y-%m-%d}")
        self.backup_label.setText(text)
        self.backup_label.setToolTip(str(self.backups.folder))

    def start_background_backup(self, force: bool = False) -> bool:
        """Back up off the UI thread: today's backup if due, or a new one when ``force``."""
        self._backup_timer.stop()
        if self._backup_running or self._erased:
            return False
        self._backup_running = True
        backups = self.backups
        finished = self.backup_finished

        def job() -> None:
            try:
                result = backups.back_up() if force else backups.back_up_if_due()
            except UserError as exc:
                result = exc
            except Exception as exc:  # a bug: report it on the UI thread, do not lose it
                log.error("background backup failed: %s", type(exc).__name__)
                result = UserError(self.tr("The backup failed unexpectedly; see the log."))
            finished.emit(result)

        self._backup_pool.start(job)
        return True

    def _on_backup_finished(self, result: object) -> None:
        self._backup_running = False
        if isinstance(result, UserError):
            self.show_message(self.tr("Backup failed: %1").replace("%1", result.message))
            return
        if result is not None:
            self._changed_since_backup = False
            self.show_message(self.tr("Backed up %1.").replace("%1", checkins(result.checkins)))
        self._update_backup_label()

    def open_restore_dialog(self) -> None:
        from tracker.ui.restore_dialog import RestoreDialog

        self._backup_pool.waitForDone()
        self.restore_dialog = RestoreDialog(self.backups, self.apply_change, self)
        self.restore_dialog.exec()
        self._update_backup_label()

    def choose_backup_folder(self) -> None:
        folder = file_dialogs.existing_directory(
            self, self.tr("Backup folder (another disk, a synced folder …)"),
            str(self.backups.folder))
        if folder:
            self.set_backup_folder(folder)

    def set_backup_folder(self, folder: str) -> None:
        self.settings.backup_dir = folder
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", type(exc).__name__)
        self._update_backup_label()
        self.show_message(self.tr("New backups go to %1").replace("%1", folder))


class PrivacyFlows:
    """Erase one check-in for good; delete everything."""

    def erase_selected_permanently(self) -> bool:
        """Erase the check-in selected in History for good, then offer to purge backups."""
        from tracker.services.privacy import erase_permanently

        checkin_id = self.history.selected_id()
        if checkin_id is None:
            lazy_dialogs().warn(self, self.tr("Select a check-in in History first."))
            return False
        if not lazy_dialogs().confirm(self, self.tr("Erase permanently"), self.tr(
                "Erase this check-in permanently? Unlike Delete, this cannot be undone: its "
                "content is overwritten in the journal file.")):
            return False
        self._backup_pool.waitForDone()
        try:
            result = erase_permanently(self.journal, self.backups, checkin_id)
        except UserError as exc:
            lazy_dialogs().warn(self, exc.message)
            return False
        self.apply_change(result.change)
        held = len(result.backups_holding)
        question = pick(
            held,
            self.tr("%1 older backup still holds this check-in. Erase it from that backup too?"),
            self.tr("%1 older backups still hold this check-in. Erase it from them too?"))
        if held and lazy_dialogs().confirm(self, self.tr("Older backups still hold it"), question):
            try:
                purged = self.backups.purge(checkin_id)
            except UserError as exc:
                lazy_dialogs().warn(self, exc.message)
                return True
            self.show_message(self.tr("Erased permanently, also from %1.").replace(
                "%1", backups(purged)))
        elif held:
            self.show_message(pick(
                held, self.tr("Erased from the journal; %1 older backup still holds it."),
                self.tr("Erased from the journal; %1 older backups still hold it.")))
        return True

    def delete_all_data(self) -> bool:
        """Delete the journal, backups, logs, settings and draft, then quit."""
        from tracker.services.privacy import erase_all

        paths = DataPaths(self.journal.data_dir)
        if not lazy_dialogs().confirm(self, self.tr("Delete all my data"), self.tr(
                "Delete everything Touchstone stored, for good: the journal with every "
                "check-in, all backups (also in %1), the logs, your settings and the draft, "
                "in %2, with the key remembered in the system keyring and start at login? This "
                "cannot be undone. Touchstone closes afterwards.").replace(
                "%1", str(self.backups.folder)).replace("%2", str(paths.root))):
            return False
        self._backup_timer.stop()
        self._draft_timer.stop()
        self._poll_timer.stop()
        self._backup_pool.waitForDone()
        self._erased = True
        self.journal.close()
        try:
            erase_all(paths, self.backups)
            from tracker.ui.autostart import remove_entry_for

            remove_entry_for(paths.root)
        except UserError as exc:
            lazy_dialogs().warn(self, exc.message)
        self.erased_everything.emit()
        self.close()
        return True


class DialogFlows:
    """Dialogs the menus open: Skills & factors, About."""

    def manage(self) -> None:
        from tracker.ui.manage_dialog import ManageDialog

        ManageDialog(self.journal, self.apply_change, self).exec()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs load when first opened

        QMessageBox.about(self, self.tr("About Touchstone"), self.tr(
            "<h3>Touchstone</h3><p>A private, offline journal that shows how much your state "
            "clouds your judgment of your own skill.</p><p>Your data stays in:<br>%1</p>"
        ).replace("%1", str(self.journal.data_dir)))
