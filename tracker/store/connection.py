"""The one place a Touchstone database connection is made (no SQLAlchemy here).

``connect`` is the single connection factory: the engine's pool, the migration runner, the
backup copy, the change watcher and the start-up peek all call it. A file whose key is held in
``cipher``'s keychain (or given as ``key``) is opened with SQLCipher instead of sqlite3, with
the same settings; nothing else in the store needs to know. ``read_header`` peeks at the
plain-SQLite file header. Importing this module stays cheap (SQLCipher loads only for an
encrypted file), so the window can appear before SQLAlchemy loads.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import weakref
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from urllib.parse import quote

from tracker.store.header import (  # noqa: F401 - re-exported: the store's header checks
    APPLICATION_ID,
    SQLITE_MAGIC,
    FileHeader,
    NotADatabase,
    encrypted_salt,
    hold,
    read_header,
    release,
    release_when_collected,
)

if TYPE_CHECKING:
    from tracker.store.cipher import CipherKey

DEFAULT_BUSY_TIMEOUT_MS = 5000


def connect(
    path: Path,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    *,
    journal_mode: str = "WAL",
    read_only: bool = False,
    immutable: bool = False,
    key: CipherKey | None = None,
    cipher_driver: bool = False,
) -> sqlite3.Connection:
    """Open ``path`` with Touchstone's settings; create it (0600) if missing.

    The connection is in driver autocommit mode (``isolation_level=None``): transactions are
    begun explicitly, by the engine's ``begin`` hook or by the caller. Every connection gets
    WAL, ``synchronous=FULL``, foreign keys on, ``secure_delete`` (deleted content is
    overwritten, not just unlinked), a busy timeout, and the ``ts_casefold`` function used for
    case-insensitive search.

    ``read_only`` opens an existing file through a ``mode=ro`` URI: nothing is created, the
    journal mode is left as it is, and no write (not even a checkpoint at close) can happen.
    ``immutable`` (implies ``read_only``) reads the file alone, as on read-only media: no
    lock, no -shm, and a -wal beside it is not read.

    ``key`` (default: the keychain's key for the file's salt, if any) opens or creates the file
    encrypted; the returned connection is then SQLCipher's, whose errors are ``driver_errors``.
    ``cipher_driver`` uses SQLCipher for a plain file too (for ``sqlcipher_export``).
    """
    module: ModuleType = sqlite3
    if key is not None or cipher_driver or encrypted_salt(path) is not None:
        from tracker.store import cipher  # only for an encrypted file (or when asked)

        if key is None:
            key = cipher.key_for(path)
        if key is not None or cipher_driver:
            module = cipher.driver()
    read_only = read_only or immutable
    if read_only:
        mode = "immutable=1" if immutable else "mode=ro"
        target: str | Path = f"file:{quote(str(Path(path).resolve()))}?{mode}"
    else:
        create_private_file(path)
        target = path
    conn = module.connect(
        target,
        timeout=busy_timeout_ms / 1000,
        isolation_level=None,
        check_same_thread=False,  # pooled connections may be used from worker threads
        uri=read_only,
        factory=_tracked_class(module),
    )
    try:
        conn.track(Path(path))  # before any statement takes a lock on the file
        if module is not sqlite3:
            conn.execute("PRAGMA cipher_log_level = NONE")  # no "hmac check failed" on stderr
        if key is not None:
            conn.execute(f'PRAGMA key = "{key.pragma_value()}"')  # hex digits only
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if not read_only:
            conn.execute(f"PRAGMA journal_mode = {journal_mode}").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.create_function("ts_casefold", 1, _casefold, deterministic=True)
    except BaseException:
        conn.close()
        raise
    if not read_only:
        make_sidecars_private(path)
    return conn


_tracked_classes: dict[str, type] = {}


def _tracked_class(module: ModuleType) -> type:
    """``module``'s connection class, registering its file with ``header`` while open (so a
    header read never closes a descriptor under SQLite's locks)."""
    cls = _tracked_classes.get(module.__name__)
    if cls is None:
        base = module.Connection

        def track(self, path: Path) -> None:
            token = [hold(path)]
            self._ts_inode = token
            weakref.finalize(self, _release_once, token, release_when_collected)

        def close(self) -> None:
            try:
                base.close(self)
            finally:  # after SQLite has let go of its locks
                _release_once(self.__dict__.get("_ts_inode"))

        cls = type("TrackedConnection", (base,), {"track": track, "close": close})
        _tracked_classes[module.__name__] = cls
    return cls


def _release_once(token: list | None, how=release) -> None:
    if token:
        how(token.pop())


def driver_errors(
    name: str = "Error", *, also: tuple[type[Exception], ...] = ()
) -> tuple[type[Exception], ...]:
    """The DB-API exception class ``name`` of sqlite3, plus SQLCipher's once it is loaded.

    Use as ``except driver_errors() as error`` (or ``driver_errors("OperationalError")``,
    ``also=`` for more classes): evaluated when an exception is matched, so it covers a
    driver loaded later.
    """
    classes: tuple[type[Exception], ...] = (*also, getattr(sqlite3, name))
    loaded = sys.modules.get("sqlcipher3.dbapi2")
    if loaded is not None:
        classes += (getattr(loaded, name),)
    return classes


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (umask cannot widen it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)
    if os.name == "posix":
        os.chmod(path, 0o600)


def make_sidecars_private(path: Path) -> None:
    """Give the database and its -wal and -shm files mode 0600 (POSIX only)."""
    if os.name != "posix":
        return
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if candidate.stat().st_mode & 0o777 != 0o600:
                os.chmod(candidate, 0o600)
        except FileNotFoundError:
            continue
        except PermissionError:
            continue  # not ours to change (a read-only location); SQLite reports the rest
