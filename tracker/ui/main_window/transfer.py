"""Export and import from the File menu (``window.transfer``, made when first used)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.ui import dialogs, file_dialogs
from tracker.ui.counts import checkins

if TYPE_CHECKING:
    from tracker.ui.main_window.host import WindowHost


class TransferFlows:
    """Export (JSON or CSV), import of Touchstone files, the wizard for other apps."""

    def __init__(self, window: WindowHost) -> None:
        self.window = window
        self.tr = window.tr  # the texts keep the window's translation context

    def export_data(self) -> None:
        window = self.window
        path, chosen = file_dialogs.save_file_name(
            window.widget, self.tr("Export check-ins"), str(Path.home() / "touchstone.json"),
            self.tr("JSON, full fidelity (*.json);;CSV for spreadsheets (*.csv)"))
        if not path:
            return
        fmt = "csv" if path.lower().endswith(".csv") or "csv" in chosen.lower() else "json"
        from tracker.services import encryption

        if encryption.is_encrypted(DataPaths(window.journal.data_dir)) and not dialogs.confirm(
                window.widget, self.tr("Export a plaintext copy"),
                encryption.EXPORT_WARNING + " " + self.tr("Export anyway?")):
            return
        try:
            from tracker.services import transfer

            count = transfer.export_to(window.journal, Path(path), fmt)
        except UserError as exc:
            dialogs.warn(window.widget, exc.message, self.tr("Export failed"))
            return
        window.show_message(self.tr("Exported %1 to %2").replace("%1", checkins(count))
                            .replace("%2", Path(path).name))

    def import_data(self) -> None:
        window = self.window
        path, _ = file_dialogs.open_file_name(
            window.widget, self.tr("Import check-ins"), str(Path.home()),
            self.tr("Touchstone files (*.json *.csv);;All files (*)"))
        if not path:
            return
        try:
            from tracker.services import transfer

            result = transfer.import_from(window.journal, Path(path))
        except UserError as exc:
            dialogs.warn(window.widget, exc.message, self.tr("Nothing was imported"))
            return
        text = self.tr("Imported: %1 new, %2 already present.").replace(
            "%1", f"{result.added:,}").replace("%2", f"{result.skipped:,}")
        if result.created:
            text += " " + self.tr("New: %1.").replace("%1", ", ".join(result.created))
        window.show_message(text)
        from tracker.services.changes import ChangeKind

        window.data_changed.emit(ChangeKind.ALL)

    def import_other(self) -> None:
        """The wizard for Daylio, Bearable, Track & Graph and any CSV."""
        from tracker.ui.import_wizard import ImportWizard

        ImportWizard(self.window.journal, self.window.apply_change,
                     self.window.widget).exec()
