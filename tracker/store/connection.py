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
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.parse import quote

from tracker.store import cipher

DEFAULT_BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x546F7563  # "Touc": marks a SQLite file as a Touchstone journal
SQLITE_MAGIC = b"SQLite format 3\x00"


def connect(
    path: Path,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    *,
    journal_mode: str = "WAL",
    read_only: bool = False,
    key: cipher.CipherKey | None = None,
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

    ``key`` (default: the keychain's key for the file's salt, if any) opens or creates the file
    encrypted; the returned connection is then SQLCipher's, whose errors are ``driver_errors``.
    ``cipher_driver`` uses SQLCipher for a plain file too (for ``sqlcipher_export``).
    """
    if key is None:
        key = cipher.key_for(path)
    module: ModuleType = sqlite3 if key is None and not cipher_driver else cipher.driver()
    if read_only:
        target: str | Path = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    else:
        create_private_file(path)
        target = path
    conn = module.connect(
        target,
        timeout=busy_timeout_ms / 1000,
        isolation_level=None,
        check_same_thread=False,  # pooled connections may be used from worker threads
        uri=read_only,
    )
    try:
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


def driver_errors(name: str = "Error") -> tuple[type[Exception], ...]:
    """The DB-API exception class ``name`` of sqlite3, plus SQLCipher's once it is loaded.

    Use as ``except driver_errors() as error`` (or ``driver_errors("OperationalError")``):
    evaluated when an exception is matched, so it covers a driver loaded later.
    """
    classes: tuple[type[Exception], ...] = (getattr(sqlite3, name),)
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


@dataclass(frozen=True, slots=True)
class FileHeader:
    """What the first 100 bytes of a SQLite file say."""

    user_version: int
    application_id: int
    schema_cookie: int  # 0 until the first table is created


class NotADatabase(Exception):
    """The file exists and is not empty, but is not a plain SQLite database."""

    def __init__(self, path: str, head: bytes = b"") -> None:
        super().__init__(path)
        self.head = head

    @property
    def touchstone_journal(self) -> bool:
        """Whether the rest of its header says Touchstone (the application id): a journal
        whose first bytes were damaged rather than some other file."""
        return len(self.head) == 100 and int.from_bytes(
            self.head[68:72], "big", signed=True) == APPLICATION_ID


def read_header(path: Path) -> FileHeader | None:
    """The header of ``path``, or None when it is missing or empty, without opening SQLite.

    Reading the header first lets a too-new or foreign file be refused byte-for-byte untouched
    (opening it with SQLite would switch it to WAL mode).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return None
    if not head:
        return None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotADatabase(str(path), head)
    return FileHeader(
        user_version=int.from_bytes(head[60:64], "big", signed=True),
        application_id=int.from_bytes(head[68:72], "big", signed=True),
        schema_cookie=int.from_bytes(head[40:44], "big"),
    )
