"""A small text sealed under a journal's key: a one-row SQLCipher file, replaced atomically.

Used for what must survive a crash but may not sit on disk in plaintext next to an encrypted
journal (the unfinished check-in form). SQLCipher is the only cipher Touchstone uses.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.store.cipher import CipherKey
from tracker.store.connection import connect, driver_errors


def write_sealed(path: Path, text: str, key: CipherKey) -> None:
    """Replace ``path`` with a file holding ``text`` encrypted under ``key`` (0600)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = connect(tmp, journal_mode="DELETE", key=key)
        try:
            conn.execute("CREATE TABLE sealed (text TEXT NOT NULL)")
            conn.execute("INSERT INTO sealed (text) VALUES (?)", (text,))
        finally:
            conn.close()
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_sealed(path: Path, key: CipherKey) -> str | None:
    """The text sealed in ``path``, or None when it is missing or does not open with ``key``."""
    if not path.exists():
        return None
    try:
        conn = connect(path, journal_mode="DELETE", key=key, read_only=True)
        try:
            row = conn.execute("SELECT text FROM sealed").fetchone()
        finally:
            conn.close()
    except driver_errors():
        return None
    return None if row is None else str(row[0])
