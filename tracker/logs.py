"""Rotating log files in the data dir (0600). Logs never hold notes, ratings or values."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "touchstone.log"


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose files are created 0600."""

    def _open(self):  # type: ignore[override]
        old = os.umask(0o077)
        try:
            return super()._open()
        finally:
            os.umask(old)


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send Touchstone's log records to ``log_dir/touchstone.log``; returns its path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(log_dir, 0o700)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _PrivateRotatingHandler):
            root.removeHandler(handler)
            handler.close()
    handler = _PrivateRotatingHandler(path, maxBytes=512_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
