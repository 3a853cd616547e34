"""What a start can find instead of, or beside, a journal: an empty file, a stray ``-wal``.

Touchstone checkpoints and removes the journal's ``-wal`` when its last connection closes, so a
``-wal`` that no running process holds means a crash, two processes closing at one instant
(neither can checkpoint), or a file that came from elsewhere (a data folder copied by hand, a
sync tool delivering the two files at different times). SQLite
replays any ``-wal`` whose frames are self-consistent, whichever database wrote it, so before
the first open such a pair is copied to a scratch folder, where the result of the replay is
read and compared with the journal file alone (or, when that holds no check-ins, the newest
backup). A result that is another database, an older schema or far fewer check-ins is refused:
the journal and its ``-wal`` are moved aside unchanged and ``StrayWalError`` names them.

The journal's own ``-wal`` passes: it only adds to the file alone (a restore, the one write
that replaces the journal's content, checkpoints its pages into the file before it lets go:
``restore.restore_database``). So the judgement rests on what the files hold, not on timing;
a process that opens, writes or closes the pair meanwhile still makes it stand down.

A zero-length journal with backups beside it (or the window's kept definitions) is what a sync
tool or a full disk leaves, not a new journal: it is set aside as damaged. Without any sign of
a past journal it is the first instant of a new one (Touchstone creates the file empty before
SQLite writes its first page), and opens as such.
"""

from __future__ import annotations

import logging
import os
import shutil
import struct
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.store.connection import APPLICATION_ID, connect, driver_errors
from tracker.store.files import remove_stale
from tracker.store.header import held_open
from tracker.store.integrity import DamagedJournalError, damaged_message, set_aside, sidecars

log = logging.getLogger(__name__)
# more check-ins lost than this (and than this share) is not a crash's -wal: a crash's holds
# the last commits, and the window deletes check-ins one at a time
DROP_LIMIT, DROP_SHARE = 10, 0.10
SCRATCH_PREFIX = ".touchstone-judge-"  # a private folder the -wal judgement copies into
_SHM_DMS_BYTE = 128  # SQLite's unix VFS: every connection holds a read lock on this -shm byte


class StrayWalError(DamagedJournalError):
    """A ``-wal`` that does not fit the journal; ``set_aside`` is the journal file as it was
    (without the ``-wal``, so it opens and restores as the journal last saved in full),
    ``wal_aside`` the ``-wal`` as it was."""

    def __init__(self, message: str, set_aside: Path, wal_aside: Path) -> None:
        super().__init__(message, set_aside)
        self.wal_aside = wal_aside


@dataclass(frozen=True, slots=True)
class _Facts:
    application_id: int
    schema_version: int
    ids: frozenset[str] | None  # the check-ins' ids; None: no check-ins table
    tables: int


def check_empty_journal(path: Path, backup_folders: Sequence[Path]) -> None:
    """Set a zero-length journal aside (``DamagedJournalError``) when backups exist."""
    try:
        if path.stat().st_size != 0:
            return
    except FileNotFoundError:
        return
    wal = sidecars(path)[0]
    if wal.exists() and wal.stat().st_size > 0:
        return  # the -wal holds the content (``check_stray_wal`` judged it)
    kept = path.with_name("definitions.json").exists()
    if not kept and _newest_backups(backup_folders) == []:
        return  # no sign of a past journal: a new one, interrupted before its first page
    moved = set_aside(path)
    raise DamagedJournalError(
        damaged_message(path, moved, "it is empty (0 bytes), yet backups of it exist"), moved)


def check_stray_wal(path: Path, backup_folders: Sequence[Path]) -> None:
    """Refuse a ``-wal`` no process holds whose replay does not look like this journal.

    The judgement reads copies of the pair in a private scratch folder, never the journal
    itself: a connection of ours on the journal would stop another process's last close from
    checkpointing (leaving it a ``-wal`` for the next start to judge).
    """
    remove_stale(path.parent, f"{SCRATCH_PREFIX}*")  # a judging folder a killed check left
    wal, shm = sidecars(path)
    try:
        if wal.stat().st_size == 0 or not path.exists():
            return
    except FileNotFoundError:
        return
    if held_open(path) or _held_by_another_process(shm):
        return  # a running Touchstone's -wal: normal
    seen = _stamps(path, wal)
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=path.parent))
    try:
        copy = scratch / path.name
        _copy(path, copy)
        _copy(wal, sidecars(copy)[0])
        problem = _judge(copy, backup_folders)
    except FileNotFoundError:
        return  # the -wal was checkpointed and removed meanwhile (or the journal moved)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if problem is None or _stamps(path, wal) != seen or _held_by_another_process(shm):
        return  # plausibly its own; or another process opened, wrote or closed it meanwhile
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = _free(path.with_name(f"{path.name}.before-wal-{stamp}"))
    wal_aside = aside.with_name(aside.name + ".wal")  # not "-wal": SQLite must not replay it
    try:
        os.replace(wal, wal_aside)  # the -wal first: nothing can replay it into the journal
    except FileNotFoundError:
        return  # gone meanwhile: another process's open (or the same check) dealt with it
    if shm.exists():
        os.replace(shm, aside.with_name(aside.name + ".shm"))
    os.replace(path, aside)
    raise StrayWalError(
        f"A -wal file beside the journal does not belong to it: replaying it would {problem} "
        "(a data folder copied by hand or a sync tool can leave one). The journal and that "
        f"-wal were moved aside unchanged, to {aside} and {wal_aside}; {aside} is the journal "
        "as last saved in full.", aside, wal_aside)


def _judge(copy: Path, backup_folders: Sequence[Path]) -> str | None:
    """What replaying the -wal beside ``copy`` (a copy of the journal) would do wrong, or None
    when the result is plausibly the journal: its application id, a schema not older, no large
    loss of check-ins by id against the file alone. Only when the file alone holds no
    check-ins to compare with: no large drop by count against the newest backup (not a
    "before restore" copy: a restore replaces the journal's content on purpose)."""
    try:
        before = _facts(copy, immutable=True)  # immutable: the -wal beside it is not read
    except driver_errors():
        before = None  # the file alone is unreadable: only the result can be judged
    try:
        after = _facts(copy)
    except driver_errors():
        return None  # damage: the integrity check that follows sets it aside with its -wal
    fresh = after.application_id == 0 and after.schema_version == 0 and not after.tables
    if after.application_id != APPLICATION_ID and not fresh:
        return "turn the journal into another program's database"
    if before is not None and after.schema_version < before.schema_version:
        return "turn the journal into an older one"
    now = after.ids or frozenset()
    if before is not None and before.ids:
        lost = len(before.ids - now)
        if _large_drop(len(before.ids), len(before.ids) - lost):
            return f"remove {lost} of the {len(before.ids)} check-ins in the journal"
        return None
    had = _newest_backup_count(backup_folders)
    if had and _large_drop(had, len(now)):
        return f"leave {len(now)} check-ins, against {had} in the newest backup"
    return None


def _large_drop(had: int, now: int) -> bool:
    return had - now > DROP_LIMIT and had - now > DROP_SHARE * had


def _facts(path: Path, immutable: bool = False) -> _Facts:
    conn = connect(path, read_only=True, immutable=immutable)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'")}
        ids = (frozenset(row[0] for row in conn.execute("SELECT id FROM checkins"))
               if "checkins" in tables else None)
    finally:
        conn.close()
    return _Facts(int(app_id), int(version), ids, len(tables))


def _newest_backups(folders: Sequence[Path]) -> list[Path]:
    """Non-empty backup files in ``folders``, newest (by modification time) first."""
    found: list[tuple[float, Path]] = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("touchstone-") and entry.name.endswith(".db"):
                try:
                    info = entry.stat()
                except OSError:
                    continue
                if info.st_size > 0:
                    found.append((info.st_mtime, Path(entry.path)))
    return [path for _mtime, path in sorted(found, reverse=True)]


def _newest_backup_count(folders: Sequence[Path]) -> int | None:
    """Check-ins in the newest readable backup (not a "before restore" copy), or None."""
    backups = [path for path in _newest_backups(folders)
               if not path.name.startswith("touchstone-before-restore-")]
    for backup in backups[:3]:
        try:
            facts = _facts(backup, immutable=True)
        except driver_errors():
            continue
        if facts.application_id == APPLICATION_ID and facts.ids is not None:
            return len(facts.ids)
    return None


def _held_by_another_process(shm: Path) -> bool:
    """Whether another process has the journal open: its SQLite connections hold a read lock
    on the -shm's "dead man switch" byte. Asked with ``F_GETLK``, which takes no lock (Linux;
    elsewhere False, and the copy is checked as after a crash)."""
    if not sys.platform.startswith("linux"):
        return False
    import fcntl

    try:
        fd = os.open(shm, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:  # struct flock: l_type, l_whence, l_start, l_len, l_pid (+ padding)
        query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0)
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
    except OSError:
        return False
    finally:
        os.close(fd)  # none of our connections is on this file (``held_open`` said so)
    return struct.unpack("hhqqi4x", answer)[0] != fcntl.F_UNLCK


def _stamps(*paths: Path) -> tuple[tuple[int, int, int], ...]:
    """Inode, size and modification time (ns) of each file: whether anyone wrote it."""
    out = []
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            out.append((0, -1, 0))
        else:
            out.append((info.st_ino, info.st_size, info.st_mtime_ns))  # not ctime: chmod
    return tuple(out)


def _free(target: Path) -> Path:
    counter = 2
    candidate = target
    while candidate.exists() or candidate.with_name(candidate.name + ".wal").exists():
        candidate = target.with_name(f"{target.name}-{counter}")
        counter += 1
    return candidate


def _copy(source: Path, dest: Path) -> None:
    """A byte-for-byte copy, 0600 (a scratch copy to judge: not synced)."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(src, out)
