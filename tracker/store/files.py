"""Whole-file writes that never leave a half-written file under the final name.

A copy is written to a temporary file made with ``O_EXCL`` in the destination's own folder,
verified and fsynced by the caller, then ``publish``-ed: hard-linked to its name (which fails,
never overwrites, when anything is there, a symbolic link included) or, where a file system
has no hard links, renamed after a check. Neither follows a symbolic link at the final name.
A process killed before that leaves only a ``.touchstone-*.partial`` file, which nothing
counts as a backup and ``remove_stale_partials`` clears once it is old.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

PARTIAL_PREFIX, PARTIAL_SUFFIX = ".touchstone-", ".partial"
STALE_AFTER_S = 3600.0  # a partial file this old has no writer left (a copy takes seconds)


def temp_beside(dest: Path) -> Path:
    """A new, empty, 0600 file in ``dest``'s folder (created with ``O_EXCL``)."""
    fd, name = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=PARTIAL_SUFFIX, dir=dest.parent)
    os.close(fd)
    return Path(name)


def discard_temp(tmp: Path) -> None:
    """Remove a temporary copy and the rollback journal SQLite may have left beside it."""
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def publish(tmp: Path, dest: Path) -> None:
    """Give the complete, verified file ``tmp`` the name ``dest``; never overwrite anything.

    Raises ``FileExistsError`` when ``dest`` exists (a dangling symbolic link counts).
    """
    fsync_file(tmp)
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if os.path.lexists(dest):
            raise FileExistsError(17, "File exists", str(dest)) from None
        os.replace(tmp, dest)
    else:
        tmp.unlink()
    fsync_dir(dest.parent)


def remove_stale_partials(folder: Path, now: float | None = None) -> list[Path]:
    """Delete partial copies in ``folder`` old enough that no process is still writing them."""
    return remove_stale(folder, f"{PARTIAL_PREFIX}*{PARTIAL_SUFFIX}*", now)


def remove_stale(folder: Path, pattern: str, now: float | None = None) -> list[Path]:
    """Delete what matches ``pattern`` in ``folder`` (files, or scratch folders with what they
    hold) once older than ``STALE_AFTER_S``: a process still at work on it is never that slow.
    Returns what went; anything that cannot be removed is left."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime > STALE_AFTER_S:
                    if path.is_dir() and not path.is_symlink():
                        shutil.rmtree(path)
                    else:
                        path.unlink()
                    removed.append(path)
    return removed


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
