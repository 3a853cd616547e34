"""Whether a data folder is safe to keep a journal in: no other user could have planted, or
can replace, what Touchstone reads and writes there (POSIX; a no-op elsewhere)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tracker.errors import UserError


class UnsafeDataFolder(UserError):
    """The data folder, or a file in it, is another user's or open to other users."""


def check_data_folder(root: Path, own_entries: list[str]) -> None:
    """Refuse ``root`` when another user owns it or may write in it, or owns one of
    ``own_entries`` (the names there Touchstone writes); make our own files in it 0600 and
    our folders 0700, whatever mode they had."""
    if os.name != "posix":
        return
    info = root.lstat() if root.is_symlink() else root.stat()
    uid = os.getuid()
    if info.st_uid != uid:
        raise UnsafeDataFolder(
            f"The data folder {root} belongs to another user (uid {info.st_uid}): Touchstone "
            "keeps your journal only in a folder of your own. Nothing was opened.")
    if _others_may_write(info):
        raise UnsafeDataFolder(
            f"The data folder {root} can be written by other users (mode "
            f"{stat.S_IMODE(info.st_mode):04o}): they could replace or read your journal. Make "
            f"it yours only (chmod 700 {root}) or choose another folder. Nothing was opened.")
    for name in own_entries:
        path = root / name
        try:
            entry = path.lstat()
        except FileNotFoundError:
            continue
        if entry.st_uid != uid:
            raise UnsafeDataFolder(
                f"{path} belongs to another user (uid {entry.st_uid}): Touchstone did not write "
                "it and will not use it. Move it away, or choose another data folder. Nothing "
                "was opened.")
        private = 0o700 if stat.S_ISDIR(entry.st_mode) else 0o600
        if stat.S_ISLNK(entry.st_mode) or stat.S_IMODE(entry.st_mode) & ~private == 0:
            continue
        try:
            os.chmod(path, private)
        except OSError:  # PermissionError, or EROFS on read-only media
            continue  # a read-only place: SQLite and the writers report what fails


def _others_may_write(info: os.stat_result) -> bool:
    """Another user may add, remove or replace entries: o+w, or g+w for a group that is not
    the user's own (a private group of which they are the only member)."""
    if info.st_mode & stat.S_IWOTH:
        return True
    if not info.st_mode & stat.S_IWGRP:
        return False
    import grp
    import pwd

    try:
        group = grp.getgrgid(info.st_gid)
        me = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        return True
    return info.st_gid != os.getgid() or any(member != me for member in group.gr_mem)
