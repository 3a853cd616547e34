"""What a database file's first bytes say, read without opening SQLite: a plain SQLite
file's header (schema version, application id) or a SQLCipher file's salt.

Cheap to import (no sqlite3, no SQLCipher, no key derivation): start-up asks these questions
before anything else, and the answers decide which of those it needs.

**Reading a file this process has open in SQLite.** POSIX advisory locks belong to a process
and an inode, and closing *any* descriptor of that inode drops them all: a plain
``open()``/``close()`` of the journal would silently release the locks of every SQLite
connection this process has on it (SQLite's "how to corrupt" guide, section 2.2). Another
process could then, say, take the journal over for an encryption switch while a window still
writes to it. So ``connection.connect`` registers every connection here (``hold``/``release``),
and while an inode has connections, its header is read through one spare descriptor that is
closed only after the last connection, as SQLite itself defers such closes.
"""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import StoreError

APPLICATION_ID = 0x546F7563  # "Touc": marks a SQLite file as a Touchstone journal
SQLITE_MAGIC = b"SQLite format 3\x00"
SALT_BYTES = 16  # SQLCipher keeps the key derivation's salt as a file's first 16 bytes
_HEADER_PEEK = 24  # the salt (or SQLite's magic string) and the header fields after it


class _OpenInode:
    """Connections this process has on one inode, and the spare descriptor for its header."""

    __slots__ = ("connections", "spare_fd")

    def __init__(self) -> None:
        self.connections = 0
        self.spare_fd = -1


_open_inodes: dict[tuple[int, int], _OpenInode] = {}
_registry_lock = threading.Lock()
# releases by the garbage collector (a connection never closed), which may run while this
# thread holds the lock: applied by the next call that takes it
_collected: list[tuple[int, int]] = []


def hold(path: Path) -> tuple[int, int]:
    """Note a new SQLite connection to ``path``; returns the token for ``release``."""
    info = os.stat(path)
    inode = (info.st_dev, info.st_ino)
    with _registry_lock:
        _apply_collected()
        _open_inodes.setdefault(inode, _OpenInode()).connections += 1
    return inode


def release(inode: tuple[int, int]) -> None:
    """One connection from ``hold`` has closed; after the last, the spare descriptor goes."""
    with _registry_lock:
        _apply_collected()
        _release(inode)


def release_when_collected(inode: tuple[int, int]) -> None:
    """``release`` for a finalizer: never waits for the lock."""
    _collected.append(inode)


def _apply_collected() -> None:
    while _collected:
        _release(_collected.pop())


def _release(inode: tuple[int, int]) -> None:
    entry = _open_inodes.get(inode)
    if entry is None:
        return
    entry.connections -= 1
    if entry.connections > 0:
        return
    del _open_inodes[inode]
    if entry.spare_fd >= 0:
        os.close(entry.spare_fd)  # no connection of ours is left to lose its locks


def held_open(path: Path) -> bool:
    """Whether ``path`` is a database this process has SQLite connections on, or its -wal,
    -shm or -journal: reading it whole would drop their locks, and writing would ruin it."""
    given = Path(path)
    candidates = [given]
    for suffix in ("-wal", "-shm", "-journal"):
        if given.name.endswith(suffix):
            candidates.append(given.with_name(given.name[: -len(suffix)]))
    for candidate in candidates:
        try:
            info = os.stat(candidate)
        except OSError:
            continue
        with _registry_lock:
            if (info.st_dev, info.st_ino) in _open_inodes:
                return True
    return False


_SPECIAL_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                  (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))


class SpecialFile(StoreError):
    """The journal's path is a pipe, socket or device: opening it could block for ever."""


def refuse_special_file(path: Path, info: os.stat_result | None = None) -> None:
    """Raise ``SpecialFile`` when ``path`` (links followed) is a FIFO, socket or device; a
    missing path, a regular file or a folder passes. No ``open()`` is made: opening a FIFO
    blocks until a writer comes."""
    if info is None:
        try:
            info = os.stat(path)
        except OSError:
            return
    for test, kind in _SPECIAL_KINDS:
        if test(info.st_mode):
            raise SpecialFile(f"{path} is {kind}, not a journal file, so Touchstone does not "
                              "open it. Move it away, or choose another data folder.")


def _read_head(path: Path, size: int) -> tuple[bytes, int] | None:
    """The first ``size`` bytes of ``path`` and its length, or None when it is missing;
    never closes a descriptor of an inode this process has connections on. A FIFO, socket
    or device is refused (``SpecialFile``) without being opened."""
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    refuse_special_file(path, info)
    inode = (info.st_dev, info.st_ino)
    with _registry_lock:
        _apply_collected()
        # POSIX only: on Windows a lock belongs to a handle, and closing another drops none
        entry = _open_inodes.get(inode) if os.name == "posix" else None
        if entry is not None:
            if entry.spare_fd < 0:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
                opened = os.fstat(fd)
                if (opened.st_dev, opened.st_ino) != inode:  # replaced in between: a new
                    os.close(fd)  # inode none of ours holds, read the usual way below
                    fd = -1
                entry.spare_fd = fd
            if entry.spare_fd >= 0:
                return os.pread(entry.spare_fd, size, 0), info.st_size
    try:
        with open(path, "rb") as fh:  # no connection of ours on it: closing drops no lock
            return fh.read(size), os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        return None


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
    read = _read_head(path, 100)
    if read is None or not read[0]:
        return None
    head = read[0]
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotADatabase(str(path), head)
    return FileHeader(
        user_version=int.from_bytes(head[60:64], "big", signed=True),
        application_id=int.from_bytes(head[68:72], "big", signed=True),
        schema_cookie=int.from_bytes(head[40:44], "big"),
    )


def file_salt(path: Path) -> bytes | None:
    """The SQLCipher salt of ``path``, or None when it is missing, empty or plain SQLite."""
    try:
        read = _read_head(path, SALT_BYTES)
    except IsADirectoryError:
        return None
    if read is None:
        return None
    head = read[0]
    if len(head) < SALT_BYTES or head == SQLITE_MAGIC:
        return None
    return head


def encrypted_salt(path: Path) -> bytes | None:
    """The salt of ``path`` when it looks like a SQLCipher file (not plain SQLite, whole
    pages), else None.

    Without the key an encrypted file cannot be told from random bytes, but a text file or a
    truncated copy (not a whole number of pages of at least 512 bytes) is surely not one.
    """
    try:
        read = _read_head(path, _HEADER_PEEK)
    except IsADirectoryError:
        return None
    if read is None:
        return None
    head, size = read
    salt = head[:SALT_BYTES]
    if len(head) < _HEADER_PEEK or salt == SQLITE_MAGIC or size < 512 or size % 512:
        return None
    if not any(salt) or _plain_header_after_magic(head):
        return None  # a plain journal whose first bytes were damaged, not a salt
    return salt


def _plain_header_after_magic(head: bytes) -> bool:
    """Whether bytes 16-23 hold a plain SQLite header: file format versions 1 or 2 and the
    payload fractions 64, 32, 32 that SQLite requires. SQLCipher encrypts them, so random
    bytes match with a chance of about one in 10^11."""
    return head[18] in (1, 2) and head[19] in (1, 2) and head[21:24] == b"\x40\x20\x20"


def is_encrypted(path: Path) -> bool:
    """True when ``path`` looks like a SQLCipher file (see ``encrypted_salt``)."""
    return encrypted_salt(path) is not None
