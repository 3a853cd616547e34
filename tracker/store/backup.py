"""Copies of the database made with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import StoreError
from tracker.paths import private_file
from tracker.store.engine import connect
from tracker.store.failures import message_for


def backup_before_migration(
    path: Path, backups_dir: Path, target_version: int, now: datetime | None = None
) -> Path:
    """Copy the database at ``path`` to ``backups/touchstone-before-vN-<UTC stamp>.db``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    try:
        backups_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(backups_dir, 0o700)
        dest = _free_name(backups_dir, f"touchstone-before-v{target_version}-{stamp}")
        source = connect(path)
        try:
            copy_database(source, dest)
        finally:
            source.close()
    except (OSError, sqlite3.Error) as error:
        reason = message_for(error) or getattr(error, "strerror", None) or str(error)
        raise StoreError(
            f"Could not back up the journal into {backups_dir} before upgrading it: {reason} "
            "Nothing was changed."
        ) from error
    return dest


def copy_database(conn: sqlite3.Connection, dest: Path) -> None:
    """Write a consistent single-file copy (rollback journal, mode 0600) of ``conn``'s db."""
    try:
        target = connect(dest, journal_mode="DELETE")
        try:
            conn.backup(target)
            # the copied header says WAL; make the copy one self-contained file
            target.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            target.close()
        private_file(dest)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _free_name(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}.db"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.db"
        counter += 1
    return candidate
