"""Backups: made in the background after changes (at most daily), thinned, verified, restored.

Automatic backups are ``touchstone-<UTC stamp>Z.db`` in the backup folder (the ``backup_dir``
setting, or the data dir's ``backups/``). They are thinned to 7 daily, 4 weekly and 12 monthly
copies. Copies made before a restore or a schema upgrade are kept until the user removes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.words import plural
from tracker.errors import StoreError
from tracker.paths import DataPaths
from tracker.settings import Settings
from tracker.store.backup import BackupInfo as BackupInfo  # the UI reads it: re-exported
from tracker.store.backup import (
    backup_database,
    backup_to_free_name,
    holds_checkin,
    inspect_backup,
    purge_checkin,
)
from tracker.store.cipher import LockedFile
from tracker.store.files import remove_stale_partials
from tracker.store.integrity import DamagedJournalError
from tracker.store.restore import restore_database

if TYPE_CHECKING:  # open_journal imports it (journal imports this module)
    from tracker.services.journal import Journal

AUTOMATIC, BEFORE_RESTORE, BEFORE_UPGRADE = "automatic", "before restore", "before upgrade"
MANUAL = "made on request"  # Back up now, `touchstone backup`: never thinned, never "today's"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_NAME = re.compile(
    r"touchstone-(?:(?P<restore>before-restore-)|(?P<upgrade>before-v\d+-)|(?P<manual>manual-))?"
    r"(?P<stamp>\d{8}T\d{6})Z?(?:-\d+)?\.db"
)


@dataclass(frozen=True, slots=True)
class BackupEntry:
    """A backup file found in a backup folder, by its name (not opened)."""

    path: Path
    created: datetime  # aware, UTC
    kind: str


@dataclass(frozen=True, slots=True)
class RestoreResult:
    restored: BackupInfo
    safety_copy: Path | None  # the journal as it was just before the restore


class JournalDamaged(StoreError):
    """The journal was damaged and moved aside; ``backup`` is the newest good backup, if any."""

    def __init__(self, message: str, set_aside: Path, backup: BackupInfo | None,
                 summary: str = "", alone: Path | None = None) -> None:
        super().__init__(message)
        self.set_aside = set_aside
        self.backup = backup
        self.summary = summary or message  # what happened, without the advice
        self.alone = alone  # after a stray -wal: the journal file without it, restorable


def backups_to_keep(
    created: Iterable[datetime],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """Which backup times to keep: the newest of each of the ``daily`` most recent days that
    have a backup, likewise for ``weekly`` ISO weeks and ``monthly`` months, and the newest.

    Pure: days, weeks and months are read from the datetimes as given (pass local times).
    """
    ordered = sorted(set(created), reverse=True)
    keep = set(ordered[:1])
    rules: list[tuple[int, Callable[[datetime], Hashable]]] = [
        (daily, lambda d: d.date()),
        (weekly, lambda d: d.isocalendar()[:2]),
        (monthly, lambda d: (d.year, d.month)),
    ]
    for count, period in rules:
        seen: set[Hashable] = set()
        for moment in ordered:  # newest first: the first one met in a period is its newest
            key = period(moment)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            keep.add(moment)
    return keep


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    """``(created UTC, kind)`` for a Touchstone backup file name, else None."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    try:
        created = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    kind = (BEFORE_RESTORE if match["restore"] else BEFORE_UPGRADE if match["upgrade"]
            else MANUAL if match["manual"] else AUTOMATIC)
    return created, kind


class Backups:
    """The backups of the journal in ``paths``; ``settings`` may name another backup folder."""

    def __init__(self, paths: DataPaths, settings: Settings | None = None) -> None:
        self.paths = paths
        self.settings = settings

    @property
    def folder(self) -> Path:
        """Where new backups go."""
        custom = self.settings.backup_dir.strip() if self.settings else ""
        return Path(custom).expanduser() if custom else self.paths.backups

    def folders(self) -> list[Path]:
        """The backup folder and, if different, the data dir's own ``backups/``."""
        found = [self.folder]
        if self.paths.backups.resolve() != self.folder.resolve():
            found.append(self.paths.backups)
        return found

    def entries(self) -> list[BackupEntry]:
        """Every backup file in the folders, newest first."""
        found: list[BackupEntry] = []
        for folder in self.folders():
            try:
                children = list(folder.iterdir())
            except OSError:
                continue
            for path in children:
                parsed = parse_backup_name(path.name)
                if parsed and path.is_file():
                    found.append(BackupEntry(path, parsed[0], parsed[1]))
        return sorted(found, key=lambda e: (e.created, e.path.name), reverse=True)

    def last_backup(self) -> datetime | None:
        """When the newest backup of any kind was made (UTC), or None."""
        entries = self.entries()
        return entries[0].created if entries else None

    def is_due(self, now: datetime | None = None) -> bool:
        """True when no automatic backup was made today (on this computer's calendar).

        Only a sound backup dated today counts: one dated in the future (the clock once ran
        ahead) is not today's, and a file that fails its check (an old, cut-off copy) is none.
        """
        now = now or datetime.now(UTC)
        today = now.astimezone().date()
        for entry in self.entries():
            if entry.kind != AUTOMATIC or entry.created.astimezone().date() != today:
                continue
            try:
                inspect_backup(entry.path)
            except LockedFile:
                return False  # encrypted under a key not held now: a whole file all the same
            except StoreError:
                continue
            return False
        return True

    def newest_in_future(self, now: datetime | None = None) -> BackupEntry | None:
        """The newest backup dated after ``now`` (a clock that once ran ahead), or None."""
        now = now or datetime.now(UTC)
        entries = self.entries()
        return entries[0] if entries and entries[0].created > now else None

    def back_up(self, dest: Path | None = None, now: datetime | None = None,
                manual: bool = False) -> BackupInfo:
        """Copy the journal now (to ``dest``, or a new automatic backup, then thin). A ``manual``
        copy (Back up now) is named as one: it neither replaces nor stands for today's
        automatic backup, and thinning leaves it alone.

        ``dest`` is a file the user named: it must not exist (nor be a link), and its folder
        is left as it is; the file itself is 0600.
        """
        if not self.paths.database.exists():
            raise StoreError(f"There is no journal in {self.paths.root} to back up yet.")
        now = now or datetime.now(UTC)
        if dest is not None:
            return backup_database(self.paths.database, dest, own_folder=False)
        prefix = "touchstone-manual-" if manual else "touchstone-"
        info = backup_to_free_name(self.paths.database, self.folder,
                                   f"{prefix}{now:%Y%m%dT%H%M%S}Z")
        self.thin(now)
        return info

    def back_up_if_due(self, now: datetime | None = None) -> BackupInfo | None:
        """Make today's automatic backup unless there is one already."""
        if not self.paths.database.exists() or not self.is_due(now):
            return None
        return self.back_up(now=now)

    def thin(self, now: datetime | None = None) -> list[Path]:
        """Remove automatic backups beyond 7 daily, 4 weekly and 12 monthly; the removed.

        Backups dated in the future are thinned among themselves, so they never push today's
        out. Partial copies a killed process left (``.touchstone-*.partial``) go once stale.
        """
        now = now or datetime.now(UTC)
        remove_stale_partials(self.folder)
        automatic = [e for e in self.entries() if e.kind == AUTOMATIC and e.path.parent ==
                     self.folder]
        keep: set[datetime] = set()
        for group in ([e for e in automatic if e.created <= now],
                      [e for e in automatic if e.created > now]):
            keep |= backups_to_keep(e.created.astimezone() for e in group)
        removed = []
        for entry in automatic:
            if entry.created.astimezone() not in keep:
                try:
                    entry.path.unlink()
                except OSError:
                    continue
                removed.append(entry.path)
        return removed

    def describe(self, entry: BackupEntry) -> BackupInfo | None:
        """Open and check a backup; None when it is not usable."""
        try:
            return inspect_backup(entry.path)
        except StoreError:
            return None

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that passes its check, or None."""
        for entry in self.entries():
            info = self.describe(entry)
            if info is not None:
                return info
        return None

    def restore(self, source: Path, now: datetime | None = None) -> RestoreResult:
        """Replace the journal with the backup ``source``, backing up the current one first.

        A bad ``source`` or a failed safety copy raises ``StoreError`` with nothing changed.
        """
        try:
            inspect_backup(source)  # refuse a bad file before touching anything
        except LockedFile:
            raise  # the caller asks for that backup's passphrase and tries again
        except StoreError as error:
            raise StoreError(f"{error} Nothing was changed.") from None
        db = self.paths.database
        stamp = f"{(now or datetime.now(UTC)):%Y%m%dT%H%M%S}Z"

        def safety_copy() -> Path:
            # runs with the journal's write lock held (see ``restore_database``)
            try:
                return backup_to_free_name(db, self.folder,
                                           f"touchstone-before-restore-{stamp}").path
            except StoreError as error:
                raise StoreError(
                    f"{error} The current journal could not be backed up first, so nothing "
                    "was restored."
                ) from None

        has_content = db.exists() and db.stat().st_size > 0
        info, safety = restore_database(db, source, safety_copy if has_content else None,
                                        self.paths.backups)  # an older one: upgraded first
        return RestoreResult(info, safety)

    def holding(self, checkin_id: str) -> list[Path]:
        """The backup files that still contain the check-in ``checkin_id``."""
        return [e.path for e in self.entries() if holds_checkin(e.path, checkin_id)]

    def purge(self, checkin_id: str) -> int:
        """Erase the check-in from every backup that holds it; how many were changed."""
        return sum(purge_checkin(path, checkin_id) for path in self.holding(checkin_id))


def open_journal(paths: DataPaths, settings: Settings | None = None) -> Journal:
    """``Journal.open``, but a damaged journal comes out as ``JournalDamaged`` naming the
    newest good backup and how to restore it."""
    from tracker.services.journal import Journal

    try:
        return Journal.open(paths.root, Backups(paths, settings).folders)  # asked at each open
    except DamagedJournalError as error:
        raise damaged(error, Backups(paths, settings)) from None


def damaged(error: DamagedJournalError, backups: Backups) -> JournalDamaged:
    """``JournalDamaged`` for ``error``, with the newest good backup and what to do."""
    from tracker.store.leftovers import StrayWalError

    good = backups.newest_good()
    alone = error.set_aside if isinstance(error, StrayWalError) else None
    return JournalDamaged(damaged_advice(str(error), good, alone), error.set_aside, good,
                          str(error), alone)


def damaged_advice(message: str, good: BackupInfo | None, alone: Path | None = None) -> str:
    """The damaged-journal message completed with what the user can do."""
    if alone is not None:
        message = (f"{message} Restore that with `touchstone restore {alone}`"
                   + (", or the newest good backup." if good else "."))
    if good is None:
        return (f"{message} No backup was found. Starting Touchstone again begins a new, "
                "empty journal.")
    held = plural(good.checkins, "check-in")
    return (f"{message} The newest good backup is {good.path} ({held}): "
            f"restore it with `touchstone restore {good.path}`.")
