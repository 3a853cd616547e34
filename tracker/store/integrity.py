"""Is the journal file sound? ``PRAGMA quick_check``, bounded in time, and setting a damaged
file aside (never modifying, overwriting or deleting it).

The check reads through a ``mode=ro`` connection, so even a damaged file is not written to (no
checkpoint at close). A damaged file is renamed together with its ``-wal`` and ``-shm``:
leaving the old WAL beside a new database would get it replayed into the wrong file.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import StoreError
from tracker.store.connection import connect, driver_errors

DEFAULT_TIME_LIMIT_S = 0.5  # start-up: a bigger file is checked in the background backup
MAX_PROBLEMS = 20
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of a quick check: ``ok`` True/False, or None when it could not finish."""

    ok: bool | None
    problems: tuple[str, ...] = ()


class DamagedJournalError(StoreError):
    """The journal failed its integrity check and was moved aside, unchanged."""

    def __init__(self, message: str, set_aside: Path) -> None:
        super().__init__(message)
        self.set_aside = set_aside


def sidecars(path: Path) -> tuple[Path, Path]:
    """The ``-wal`` and ``-shm`` files that belong to ``path``."""
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def quick_check(conn: sqlite3.Connection, time_limit_s: float | None = None) -> CheckResult:
    """Run ``PRAGMA quick_check`` on ``conn``, giving up (ok=None) after ``time_limit_s``."""
    if time_limit_s is not None:
        deadline = time.monotonic() + time_limit_s
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
    try:
        rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
    except driver_errors("OperationalError") as error:
        if "interrupted" in str(error):
            return CheckResult(None)
        if is_damage(error):
            return CheckResult(False, (str(error),))
        if getattr(error, "sqlite_errorcode", 0) & 0xFF in (5, 6):  # busy, locked
            return CheckResult(None)
        raise
    except driver_errors("DatabaseError") as error:
        if is_damage(error):
            return CheckResult(False, (str(error),))
        raise
    finally:
        if time_limit_s is not None:
            conn.set_progress_handler(None, 0)
    problems = tuple(str(row[0]) for row in rows)
    return CheckResult(True) if problems == ("ok",) else CheckResult(False, problems)


def check_file(path: Path, time_limit_s: float | None = DEFAULT_TIME_LIMIT_S) -> CheckResult:
    """Quick-check the database file at ``path`` read-only."""
    try:
        conn = connect(path, read_only=True)
    except driver_errors("DatabaseError") as error:
        if is_damage(error):
            return CheckResult(False, (str(error),))
        raise
    try:
        return quick_check(conn, time_limit_s)
    finally:
        conn.close()


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename ``path`` and its -wal/-shm to ``<name>.corrupt-<UTC stamp>``; return the new path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    wal, shm = sidecars(path)
    new_wal, new_shm = sidecars(target)
    # the -wal first: once it is gone nothing can replay it into a database called ``path``
    for old, new in ((wal, new_wal), (shm, new_shm), (path, target)):
        if old.exists():
            os.rename(old, new)
    return target


def damaged_message(path: Path, moved_to: Path, why: str = "its integrity check failed") -> str:
    return (
        f"The journal file is damaged ({why}). It was moved aside, "
        f"unchanged, to {moved_to} (with its -wal and -shm files)."
    )


REPLACED = ("The journal was replaced while Touchstone was opening it (another Touchstone "
            "process switched its encryption or restored a backup). Nothing was saved; try again.")


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``, or None: tells a file renamed over ``path`` apart."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def verify_or_set_aside(path: Path, time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
                        identity: tuple[int, int] | None = None) -> None:
    """Raise ``DamagedJournalError`` after moving a damaged journal aside; else do nothing.

    ``identity``: the ``file_identity`` the caller's earlier checks saw. When the file at
    ``path`` is another one now (an encryption switch renamed a new file over it, and blanked
    the old one), a failed check says nothing about it: ``StoreError(REPLACED)``, nothing moved.
    """
    identity = identity or file_identity(path)
    result = check_file(path, time_limit_s)
    if result.ok is False and file_identity(path) != identity:
        raise StoreError(REPLACED)
    if result.ok is False:
        moved = set_aside(path)
        raise DamagedJournalError(damaged_message(path, moved), moved)


def is_damage(error: BaseException) -> bool:
    """Whether a driver error says the file is damaged (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _DAMAGE_CODES
    text = str(error)
    return "malformed" in text or "not a database" in text
