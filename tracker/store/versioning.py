"""Schema version check at start-up: refuse what we cannot read, migrate what is old.

The schema version lives in ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file
as Touchstone's. A newer or foreign file is refused before SQLite opens it, so it stays
byte-for-byte untouched. The migration steps and the backup code are imported only when a
migration is due.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from tracker.errors import StoreError
from tracker.store import cipher
from tracker.store.engine import APPLICATION_ID, NotADatabase, connect, read_header
from tracker.store.failures import store_errors
from tracker.store.integrity import (
    DEFAULT_TIME_LIMIT_S,
    DamagedJournalError,
    damaged_message,
    file_identity,
    set_aside,
    verify_or_set_aside,
)
from tracker.store.schema_version import SCHEMA_VERSION, too_new_message


def locked_message(path: Path) -> str:
    return (
        f"The journal {path} is encrypted: its passphrase is needed to open it "
        "(in a terminal you are asked for it; scripts can set TOUCHSTONE_PASSPHRASE)."
    )


def not_a_database_message(path: Path) -> str:
    return (
        f"{path} is not a Touchstone journal: it is not a SQLite database "
        "(or it is encrypted or damaged). The file was left untouched."
    )


def foreign_database_message(path: Path) -> str:
    return (
        f"{path} is a SQLite database of another program, not a Touchstone journal. "
        "The file was left untouched."
    )


def prepare_database(
    path: Path,
    backups_dir: Path,
    busy_timeout_ms: int,
    check_time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    other_backup_folders: Sequence[Path] = (),
) -> int:
    """Create or migrate the database at ``path``; return its (current) schema version.

    An existing file is first quick-checked read-only (for at most ``check_time_limit_s``; 0
    skips the check): a damaged one is moved aside, unchanged, and ``DamagedJournalError``
    raised before anything could write to it. So are a stray ``-wal`` and a zero-length
    journal with backups (``leftovers``; ``other_backup_folders`` besides ``backups_dir``).
    """
    from tracker.store.leftovers import check_empty_journal, check_stray_wal
    from tracker.store.rekey import discard_scratch

    discard_scratch(path)  # a copy an interrupted switch or restore left (maybe plaintext)
    identity = file_identity(path)  # what the header check sees; a switch may rename over it
    exists = _check_header(path)
    folders = [backups_dir, *other_backup_folders]
    with store_errors():
        check_stray_wal(path, folders)
    if not exists:
        check_empty_journal(path, folders)
    if exists and check_time_limit_s != 0:
        with store_errors():
            verify_or_set_aside(path, check_time_limit_s, identity)
    with store_errors():
        conn = connect(path, busy_timeout_ms)
        try:
            version = _check_open_database(conn, path)
            if version == SCHEMA_VERSION:
                return version
            from tracker.store import migrations

            return migrations.migrate(conn, path, backups_dir, SCHEMA_VERSION)
        finally:
            conn.close()


def _check_header(path: Path) -> bool:
    """Refuse a newer or foreign file by its header; True when the file has content.

    An encrypted journal's header is only readable once unlocked: the same checks then run on
    the open connection.
    """
    if cipher.is_encrypted(path):
        if cipher.key_for(path) is None:
            raise cipher.LockedFile(locked_message(path))
        return True
    try:
        header = read_header(path)
    except NotADatabase as error:
        if error.touchstone_journal:  # damaged at the start: moved aside like other damage
            moved = set_aside(path)
            raise DamagedJournalError(
                damaged_message(path, moved, "its first bytes are not a SQLite header"), moved,
            ) from None
        raise StoreError(not_a_database_message(path)) from None
    except OSError as error:
        raise StoreError(f"The journal {path} cannot be read: {error.strerror}.") from None
    if header is None:
        return False
    if header.user_version > SCHEMA_VERSION:
        raise StoreError(too_new_message(path, header.user_version))
    if header.application_id not in (0, APPLICATION_ID):
        raise StoreError(foreign_database_message(path))
    if header.application_id == 0 and (header.user_version > 0 or header.schema_cookie != 0):
        raise StoreError(foreign_database_message(path))  # has tables, but not ours
    return True


def _check_open_database(conn: sqlite3.Connection, path: Path) -> int:
    """Re-check on the open connection (a WAL file may hold a newer header than the file)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(too_new_message(path, version))
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and version > 0):
        raise StoreError(foreign_database_message(path))
    if version == 0 and has_tables(conn):
        raise StoreError(foreign_database_message(path))
    return version


def has_tables(conn: sqlite3.Connection) -> bool:
    """True when the database holds any table of its own."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1"
    ).fetchone()
    return row is not None
