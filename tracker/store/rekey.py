"""Switching a journal between plain and encrypted, or to a new key, without risking it.

The journal is never changed in place: its content is exported with ``sqlcipher_export`` into
a new file under the new key (or none), the new file is verified (integrity, schema version,
row counts), and only then renamed over the journal, one atomic step. An interruption before
that rename leaves the old journal as it was, one after it the new one, complete; a leftover
``<journal>.rekey`` file is only ever a partial copy and is removed on the next attempt.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from tracker.errors import StoreError
from tracker.store import cipher, definitions_cache
from tracker.store.connection import (
    APPLICATION_ID,
    connect,
    create_private_file,
    driver_errors,
)
from tracker.store.failures import message_for
from tracker.store.header import held_open
from tracker.store.integrity import quick_check, sidecars

Step = Callable[[str], None]
_COUNTED_TABLES = ("checkins", "skills", "factors")


def scratch_path(db_path: Path) -> Path:
    """Where the new copy is written before it replaces ``db_path``."""
    return db_path.with_name(db_path.name + ".rekey")


def restore_scratch_path(db_path: Path) -> Path:
    """Where a backup is re-keyed to the journal's key before it is restored."""
    return db_path.with_name(db_path.name + ".restoring")


def discard_scratch(db_path: Path) -> None:
    """Remove what an interrupted switch or restore left beside ``db_path`` (never the
    journal): a partial or complete copy that never went live, possibly in plaintext."""
    for scratch in (scratch_path(db_path), restore_scratch_path(db_path)):
        for leftover in (scratch, *sidecars(scratch),
                         scratch.with_name(scratch.name + "-journal")):
            leftover.unlink(missing_ok=True)


def export_copy(source: Path, dest: Path, key: cipher.CipherKey | None,
                conn=None) -> None:
    """Write ``source`` (its key held, or plain) to the new file ``dest`` under ``key``.

    ``conn``: an open SQLCipher-driver connection to ``source`` to export through (the one
    holding the journal's lock during a switch), else one is opened and closed here.
    ``key=None`` writes plain SQLite. The copy is a single file (rollback journal), 0600,
    carries the schema version and application id, and is verified before returning: a copy
    that fails is removed and ``StoreError`` raised, ``source`` untouched.
    """
    dest.unlink(missing_ok=True)
    create_private_file(dest)
    own = conn is None
    try:
        if conn is None:
            conn = connect(source, journal_mode="DELETE", cipher_driver=True)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            counts = _counts(conn)
            conn.execute(
                "ATTACH DATABASE ? AS rekeyed KEY ?",
                (str(dest), key.pragma_value() if key else ""),
            )
            try:
                conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
                conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
                conn.execute(f"PRAGMA rekeyed.application_id = {APPLICATION_ID}")
            finally:
                conn.execute("DETACH DATABASE rekeyed")
        finally:
            if own:
                conn.close()
        _verify(dest, key, version, counts)
        _fsync(dest)
    except BaseException as error:
        dest.unlink(missing_ok=True)
        if isinstance(error, driver_errors()):
            reason = message_for(error) or str(error)
            raise StoreError(f"Could not write the re-keyed copy {dest}: {reason}") from error
        raise


def switch_key(
    db_path: Path,
    new_key: cipher.CipherKey | None,
    checks: cipher.KeyChecks,
    on_step: Step | None = None,
) -> None:
    """Replace the journal at ``db_path`` by a verified copy under ``new_key`` (None: plain).

    The caller has closed its own connections and made a backup. Other processes must not
    have the journal open: switching it out of WAL mode needs sole access, so another open
    connection makes this fail with a clear message and nothing changed. ``on_step(name)`` is
    called between steps (tests kill the process there).
    """
    step = on_step or (lambda name: None)
    discard_scratch(db_path)
    definitions_cache.discard(db_path)  # it holds skill names in plaintext
    holder = _take_sole_access(db_path)
    try:
        step("sole-access")
        scratch = scratch_path(db_path)
        export_copy(db_path, scratch, new_key, conn=holder)
        step("exported")
        if new_key is not None:
            checks.add(new_key)  # before the swap: a live file always has its key check
            cipher.remember(new_key)
        step("checked")
        for sidecar in sidecars(db_path):
            sidecar.unlink(missing_ok=True)  # empty after the switch to DELETE mode
        # a process that opened the old file meanwhile waits for our lock; once it gets it,
        # SQLite sees the file was replaced (SQLITE_READONLY_DBMOVED) and refuses to write
        os.replace(scratch, db_path)
        _fsync_dir(db_path.parent)
    except BaseException:
        discard_scratch(db_path)  # never leave a (perhaps plaintext) copy behind
        raise
    finally:
        holder.close()
    step("swapped")


def rekey_file(path: Path, new_key: cipher.CipherKey | None) -> None:
    """Rewrite the single-file copy ``path`` (a backup) under ``new_key``, atomically."""
    scratch = path.with_name(path.name + ".rekey")
    export_copy(path, scratch, new_key)
    os.replace(scratch, path)
    _fsync_dir(path.parent)


def _take_sole_access(db_path: Path):
    """Leave WAL mode (SQLite checkpoints and removes the -wal), which fails if others are
    connected, then hold an exclusive lock until the returned connection is closed: a writer
    in another process waits (and then fails) instead of writing into the old file."""
    in_use = StoreError(
        "The journal is in use by another Touchstone window or command. Close it and try "
        "again; nothing was changed."
    )
    if held_open(db_path):
        # our own sqlite3 connections would lose their locks to the SQLCipher one (two copies
        # of SQLite in one process), and the check below could not see them: close them first
        raise StoreError("The journal is still open in this window; nothing was changed.")
    try:
        conn = connect(db_path, busy_timeout_ms=300, cipher_driver=True)
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
            if str(mode).lower() != "delete":
                raise in_use
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # in exclusive locking mode the lock stays
        except BaseException:
            conn.close()
            raise
    except driver_errors() as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            raise in_use from error
        raise StoreError(
            f"Could not switch the journal's encryption: {message_for(error) or error}"
        ) from error
    return conn


def _counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _COUNTED_TABLES
            if _has_table(conn, t)}


def _has_table(conn, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def _verify(path: Path, key: cipher.CipherKey | None, version: int, counts: dict[str, int]) -> None:
    conn = connect(path, journal_mode="DELETE", key=key, cipher_driver=True)
    try:
        if quick_check(conn).ok is not True:
            raise StoreError(f"The re-keyed copy {path} failed its integrity check.")
        if conn.execute("PRAGMA user_version").fetchone()[0] != version or _counts(conn) != counts:
            raise StoreError(f"The re-keyed copy {path} does not match the journal.")
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
