"""What the rooms use of the main window: ``WindowHost``, which ``shell.MainWindow`` satisfies.

The rooms (``actions``, ``activity``, ``backup_status``, ``privacy``, ``transfer``) are typed
against this protocol, not against ``MainWindow``, so they never import ``shell`` (which
imports them). This module imports no room either: where a room reaches another one through
the window, a small protocol below names just the methods it calls. Types only: the rooms
import it under ``TYPE_CHECKING``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QThreadPool, QTimer, SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLabel, QMainWindow, QMenuBar, QTabWidget

    from tracker.services.backups import Backups
    from tracker.services.changes import Change
    from tracker.services.drafts import DraftStore
    from tracker.services.journal import Journal
    from tracker.settings import Settings
    from tracker.ui.checkin_form import CheckInForm
    from tracker.ui.history_view import HistoryView
    from tracker.ui.restore_dialog import RestoreDialog


class Clock(Protocol):
    """A room that runs on a timer (``window.drafting``, ``window.outside``)."""

    @property
    def timer(self) -> QTimer: ...


class BackupRoom(Protocol):
    """``window.backup_status``, as the menus and the erase flows use it."""

    @property
    def pool(self) -> QThreadPool: ...

    def start_background_backup(self, force: bool = False) -> bool: ...

    def open_restore_dialog(self) -> None: ...

    def choose_folder(self) -> None: ...

    def pause(self) -> None: ...


class TransferRoom(Protocol):
    """``window.transfer``, as the File menu uses it."""

    def export_data(self) -> None: ...

    def import_data(self) -> None: ...

    def import_other(self) -> None: ...


class PrivacyRoom(Protocol):
    """``window.privacy``, as the File and Edit menus use it."""

    def erase_selected_permanently(self) -> bool: ...

    def delete_all_data(self) -> bool: ...


class ProbeRoom(Protocol):
    """``window.probe_offer`` (``tracker.ui.probes.offer``), as the menu uses it."""

    def open(self) -> object: ...


class SourcesRoom(Protocol):
    """``window.outcome_sources`` (``ui.outcome_sources.refresher``), as the menu uses it."""

    def open_dialog(self) -> None: ...


class WindowHost(Protocol):
    """The main window as its rooms see it. ``widget`` is the window itself, as the Qt parent
    of the rooms' timers and dialogs (a protocol cannot also be a ``QMainWindow``)."""

    journal: Journal
    settings: Settings
    drafts: DraftStore
    form: CheckInForm
    tabs: QTabWidget
    backup_label: QLabel
    status_label: QLabel
    actions_by_id: dict[str, QAction]
    menus_filled: bool
    closed: bool
    erased: bool
    restore_dialog: RestoreDialog

    @property
    def widget(self) -> QMainWindow: ...

    @property
    def data_changed(self) -> SignalInstance: ...

    @property
    def backup_finished(self) -> SignalInstance: ...

    @property
    def erased_everything(self) -> SignalInstance: ...

    @property
    def backups(self) -> Backups: ...

    @property
    def history(self) -> HistoryView: ...

    @property
    def backup_status(self) -> BackupRoom: ...

    @property
    def transfer(self) -> TransferRoom: ...

    @property
    def privacy(self) -> PrivacyRoom: ...

    @property
    def probe_offer(self) -> ProbeRoom: ...

    @property
    def outcome_sources(self) -> SourcesRoom: ...

    @property
    def drafting(self) -> Clock: ...

    @property
    def outside(self) -> Clock: ...

    def tr(self, source: str, /) -> str: ...

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 - Qt's name

    def close(self) -> bool: ...

    def apply_change(self, change: Change | None) -> None: ...

    def show_message(self, text: str) -> None: ...

    def open_manage(self) -> None: ...

    def show_about(self) -> None: ...

    def undo(self) -> None: ...
