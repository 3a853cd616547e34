"""Opening a journal that cannot be written: a data folder on read-only media (a write-protected
stick, a read-only backup disk), an immutable folder or one without write permission.

Everything that reads works (the journal, its listing, export and report); nothing is created,
migrated, checkpointed or moved aside there. SQLite's ``mode=ro`` still needs to create the
``-shm`` of a WAL journal, which a read-only folder refuses: then the file is read
``immutable`` (no locks, no ``-shm``; a ``-wal`` left beside it by a crash is not read, and
``read_only_message`` says so).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import StoreError
from tracker.store.connection import connect, driver_errors
from tracker.store.integrity import DEFAULT_TIME_LIMIT_S, quick_check, sidecars
from tracker.store.schema_version import SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy import Engine


def refused_write(root: Path, why: str) -> str:
    """The message for any write into a read-only data folder."""
    return (f"The data folder {root} is read-only: {why}. Touchstone can read the journal "
            "there but not change it; nothing was saved.")


def open_read_only(path: Path, why: str, busy_timeout_ms: int,
                   time_limit_s: float | None) -> tuple[Engine, sqlite3.Connection]:
    """The engine and watcher connection of a ``Store`` on the journal at ``path`` in a folder
    that cannot be written (``why``)."""
    from tracker.store.engine import create_store_engine
    from tracker.store.failures import store_errors

    with store_errors():
        immutable = prepare_read_only(path, why, time_limit_s)
        watcher = connect(path, busy_timeout_ms, read_only=True, immutable=immutable)
    engine = create_store_engine(path, busy_timeout_ms, read_only=True, immutable=immutable)
    return engine, watcher


def prepare_read_only(path: Path, why: str,
                      time_limit_s: float | None = DEFAULT_TIME_LIMIT_S) -> bool:
    """Check the journal at ``path`` without writing anything; True when it must be read
    ``immutable``. A missing, foreign, too-new, damaged or old-schema journal raises
    ``StoreError`` (it cannot be created, set aside or upgraded here)."""
    from tracker.store.versioning import _check_header, _check_open_database

    folder = path.parent
    if not path.exists():
        raise StoreError(f"There is no journal in {folder}, and none can be made there: "
                         f"the folder is read-only ({why}).")
    try:
        _check_header(path)
    except OSError:  # a damaged header is set aside elsewhere; here it cannot be moved
        raise StoreError(_damaged(path, why)) from None
    immutable = False
    try:
        conn = connect(path, read_only=True)
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except driver_errors("OperationalError"):
        immutable = True
        conn = connect(path, read_only=True, immutable=True)
    try:
        if quick_check(conn, time_limit_s).ok is False:
            raise StoreError(_damaged(path, why))
        version = _check_open_database(conn, path)
    except driver_errors("DatabaseError"):
        raise StoreError(_damaged(path, why)) from None
    finally:
        conn.close()
    if version != SCHEMA_VERSION:
        raise StoreError(
            f"The journal {path} was made by an older Touchstone and must be upgraded before "
            f"this version reads it, which cannot happen in a read-only folder ({why}). Copy "
            "the data folder somewhere writable and open the copy with --data-dir.")
    return immutable


def unread_wal(path: Path, immutable: bool) -> bool:
    """Whether a -wal (changes a crash left) lies beside a journal read without it."""
    wal = sidecars(path)[0]
    return immutable and wal.exists() and wal.stat().st_size > 0


def _damaged(path: Path, why: str) -> str:
    return (f"The journal {path} is damaged, and it cannot be set aside in a read-only folder "
            f"({why}). Copy the data folder somewhere writable and open the copy with "
            "--data-dir, or restore a backup there.")
