"""Every file location Touchstone uses, from one place.

Everything lives under one data directory: platformdirs' user data dir for "Touchstone", or the
directory given with ``--data-dir`` (tests point it at ``tmp_path``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "Touchstone"
LOCK_NAME = "touchstone.lock"  # the running window's QLockFile, in the data dir


def default_data_dir() -> Path:
    """The platform's per-user data directory for Touchstone."""
    from platformdirs import user_data_dir  # only here: ``--data-dir`` needs none of it

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))


def resources_dir() -> Path:
    """Bundled resources (icons, styles), found both from source and when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class DataPaths:
    """The files inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "touchstone.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def draft(self) -> Path:
        return self.root / "draft.json"

    @property
    def sealed_draft(self) -> Path:
        """The draft of an encrypted journal (a SQLCipher file under the journal's key)."""
        return self.root / "draft.sealed"

    @property
    def key_checks(self) -> Path:
        """Per-salt key checks of an encrypted journal and its backups (no key, no secret)."""
        return self.root / "keys.json"

    def ensure(self) -> DataPaths:
        """Create the directory (0700 on POSIX) and return self."""
        self.root.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(self.root, 0o700)
        return self


def private_file(path: Path) -> None:
    """Make an existing file readable by its owner only (no-op off POSIX)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` atomically (temp file, fsync, rename) with mode 0600."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
