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
from collections.abc import Callable
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
from tracker.store.integrity import quick_check, sidecars
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
            f"{_reason(error)} Nothing was changed."
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
        raise StoreError(f"Could not write the backup {dest}: {_reason(error)}") from error
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
        raise StoreError(f"{path} cannot be used as a backup: {_reason(error)}") from None
    except OSError as error:  # e.g. thinned away by another process meanwhile
        raise StoreError(f"{path} cannot be read: {error.strerror}.") from None
    return BackupInfo(path, int(version), int(count), size)


Before = Callable[[], Path]


def restore_database(db_path: Path, source: Path, before: Before | None = None,
                     backups_dir: Path | None = None) -> tuple[BackupInfo, Path | None]:
    """Replace the content of the journal at ``db_path`` with the backup ``source``.

    ``source`` is verified first; a bad file raises ``StoreError`` with nothing changed. The
    copy goes through SQLite's backup API *into* the live database: one write transaction, so
    it is atomic and crash-safe (a crash leaves the old journal), and other open connections
    (a running window) simply see the new content.

    ``before`` (the caller's safety copy of the journal as it is) runs once that write
    transaction holds the journal's write lock and before anything is committed: no writer,
    in this process or another, can commit between the copy and the replacement, so every
    saved check-in is in one or the other. If it raises, nothing is restored. Returns the
    backup's description and what ``before`` returned.

    A backup with an older schema is upgraded on a scratch copy first (its "before upgrade"
    copy goes to ``backups_dir``, default ``backups/`` beside the journal), so the journal
    never holds the old schema, not even for a moment another process could write in.
    """
    from tracker.store.schema_version import SCHEMA_VERSION

    info = inspect_backup(source)
    source_key = cipher.key_for(source)
    fresh = not db_path.exists() or db_path.stat().st_size == 0  # e.g. the damaged one set aside
    # a restore never changes whether the journal is encrypted; into no journal at all (after
    # damage) it keeps the backup's own encryption
    journal_key = source_key if fresh else cipher.key_for(db_path)
    same_kind = (source_key is None) == (journal_key is None)
    if same_kind and info.schema_version == SCHEMA_VERSION:
        return info, _restore_from(db_path, source, journal_key, before)
    # SQLite's backup API cannot cross between plain and encrypted pages (re-key a scratch
    # copy to the journal's key), and an older backup is upgraded: both on a scratch copy
    from tracker.store.rekey import export_copy, restore_scratch_path, switch_lock

    scratch = restore_scratch_path(db_path)
    with switch_lock(db_path):  # the scratch copy is ours: no other process clears it now
        try:
            _discard(scratch)
            if same_kind:
                _copy_as_it_is(source, scratch, source_key)
            else:
                export_copy(source, scratch, journal_key)
            if info.schema_version < SCHEMA_VERSION:
                _upgrade(scratch, backups_dir or db_path.parent / "backups", SCHEMA_VERSION)
            return info, _restore_from(db_path, scratch, journal_key, before)
        finally:
            _discard(scratch)


def _copy_as_it_is(source: Path, dest: Path, key: cipher.CipherKey | None) -> None:
    try:
        conn = connect(source, read_only=True)
        try:
            copy_database(conn, dest, key)
        finally:
            conn.close()
    except driver_errors(also=(OSError,)) as error:
        raise StoreError(f"Could not restore {source}: {_reason(error)}") from error


def _upgrade(scratch: Path, backups_dir: Path, target: int) -> None:
    """Migrate the scratch copy ``scratch`` to ``target``; leave it one file (no -wal)."""
    from tracker.store.migrations import migrate

    try:
        conn = connect(scratch)  # WAL: the migration's own backup reads beside its write
        try:
            migrate(conn, scratch, backups_dir, target)
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            conn.close()
    except driver_errors() as error:
        raise StoreError(f"Could not upgrade the backup to restore: {_reason(error)} "
                         "Nothing was changed.") from error


def _discard(scratch: Path) -> None:
    for leftover in (scratch, *sidecars(scratch), scratch.with_name(scratch.name + "-journal")):
        leftover.unlink(missing_ok=True)


_SQLITE_OK = 0


def _restore_from(db_path: Path, source: Path, journal_key: cipher.CipherKey | None,
                  before: Before | None) -> Path | None:
    taken: list[Path] = []

    def progress(status: int, remaining: int, total: int) -> None:
        # after a step that returned SQLITE_OK the destination's write transaction is open
        # (it stays open until the last page) and nothing of it is committed yet
        if before is not None and not taken and status == _SQLITE_OK:
            taken.append(before())

    try:
        src = connect(source, read_only=True)
        try:
            if before is not None and src.execute("PRAGMA page_count").fetchone()[0] < 2:
                raise StoreError(f"{source} is too small to be a Touchstone backup.")
            dest = connect(db_path, key=journal_key)
            try:
                # one page a step, so ``progress`` runs while the lock is held
                src.backup(dest, pages=1 if before else -1, progress=progress)
                _checkpoint_into_file(dest, db_path)
                result = quick_check(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except driver_errors() as error:
        raise StoreError(f"Could not restore {source}: {_reason(error)}") from error
    if result.ok is False:
        raise StoreError(f"The restored journal failed its integrity check: {result.problems}")
    return taken[0] if taken else None


_CHECKPOINT_TRIES = 6  # each waits up to the busy timeout for readers to move on


def _checkpoint_into_file(conn: sqlite3.Connection, db_path: Path) -> None:
    """Copy every committed page into the journal file and empty its ``-wal`` (TRUNCATE)
    while ``conn`` still holds it open.

    The restored pages must not outlive this connection in the ``-wal``: when the last
    connection cannot checkpoint as it closes (another process opening or closing at that
    instant), SQLite leaves the ``-wal`` to whoever opens next, and its replay, with the
    journal's old content still in the file, looks exactly like a foreign ``-wal``
    (``leftovers.check_stray_wal``). Writes committed after the restore are checkpointed too.
    A reader that stays longer than every try leaves the pages in the ``-wal`` it holds open.
    """
    for _ in range(_CHECKPOINT_TRIES):
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except driver_errors():  # the restore is committed: never report it as failed
            busy = 1
        if not busy:
            return
    log.warning("The restored journal %s stays partly in its -wal: a reader held it", db_path)


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
        raise StoreError(f"Could not purge the backup {path}: {_reason(error)}") from error
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


def _reason(error: BaseException) -> str:
    return message_for(error) or getattr(error, "strerror", None) or str(error)
