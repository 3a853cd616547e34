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
import time
from collections.abc import Callable, Iterator
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
from tracker.store.files import fsync_dir, fsync_file
from tracker.store.header import held_open
from tracker.store.integrity import quick_check, sidecars

Step = Callable[[str], None]
# every table: a copy that lost rows of any is refused (a table an older schema lacks is skipped)
_COUNTED_TABLES = ("checkins", "skills", "factors", "ratings", "factor_values", "checkin_tags",
                   "evaluations", "revisits", "probes", "probe_trials", "measures",
                   "daily_outcomes")


def scratch_path(db_path: Path) -> Path:
    """Where the new copy is written before it replaces ``db_path``."""
    return db_path.with_name(db_path.name + ".rekey")


def restore_scratch_path(db_path: Path) -> Path:
    """Where a backup is re-keyed to the journal's key before it is restored."""
    return db_path.with_name(db_path.name + ".restoring")


class SwitchInProgress(StoreError):
    """Another process is switching the journal's encryption (or restoring into it)."""


SWITCH_BUSY = ("Another Touchstone process is switching the journal's encryption or restoring "
               "it right now. Try again once it has finished; nothing was changed.")


@contextlib.contextmanager
def switch_lock(db_path: Path) -> Iterator[None]:
    """Make this process the owner of ``db_path``'s scratch copies while the block runs.

    The lock is an ``flock`` on the journal's folder (nothing to leave behind; released by
    the system if the process dies). Another process holding it raises ``SwitchInProgress``.
    """
    fd = _lock_target(db_path)
    try:
        if fd is not None and not _try_flock(fd):
            raise SwitchInProgress(SWITCH_BUSY)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the lock


def discard_scratch(db_path: Path) -> None:
    """Remove what an interrupted switch or restore left beside ``db_path`` (never the
    journal): a partial or complete copy that never went live, possibly in plaintext.

    A switch still running in another process owns its scratch copy: it is left alone then.
    """
    try:
        with switch_lock(db_path):
            _remove_scratch(db_path)
    except SwitchInProgress:
        return


def _remove_scratch(db_path: Path) -> None:
    for scratch in (scratch_path(db_path), restore_scratch_path(db_path)):
        for leftover in (scratch, *sidecars(scratch),
                         scratch.with_name(scratch.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _lock_target(db_path: Path) -> int | None:
    """A descriptor of the journal's folder to lock, or None where flock does not exist."""
    if os.name != "posix":
        return None
    try:
        return os.open(db_path.parent, os.O_RDONLY)
    except OSError:
        return None  # no folder (yet): there are no scratch files in it either


def _try_flock(fd: int) -> bool:
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # a file system without flock: behave as before (no lock to respect)
    return True


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
        fsync_file(dest)
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
    have the journal open: switching it out of WAL mode needs sole access, so the switch
    waits a few seconds for a command that is writing to finish, then refuses with a clear
    message and nothing changed. While it runs, this process owns the scratch copy
    (``switch_lock``): a process opening the journal meanwhile does not clear it.
    ``on_step(name)`` is called between steps (tests kill the process there).
    """
    step = on_step or (lambda name: None)
    with switch_lock(db_path):
        _remove_scratch(db_path)
        definitions_cache.discard(db_path)  # it holds skill names in plaintext
        holder = _take_sole_access_waiting(db_path)
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
            _replace_and_spoil_old(scratch, db_path)
        except BaseException:
            _remove_scratch(db_path)  # never leave a (perhaps plaintext) copy behind
            raise
        finally:
            holder.close()
    step("swapped")


def _replace_and_spoil_old(scratch: Path, db_path: Path) -> None:
    """Rename ``scratch`` over ``db_path``, then blank the old file's header.

    A process that opened the old file while we held it waits for our lock; once it gets it,
    it would carry on in the old, now nameless file (switching it back to WAL mode would even
    put a -wal beside the new one), and a check-in saved there would be lost. With the header
    blanked it reads "not a database" instead and saves nothing.
    """
    old = os.open(db_path, os.O_RDWR)
    try:
        os.replace(scratch, db_path)
        fsync_dir(db_path.parent)
        os.lseek(old, 0, os.SEEK_SET)
        os.write(old, bytes(100))  # the SQLite header (or the salt of an encrypted file)
    finally:
        os.close(old)  # also ends our locks on the old file: it has no name any more


SOLE_ACCESS_TRIES = 20  # about 5 s: long enough for a running `add` to finish


def _take_sole_access_waiting(db_path: Path):
    """``_take_sole_access``, tried again for a few seconds while another process has the
    journal open (a command that is adding a check-in closes it again quickly)."""
    for attempt in range(SOLE_ACCESS_TRIES):
        try:
            return _take_sole_access(db_path)
        except JournalInUse:
            if attempt == SOLE_ACCESS_TRIES - 1:
                raise
            time.sleep(0.25)
    raise AssertionError("unreachable")


def rekey_file(path: Path, new_key: cipher.CipherKey | None) -> None:
    """Rewrite the single-file copy ``path`` (a backup) under ``new_key``, atomically."""
    scratch = path.with_name(path.name + ".rekey")
    export_copy(path, scratch, new_key)
    os.replace(scratch, path)
    fsync_dir(path.parent)


class JournalInUse(StoreError):
    """Another process has the journal open, so it cannot be switched now."""


def _take_sole_access(db_path: Path):
    """Leave WAL mode (SQLite checkpoints and removes the -wal), which fails if others are
    connected, then hold an exclusive lock until the returned connection is closed: a writer
    in another process waits (and then fails) instead of writing into the old file."""
    in_use = JournalInUse(
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
