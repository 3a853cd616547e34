"""What the outcome-source room uses of the window and of its refresher (types only; named
here so this package imports neither the main window's package nor itself in a circle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QThreadPool, SignalInstance
    from PySide6.QtWidgets import QMainWindow

    from tracker.services.changes import Change
    from tracker.services.journal import Journal
    from tracker.settings import Settings


class Pooled(Protocol):
    """``window.backup_status``: its one background thread."""

    @property
    def pool(self) -> QThreadPool: ...


class Window(Protocol):
    """The main window (``main_window.host.WindowHost`` has all of this)."""

    journal: Journal
    settings: Settings
    erased: bool

    @property
    def widget(self) -> QMainWindow: ...

    @property
    def backup_status(self) -> Pooled: ...

    def apply_change(self, change: Change | None) -> None: ...

    def show_message(self, text: str) -> None: ...


class Refresher(Protocol):
    """``window.outcome_sources`` as the dialog uses it."""

    running: bool

    @property
    def finished(self) -> SignalInstance: ...

    def refresh_now(self, name: str | None = None) -> bool: ...
