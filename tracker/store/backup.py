"""Copies of the database made with SQLite's online backup API: taking, checking, restoring,
and purging one check-in from them.

Every copy is a single self-contained file (rollback journal), mode 0600, written under a
temporary name, quick-checked and fsynced before it gets its own name (``store.files``): a copy
that fails its check, or a process killed while writing, never leaves a file that looks like a
backup.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import StoreError
from tracker.paths import private_file
from tracker.store import cipher
from tracker.store.connection import (
    APPLICATION_ID,
    NotADatabase,
    connect,
    driver_errors,
    read_header,
)
from tracker.store.failures import message_for
from tracker.store.files import discard_temp, publish, temp_beside
from tracker.store.integrity import is_damage, quick_check
from tracker.store.schema_version import SCHEMA_VERSION

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What a backup file holds, read from the file itself."""

    path: Path
    schema_version: int
    checkins: int
    size: int


def backup_before_migration(
    path: Path, backups_dir: Path, target_version: int, now: datetime | None = None
) -> Path:
    """Copy the database at ``path`` to ``backups/touchstone-before-vN-<UTC stamp>.db``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    try:
        ensure_private_dir(backups_dir)
        dest = free_name(backups_dir, f"touchstone-before-v{target_version}-{stamp}")
        source = connect(path)
        try:
            copy_database(source, dest, cipher.key_for(path))
        finally:
            source.close()
    except driver_errors(also=(OSError,)) as error:
        raise StoreError(
            f"Could not back up the journal into {backups_dir} before upgrading it: "
            f"{failure_reason(error)} Nothing was changed."
        ) from error
    return dest


def copy_database(
    conn: sqlite3.Connection, dest: Path, key: cipher.CipherKey | None = None
) -> None:
    """Write a consistent single-file copy (rollback journal, mode 0600) of ``conn``'s db.

    The copy is written under a temporary name beside ``dest``, quick-checked, fsynced and
    only then given its name (``files.publish``: never over an existing file or link), so
    an interrupted copy never looks like a backup. ``key`` is the source's key: the copy of
    an encrypted journal is encrypted with the same key and salt, so the same passphrase
    opens it.
    """
    tmp = temp_beside(dest)
    try:
        target = connect(tmp, journal_mode="DELETE", key=key)
        try:
            conn.backup(target)
            # the copied header says WAL; make the copy one self-contained file
            target.execute("PRAGMA journal_mode = DELETE").fetchone()
            if quick_check(target).ok is not True:
                raise StoreError(
                    f"The backup {dest} failed its integrity check and was not kept: the "
                    "journal itself may be damaged."
                )
        finally:
            target.close()
        private_file(tmp)
        publish(tmp, dest)
    finally:
        discard_temp(tmp)


def backup_database(db_path: Path, dest: Path, *, own_folder: bool = True) -> BackupInfo:
    """Copy the live journal at ``db_path`` to ``dest`` and verify the copy.

    The copy is a consistent snapshot (writers in other connections carry on meanwhile).
    Raises ``StoreError`` (and leaves no file at ``dest``) when the copy cannot be made or
    fails its check. ``own_folder``: ``dest``'s folder is Touchstone's (made 0700); a folder
    the user named is only created when missing, never changed.
    """
    try:
        if own_folder:
            ensure_private_dir(dest.parent)
        elif not dest.parent.is_dir():  # a file in the way is no "name taken": say what it is
            try:
                dest.parent.mkdir(mode=0o700, parents=True)
            except FileExistsError:
                raise NotADirectoryError(20, "Not a directory", str(dest.parent)) from None
        source = connect(db_path)
        try:
            copy_database(source, dest, cipher.key_for(db_path))
        finally:
            source.close()
    except FileExistsError:
        raise NameTaken(f"{dest} already exists; choose a new file name. Nothing was "
                        "written.") from None
    except driver_errors(also=(OSError,)) as error:
        raise StoreError(f"Could not write the backup {dest}: {failure_reason(error)}") from error
    try:
        return inspect_backup(dest)
    except StoreError:
        dest.unlink(missing_ok=True)
        raise StoreError(
            f"The backup {dest} failed its integrity check and was removed: the journal itself "
            "may be damaged."
        ) from None


class NameTaken(StoreError):
    """The backup's file name was taken (by another file or link) before it could be used."""


def backup_to_free_name(db_path: Path, folder: Path, stem: str) -> BackupInfo:
    """``backup_database`` into ``folder/stem.db``, or ``stem-2.db`` … when that is taken,
    also by another process at the same moment."""
    while True:
        try:
            return backup_database(db_path, free_name(folder, stem))
        except NameTaken:
            continue  # another process took the name between the look and the link


def inspect_backup(path: Path) -> BackupInfo:
    """Check that ``path`` is a sound Touchstone journal this version can read; describe it."""
    if cipher.is_encrypted(path):
        return _inspect_encrypted(path, SCHEMA_VERSION)
    try:
        header = read_header(path)
    except NotADatabase:
        raise StoreError(f"{path} is not a Touchstone backup (not a SQLite database).") from None
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror}.") from None
    if header is None:
        raise StoreError(f"{path} is not a Touchstone backup (it is missing or empty).")
    if header.application_id != APPLICATION_ID:
        raise StoreError(f"{path} is not a Touchstone backup (another program's database).")
    if header.user_version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was made by a newer Touchstone (schema version {header.user_version}); "
            "update Touchstone to use it."
        )
    return _describe(path)


def _inspect_encrypted(path: Path, schema_version: int) -> BackupInfo:
    """``inspect_backup`` for an encrypted file: its header is only readable with its key."""
    if cipher.key_for(path) is None:
        raise cipher.LockedFile(
            f"{path} is encrypted with a passphrase Touchstone does not hold now (perhaps an "
            "earlier one). Enter that passphrase to use it."
        )
    info = _describe(path)
    if info.schema_version > schema_version:
        raise StoreError(
            f"{path} was made by a newer Touchstone (schema version {info.schema_version}); "
            "update Touchstone to use it."
        )
    return info


def _describe(path: Path) -> BackupInfo:
    try:
        conn = connect(path, read_only=True)
        try:
            result = quick_check(conn)
            if result.ok is not True:
                raise StoreError(f"{path} is damaged: its integrity check failed.")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise StoreError(f"{path} is not a Touchstone backup.")
            count = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        size = path.stat().st_size
    except driver_errors() as error:
        if is_damage(error):  # on opening, before the check could run (e.g. its schema pages)
            raise StoreError(f"{path} is damaged: its integrity check failed.") from None
        raise StoreError(f"{path} cannot be used as a backup: {failure_reason(error)}") from None
    except OSError as error:  # e.g. thinned away by another process meanwhile
        raise StoreError(f"{path} cannot be read: {error.strerror}.") from None
    return BackupInfo(path, int(version), int(count), size)


def holds_checkin(path: Path, checkin_id: str) -> bool:
    """True when the backup at ``path`` contains the check-in ``checkin_id``."""
    try:
        conn = connect(path, read_only=True)
        try:
            row = conn.execute("SELECT 1 FROM checkins WHERE id = ?", (checkin_id,)).fetchone()
        finally:
            conn.close()
    except driver_errors():
        return False
    return row is not None


def purge_checkin(path: Path, checkin_id: str) -> bool:
    """Erase one check-in from the backup at ``path`` for good; True when it was there.

    The row goes with ``secure_delete`` on, then ``VACUUM`` rewrites the file so no freed page
    keeps the old content; the result is quick-checked and stays 0600.
    """
    try:
        conn = connect(path, journal_mode="DELETE")
        try:
            cursor = conn.execute("DELETE FROM checkins WHERE id = ?", (checkin_id,))
            if cursor.rowcount == 0:
                return False
            conn.execute("VACUUM")
            if quick_check(conn).ok is False:
                raise StoreError(f"The backup {path} failed its check after the purge.")
        finally:
            conn.close()
        private_file(path)
    except driver_errors() as error:
        raise StoreError(f"Could not purge the backup {path}: {failure_reason(error)}") from error
    return True


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (0700 on POSIX) if needed."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        # a shared folder may not be ours to change; the files in it are still 0600
        with contextlib.suppress(PermissionError):
            os.chmod(folder, 0o700)


def free_name(folder: Path, stem: str) -> Path:
    """``folder/stem.db``, or ``stem-2.db`` … when taken."""
    candidate = folder / f"{stem}.db"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.db"
        counter += 1
    return candidate


def failure_reason(error: BaseException) -> str:
    return message_for(error) or getattr(error, "strerror", None) or str(error)
