"""Restoring a backup into the live journal: copied in with SQLite's backup API while the
journal's write lock is held, an older backup upgraded on a scratch copy first, and the
restored pages checkpointed into the file before the lock goes (``restore_database``)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tracker.errors import StoreError
from tracker.store import cipher
from tracker.store.backup import BackupInfo, copy_database, failure_reason, inspect_backup
from tracker.store.connection import connect, driver_errors
from tracker.store.integrity import quick_check, sidecars

log = logging.getLogger(__name__)


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
        raise StoreError(f"Could not restore {source}: {failure_reason(error)}") from error


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
        raise StoreError(f"Could not upgrade the backup to restore: {failure_reason(error)} "
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
        raise StoreError(f"Could not restore {source}: {failure_reason(error)}") from error
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
