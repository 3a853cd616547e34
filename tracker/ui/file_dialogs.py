"""File dialogs that leave the open journal undisturbed.

To show icons and types, a file dialog (Qt's own, or a desktop's that runs inside the process)
reads the first bytes of the files it lists. Listing the data folder then opens and closes the
journal, and closing any descriptor of a file drops every SQLite lock this process holds on
it (see ``tracker.store.header``). So while a file dialog is open, the main window sets its
journal aside: every connection closed, taken up again afterwards.

Qt's own file dialog (used where the desktop offers none) keeps the folders it visited in
``~/.config/QtProject.conf``, a file other users may read. Touchstone itself keeps nothing in
QSettings, so its user-scope QSettings point at a place that cannot be written: the history
lives only while the app runs.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt's dialog classes load with the first dialog, not before the first paint
    from PySide6.QtWidgets import QWidget

_set_aside: weakref.WeakMethod | None = None


def set_journal_aside_with(method: Callable[[], contextlib.AbstractContextManager]) -> None:
    """The main window's context manager that closes the journal's connections meanwhile."""
    global _set_aside
    _set_aside = weakref.WeakMethod(method)


def _no_dialog_history() -> None:
    """Qt's file dialogs remember nothing on disk (QtProject.conf): QSettings of the user
    scope go under a path that can never be created (below a device, not a folder)."""
    from PySide6.QtCore import QSettings

    nowhere = os.path.join(os.devnull, "touchstone-keeps-no-qt-settings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, nowhere)


@contextlib.contextmanager
def _journal_aside() -> Iterator[None]:
    _no_dialog_history()
    method = _set_aside() if _set_aside is not None else None
    if method is None:
        yield
        return
    try:
        context = method()
    except RuntimeError:  # the window has been deleted
        yield
        return
    with context:
        yield


def save_file_name(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
    from PySide6.QtWidgets import QFileDialog

    with _journal_aside():
        return QFileDialog.getSaveFileName(parent, caption, start, filters)


def open_file_name(parent: QWidget, caption: str, start: str, filters: str) -> tuple[str, str]:
    from PySide6.QtWidgets import QFileDialog

    with _journal_aside():
        return QFileDialog.getOpenFileName(parent, caption, start, filters)


def existing_directory(parent: QWidget, caption: str, start: str) -> str:
    from PySide6.QtWidgets import QFileDialog

    with _journal_aside():
        return QFileDialog.getExistingDirectory(parent, caption, start)
