"""Every file location Touchstone uses, from one place.

Everything lives under one data directory: platformdirs' user data dir for "Touchstone", or the
directory given with ``--data-dir`` (tests point it at ``tmp_path``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "Touchstone"
LOCK_NAME = "touchstone.lock"  # the running window's QLockFile, in the data dir
# what Touchstone writes in its data dir besides the journal's files ("touchstone.db" and its
# -wal, -shm, set-aside and scratch copies) and the lock; each is written via ".<name>.*.tmp"
_OWN_FOLDERS = frozenset({"backups", "logs"})
_OWN_FILES = frozenset({"settings.json", "draft.json", "draft.sealed", "keys.json",
                        "definitions.json", "instance.sock"})


def is_touchstone_entry(name: str) -> bool:
    """Whether ``name``, in a data dir, is something Touchstone writes."""
    journal = name.startswith("touchstone.db") or name == LOCK_NAME
    if journal or name in _OWN_FOLDERS or name in _OWN_FILES:
        return True
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    base = name[1:-4]  # ".settings.json.tmp", or with mkstemp's random part before ".tmp"
    return base in _OWN_FILES or base.rpartition(".")[0] in _OWN_FILES


def default_data_dir() -> Path:
    """The platform's per-user data directory for Touchstone."""
    from platformdirs import user_data_dir  # only here: ``--data-dir`` needs none of it

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))


def resources_dir() -> Path:
    """Bundled resources (icons, styles), found both from source and when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


@dataclass(frozen=True)
class DataPaths:
    """The files inside one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "touchstone.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def draft(self) -> Path:
        return self.root / "draft.json"

    @property
    def sealed_draft(self) -> Path:
        """The draft of an encrypted journal (a SQLCipher file under the journal's key)."""
        return self.root / "draft.sealed"

    @property
    def key_checks(self) -> Path:
        """Per-salt key checks of an encrypted journal and its backups (no key, no secret)."""
        return self.root / "keys.json"

    def ensure(self) -> DataPaths:
        """Create the directory (0700 on POSIX) and return self.

        An existing folder is made 0700 only when it holds nothing but Touchstone's own
        files: ``--data-dir`` may name a place of the user's (a home folder) whose
        permissions are not Touchstone's to change. Every file written there is 0600 anyway.
        A folder, or a file in it, that another user owns or may write is refused
        (``folder_safety``).
        A folder (or a parent) that is a link to something missing is named as such.
        """
        _refuse_dangling_link(self.root)
        try:
            self.root.mkdir(mode=0o700, parents=True)
            ours = True
        except FileExistsError:
            if not self.root.is_dir():
                raise
            ours = self.holds_only_touchstone_files()
        if os.name == "posix" and ours:
            try:
                os.chmod(self.root, 0o700)  # mkdir's mode is masked by the umask
            except OSError:
                if not self.read_only():
                    raise  # a read-only folder is used as it is, for reading
        from tracker.folder_safety import check_data_folder

        check_data_folder(self.root, [n for n in _listing(self.root) if is_touchstone_entry(n)])
        return self

    def read_only(self) -> str | None:
        """Why the folder (or the journal in it) cannot be written, or None when it can:
        read-only media, an immutable folder or one without write permission."""
        try:
            if os.statvfs(self.root).f_flag & os.ST_RDONLY:
                return "it is on a read-only disk or mount"
        except (OSError, AttributeError):  # missing, or no statvfs (Windows)
            pass
        if self.root.is_dir() and not os.access(self.root, os.W_OK):
            return "it is write-protected (no write permission, or immutable)"
        if self.database.exists() and not os.access(self.database, os.W_OK):
            return "its journal file is write-protected"
        return None

    def holds_only_touchstone_files(self) -> bool:
        """Whether every entry of the folder is one Touchstone writes (an empty one too)."""
        try:
            names = [entry.name for entry in os.scandir(self.root)]
        except OSError:
            return False
        return all(is_touchstone_entry(name) for name in names)


def _listing(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in os.scandir(folder)]
    except OSError:
        return []


def _refuse_dangling_link(folder: Path) -> None:
    """``OSError`` saying so when ``folder`` or a parent is a symbolic link to nothing
    (``mkdir`` would only say "File exists")."""
    import errno

    for candidate in (folder, *folder.parents):
        if candidate.is_symlink() and not candidate.exists():
            target = os.readlink(candidate)
            raise OSError(errno.ENOENT, f"{candidate} is a link to {target}, which does not "
                          "exist (an unplugged disk or a moved folder?)")


def private_file(path: Path) -> None:
    """Make an existing file readable by its owner only (no-op off POSIX)."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` atomically with mode 0600 (see ``write_private_bytes``)."""
    write_private_bytes(path, text.encode("utf-8"))


def write_private_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with mode 0600: a fresh temp file of ours beside it
    (``mkstemp``: ``O_EXCL``, a random name, never through a link), fsync, rename over ``path``.

    Nobody else can have opened, planted or redirected the temp file, and the rename replaces
    whatever is at ``path`` (a link itself, never its target).
    """
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
