"""Erase one check-in for good; delete everything (``window.privacy``, made when first used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.words import pick
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.ui import dialogs
from tracker.ui.counts import backups

if TYPE_CHECKING:
    from tracker.ui.main_window.host import WindowHost


class PrivacyFlows:
    """The Edit menu's permanent erase and the File menu's "Delete all my data"."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        self.tr = window.tr  # the texts keep the window's translation context

    def erase_selected_permanently(self) -> bool:
        """Erase the check-in selected in History for good, then offer to purge backups."""
        from tracker.services.privacy import erase_permanently

        window = self.window
        checkin_id = window.history.selected_id()
        if checkin_id is None:
            dialogs.warn(window.widget, self.tr("Select a check-in in History first."))
            return False
        if not dialogs.confirm(window.widget, self.tr("Erase permanently"), self.tr(
                "Erase this check-in permanently? Unlike Delete, this cannot be undone: its "
                "content is overwritten in the journal file.")):
            return False
        window.backup_status.pool.waitForDone()
        try:
            result = erase_permanently(window.journal, window.backups, checkin_id)
        except UserError as exc:
            dialogs.warn(window.widget, exc.message)
            return False
        window.apply_change(result.change)
        held = len(result.backups_holding)
        question = pick(
            held,
            self.tr("%1 older backup still holds this check-in. Erase it from that backup too?"),
            self.tr("%1 older backups still hold this check-in. Erase it from them too?"))
        if held and dialogs.confirm(window.widget, self.tr("Older backups still hold it"),
                                    question):
            try:
                purged = window.backups.purge(checkin_id)
            except UserError as exc:
                dialogs.warn(window.widget, exc.message)
                return True
            window.show_message(self.tr("Erased permanently, also from %1.").replace(
                "%1", backups(purged)))
        elif held:
            window.show_message(pick(
                held, self.tr("Erased from the journal; %1 older backup still holds it."),
                self.tr("Erased from the journal; %1 older backups still hold it.")))
        return True

    def delete_all_data(self) -> bool:
        """Delete the journal, backups, logs, settings and draft, then quit."""
        from tracker.services.privacy import erase_all

        window = self.window
        paths = DataPaths(window.journal.data_dir)
        if not dialogs.confirm(window.widget, self.tr("Delete all my data"), self.tr(
                "Delete everything Touchstone stored, for good: the journal with every "
                "check-in, all backups (also in %1), the logs, your settings and the draft, "
                "in %2, with the key remembered in the system keyring and start at login? This "
                "cannot be undone. Touchstone closes afterwards.").replace(
                "%1", str(window.backups.folder)).replace("%2", str(paths.root))):
            return False
        window.drafting.timer.stop()
        window.outside.timer.stop()
        window.backup_status.pause()
        window.erased = True
        window.journal.close()
        try:
            erase_all(paths, window.backups)
            from tracker.ui.autostart import remove_entry_for

            remove_entry_for(paths.root)
        except UserError as exc:
            dialogs.warn(window.widget, exc.message)
        window.erased_everything.emit()
        window.close()
        return True
