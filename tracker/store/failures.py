"""Turn SQLite and SQLAlchemy failures into ``StoreError`` messages a person can act on.

Only failures with a known cause are translated (busy, full disk, read-only, not a database,
damaged file, constraint violations); anything else is a bug and propagates unchanged.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from tracker.errors import StoreError, ValidationError
from tracker.store.connection import driver_errors
from tracker.store.integrity import REPLACED, file_identity

if TYPE_CHECKING:  # not imported at run time (see _is_sqlalchemy_db_error)
    from sqlalchemy.exc import DBAPIError

BUSY = "The journal is busy: another program is writing to it. Try again in a moment."
FULL = "The disk is full: the journal could not be saved. Free some space and try again."
READ_ONLY = (
    "The journal cannot be written: its file or folder is read-only. "
    "Check the permissions of the data folder."
)
NOT_A_DATABASE = "The journal file is not a SQLite database (or it is encrypted or damaged)."
CORRUPT = (
    "The journal file is damaged. Restore a backup, or move the file (with its -wal and -shm "
    "files) aside to start a new journal."
)
CANT_OPEN = "The journal file cannot be opened: check that the data folder exists and is yours."
IO_ERROR = "The journal could not be read or written (input/output error). Check the disk."
WRITE_ERROR = (
    "The journal could not be written: the disk may be full (or a file-size limit reached) or "
    "failing. Nothing was saved. Free some space and try again."
)
MISSING_REFERENCE = (
    "A check-in refers to a skill or factor that is not in the journal; nothing was saved."
)
DUPLICATE_ID = "A record with the same id is already in the journal; nothing was saved."
BAD_VALUE = "A value is outside what the journal accepts; nothing was saved."
BAD_TEXT = (
    "A text contains a character that cannot be stored (an unpaired surrogate); nothing was saved."
)

# primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_CONSTRAINT, _SQLITE_NOTADB = 19, 26
_IOERR_WRITE = 778  # SQLITE_IOERR | (3 << 8)
# extended constraint codes
_CONSTRAINT_FOREIGNKEY, _CONSTRAINT_PRIMARYKEY, _CONSTRAINT_UNIQUE = 787, 1555, 2067
_CONSTRAINT_CHECK, _CONSTRAINT_NOTNULL = 275, 1299

_BY_PRIMARY_CODE = {
    _SQLITE_BUSY: BUSY,
    _SQLITE_LOCKED: BUSY,
    _SQLITE_READONLY: READ_ONLY,
    _SQLITE_PERM: READ_ONLY,
    _SQLITE_FULL: FULL,
    _SQLITE_NOTADB: NOT_A_DATABASE,
    _SQLITE_CORRUPT: CORRUPT,
    _SQLITE_CANTOPEN: CANT_OPEN,
    _SQLITE_IOERR: IO_ERROR,
}
_BY_CONSTRAINT = {
    _CONSTRAINT_FOREIGNKEY: MISSING_REFERENCE,
    _CONSTRAINT_PRIMARYKEY: DUPLICATE_ID,
    _CONSTRAINT_UNIQUE: DUPLICATE_ID,
    _CONSTRAINT_CHECK: BAD_VALUE,
    _CONSTRAINT_NOTNULL: BAD_VALUE,
}


def message_for(error: BaseException) -> str | None:
    """The user message for a sqlite3 error, or None when its cause is not a known one."""
    if not isinstance(error, driver_errors()):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    if code & 0xFF == _SQLITE_CONSTRAINT:
        return _BY_CONSTRAINT.get(code, BAD_VALUE)
    if code & 0xFF == _SQLITE_IOERR and "disk is full" in str(error):
        return FULL
    if code == _IOERR_WRITE:  # e.g. EFBIG: SQLite reports a refused write, not SQLITE_FULL
        return WRITE_ERROR
    return _BY_PRIMARY_CODE.get(code & 0xFF)


def as_store_error(error: BaseException) -> StoreError | None:
    """A ``StoreError`` for a sqlite3 or SQLAlchemy DB-API error with a known cause."""
    original = error.orig if _is_sqlalchemy_db_error(error) else error
    message = message_for(original) if original is not None else None
    return StoreError(message) if message else None


@contextmanager
def store_errors() -> Iterator[None]:
    """Re-raise known database failures inside the block as ``StoreError``.

    Text SQLite cannot encode (lone surrogates, e.g. from a JSON ``"\\ud800"`` escape) is a
    ``ValidationError``.
    """
    try:
        yield
    except UnicodeEncodeError as error:
        raise ValidationError(BAD_TEXT) from error
    except Exception as error:
        if not (isinstance(error, driver_errors()) or _is_sqlalchemy_db_error(error)):
            raise
        translated = as_store_error(error)
        if translated is None:
            raise
        raise translated from error


@contextmanager
def opening_errors(path: Path) -> Iterator[None]:
    """``store_errors`` while opening the journal at ``path``; a "not a database" met once
    another process renamed a new file over ``path`` (an encryption switch: the new file is
    encrypted, or the old one's header blanked) is ``REPLACED``, not a damaged file."""
    identity = file_identity(path)
    try:
        with store_errors():
            yield
    except StoreError as error:
        cause = error.__cause__
        if cause is not None and _not_a_database(cause) and file_identity(path) != identity:
            raise StoreError(REPLACED) from error
        raise


def _not_a_database(error: BaseException) -> bool:
    original = error.orig if _is_sqlalchemy_db_error(error) else error
    return original is not None and message_for(original) == NOT_A_DATABASE


def _is_sqlalchemy_db_error(error: BaseException) -> TypeGuard[DBAPIError]:
    """True for SQLAlchemy's DB-API wrapper; SQLAlchemy is not imported to find out (the
    start-up path reads the journal before SQLAlchemy loads, and cannot meet its errors)."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.DBAPIError)
