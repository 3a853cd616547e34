"""Unexpected exceptions: log with traceback, show a crash dialog. UserErrors get a warning."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.errors import UserError
from tracker.ui.text import translator

tr = translator("crash")


def log_location(log: logging.Logger) -> Path | None:
    """The file the logger (or an ancestor) writes to, if any."""
    current: logging.Logger | None = log
    while current is not None:
        for handler in current.handlers:
            name = getattr(handler, "baseFilename", None)
            if name:
                return Path(name)
        current = current.parent if current.propagate else None
    return None


def show_crash_dialog(exc: BaseException, where: Path | None) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("Touchstone hit a bug"))
    box.setText(tr("Something went wrong that should not have: %1").replace(
        "%1", f"{type(exc).__name__}: {exc}"))
    details = tr("Your saved check-ins are safe. The details are in the log:\n%1").replace(
        "%1", str(where) if where else tr("(no log file)"))
    box.setInformativeText(details)
    box.exec()


def install_excepthook(log: logging.Logger | Path) -> None:
    """Route uncaught exceptions: UserError -> warning dialog, anything else -> log + crash box.

    ``log`` is the logger to write to, or the log directory (or file) when the root logger's
    handlers are set up elsewhere (``tracker.logs.setup_logging``).
    """
    showing = False
    if isinstance(log, Path):
        where: Path | None = log / "touchstone.log" if not log.suffix else log
        log = logging.getLogger("tracker")
    else:
        where = log_location(log)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if isinstance(exc, UserError):
            log.info("user error: %s", type(exc).__name__)
            if QApplication.instance() is not None:
                QMessageBox.warning(QApplication.activeWindow(), tr("Touchstone"), exc.message)
            return
        # the message may quote what the user typed: log the type and the frames only
        log.error("unexpected %s\n%s", kind.__name__, "".join(traceback.format_tb(tb)))
        if QApplication.instance() is None or showing:
            return
        showing = True
        try:
            show_crash_dialog(exc, where)
        finally:
            showing = False

    sys.excepthook = hook
