"""Privacy use cases: erase one check-in for good, and delete everything Touchstone stored."""

from __future__ import annotations

import logging
import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import UserError
from tracker.paths import LOCK_NAME, DataPaths, is_touchstone_entry
from tracker.services.backups import Backups
from tracker.services.changes import Change, ChangeKind
from tracker.services.journal import Journal


@dataclass(frozen=True, slots=True)
class EraseResult:
    change: Change
    wal_wiped: bool  # False: another program was reading; the log empties on a later write
    backups_holding: list[Path]  # older backups that still contain the check-in


def erase_permanently(journal: Journal, backups: Backups, checkin_id: str) -> EraseResult:
    """Delete a check-in with no undo: overwritten in the database file, gone from its
    write-ahead log, and forgotten by the undo list. Backups are left alone (see ``purge``)."""
    erased, wiped = journal.store.erase_checkin(checkin_id)
    # it must not come back through Undo either
    in_undo = journal.forget_undo(checkin_id)
    if erased is None and not in_undo:
        raise UserError("That check-in no longer exists.")
    journal._note_own_write()
    change = Change(ChangeKind.CHECKINS, (checkin_id,), "Check-in erased permanently")
    return EraseResult(change, wiped, backups.holding(checkin_id))


def gui_lock_holder(paths: DataPaths) -> int | None:
    """The process id of a Touchstone window open on ``paths``, or None.

    Reads the window's lock file (first line: the process id; third: the host name) and
    checks the process is alive, so a lock left by a crash does not count.
    """
    try:
        lines = (paths.root / LOCK_NAME).read_text(encoding="utf-8", errors="replace").split("\n")
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2] if len(lines) > 2 else ""
    if host and host != socket.gethostname():
        return pid  # another computer's window on a shared folder: assume it is running
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except (PermissionError, OSError):
        return pid
    return pid


def refuse_while_window_open(paths: DataPaths, what: str) -> None:
    """A ``UserError`` when a Touchstone window has this data folder open."""
    pid = gui_lock_holder(paths)
    if pid is not None:
        raise UserError(
            f"Touchstone is open on {paths.root} (process {pid}). Close its window first, then "
            f"{what}. Nothing was changed."
        )


def erase_all(paths: DataPaths, backups: Backups) -> list[Path]:
    """Delete the journal (with any damaged copies set aside), every backup Touchstone made,
    the logs, the settings, the draft and the key remembered in the OS keyring; remove the
    data folder when it is left empty (the caller removes the start-at-login entry).

    Only files Touchstone made are removed from a custom backup folder. Returns what was
    removed. The journal must be closed.
    """
    from tracker.services import remembered_key

    _close_log_files(paths.logs)
    remembered_key.forget(paths)  # the key in the OS keyring would open a restored backup
    removed: list[Path] = []
    for entry in backups.entries():
        _remove(entry.path, removed)
    root = paths.root
    try:
        children = list(root.iterdir())
    except FileNotFoundError:
        children = []
    for child in children:
        if child.name == LOCK_NAME or not is_touchstone_entry(child.name):
            continue  # the lock goes last, with the folder; anything else is not ours
        if child in (paths.backups, paths.logs) and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
        elif not child.is_dir():
            _remove(child, removed)
    try:
        leftovers = [c for c in root.iterdir() if c.name != LOCK_NAME]
        if not leftovers:
            (root / LOCK_NAME).unlink(missing_ok=True)
            root.rmdir()
    except OSError:
        pass
    return removed


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(f"Could not delete {path}: {exc.strerror or exc}.") from None
    removed.append(path)


def _close_log_files(log_dir: Path) -> None:
    """Stop writing to the log files in ``log_dir`` (they are about to be deleted)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        name = getattr(handler, "baseFilename", None)
        if name and Path(name).parent.resolve() == log_dir.resolve():
            root.removeHandler(handler)
            handler.close()
