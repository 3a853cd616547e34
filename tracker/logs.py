"""Rotating log files in the data dir (0600). Logs never hold notes, ratings or values.

The window's start-up holds its records in memory (``hold_records``) and sets up the file just
after the first paint: ``setup_logging`` writes the held records first, in order.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # loaded by _handler_class, off the path to the first paint
    import logging.handlers
    from io import TextIOWrapper

LOG_NAME = "touchstone.log"


class _HeldRecords(logging.Handler):
    """Records kept until ``setup_logging`` hands them to the log file."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_records(level: int = logging.INFO) -> None:
    """Keep Touchstone's log records in memory until ``setup_logging`` is called."""
    root = logging.getLogger()
    if not any(isinstance(handler, _HeldRecords) for handler in root.handlers):
        root.addHandler(_HeldRecords())
    root.setLevel(level)


@functools.cache
def _handler_class() -> type[logging.handlers.RotatingFileHandler]:
    """A rotating file handler whose files are created 0600 (``logging.handlers`` is loaded
    here, off the window's path to its first paint)."""
    import logging.handlers

    class PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
        def _open(self) -> TextIOWrapper:
            old = os.umask(0o077)
            try:
                return super()._open()
            finally:
                os.umask(old)

    return PrivateRotatingHandler


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send Touchstone's log records to ``log_dir/touchstone.log``; returns its path.

    Records held since ``hold_records`` are written first.
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(log_dir, 0o700)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    private = _handler_class()
    for handler in list(root.handlers):
        if isinstance(handler, private):
            root.removeHandler(handler)
            handler.close()
    handler = private(path, maxBytes=512_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for held in [h for h in root.handlers if isinstance(h, _HeldRecords)]:
        root.removeHandler(held)
        for record in held.records:
            handler.handle(record)
    root.addHandler(handler)
    root.setLevel(level)
    return path


def write_held_records(log_dir: Path) -> None:
    """``setup_logging`` if records are held; else nothing (done already, or never held).

    When the folder cannot be used the held records are dropped: nothing is logged.
    """
    root = logging.getLogger()
    held = [h for h in root.handlers if isinstance(h, _HeldRecords)]
    if not held:
        return
    try:
        setup_logging(log_dir)
    except OSError:
        for handler in held:
            root.removeHandler(handler)
