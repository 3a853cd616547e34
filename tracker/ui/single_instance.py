"""One window per data folder: a ``QLockFile`` in the data dir, and a local socket through
which a second launch asks the first to come to the front.

On Linux and macOS the socket is a Unix-domain socket (Python's ``socket``, watched with a
``QSocketNotifier``) in a private folder: ``$XDG_RUNTIME_DIR``, or a 0700 folder of this
user's in the temp dir, each checked (ours, 0700, not a link), else the data folder itself; the
socket file is 0600 and, on Linux, each side checks the other's user id.
That keeps QtNetwork (and the Kerberos libraries it links) out of the packaged app. On Windows a
``QLocalServer`` (a named pipe, user-only access) does the same. The name is a short hash of the
resolved data dir (socket paths are limited to ~108 bytes). A lock left by a crash is recovered
by ``QLockFile``'s stale-lock detection (the process named in it is gone).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, QSocketNotifier, Signal

if TYPE_CHECKING:
    import socket

    from PySide6.QtNetwork import QLocalServer

# hashlib, socket, struct and tempfile load when a window listens or a launch asks (after the
# first paint, or in a second launch): the lock alone is on the start path

log = logging.getLogger(__name__)

RAISE_REQUEST = b"raise\n"
TRACE_ENV = "TOUCHSTONE_INSTANCE_TRACE"  # tests: print what happens on stderr


def server_name(data_dir: Path) -> str:
    """A short, per-user, per-folder name for the local server."""
    import hashlib

    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    user = hashlib.sha256(os.path.expanduser("~").encode("utf-8")).hexdigest()[:6]
    return f"touchstone-{user}-{digest}"


SOCKET_IN_DATA_DIR = "instance.sock"  # the fallback: in the (private) data folder itself
_MAX_SOCKET_PATH = 107  # sockaddr_un.sun_path is 108 bytes with the final NUL


def socket_path(data_dir: Path) -> Path:
    """Where the Unix-domain socket for ``data_dir`` lives (POSIX): a private folder of this
    user's (``$XDG_RUNTIME_DIR``, else ``<tempdir>/touchstone-<uid>``), each checked (ours,
    0700, not a link; another user may create the temp one first); else the data folder."""
    import tempfile

    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    candidates = [Path(runtime)] if runtime and Path(runtime).is_absolute() else []
    candidates.append(Path(tempfile.gettempdir()) / f"touchstone-{os.getuid()}")
    for number, folder in enumerate(candidates):
        create = number == len(candidates) - 1  # never create $XDG_RUNTIME_DIR itself
        path = folder / f"{server_name(data_dir)}.sock"
        if len(os.fsencode(path)) <= _MAX_SOCKET_PATH and _private_folder(folder, create):
            return path
    return data_dir / SOCKET_IN_DATA_DIR


def _private_folder(folder: Path, create: bool = True, mask: int = 0o077) -> bool:
    """Whether ``folder`` is this user's alone (ours, none of ``mask``'s permission bits for
    others, not a link); created 0700 first when ``create`` and missing."""
    if create:
        with contextlib.suppress(OSError):
            folder.mkdir(mode=0o700)
    try:
        info = folder.lstat()
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and info.st_mode & mask == 0)


def _socket_folder_ok(path: Path, data_dir: Path) -> bool:
    """The socket's folder is still private; the data folder (already checked when the
    journal opened) may be readable by others, never writable."""
    in_data_dir = path.name == SOCKET_IN_DATA_DIR
    return _private_folder(path.parent, create=False, mask=0o022 if in_data_dir else 0o077)


def _trace(text: str) -> None:
    if os.environ.get(TRACE_ENV):
        print(f"instance: {text}", file=sys.stderr, flush=True)


class SingleInstance(QObject):
    """Hold the data folder's lock; hear raise requests from later launches."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._lock = QLockFile(str(lock_path))
        self._lock.setStaleLockTime(0)  # held for hours: only a dead owner makes it stale
        self._lock_path = lock_path
        self._server: _UnixServer | _QtServer | None = None

    def acquire(self) -> bool:
        """Take the lock (recovering a stale one); False when another window holds it. A
        folder where no lock file can be made (read-only) is used without one: no window
        can write there either."""
        if not self._lock.tryLock(100):
            return self._lock.error() == QLockFile.LockError.PermissionError
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(self._lock_path, 0o600)
        return True

    def holder_pid(self) -> int | None:
        pid, _host, _app = self._lock.getLockInfo()
        return int(pid) or None

    @property
    def listening(self) -> bool:
        return self._server is not None

    def listen(self) -> bool:
        """Start answering later launches (after the window is shown: not on the start path)."""
        if self._server is not None:
            return True
        server = _UnixServer(self) if os.name == "posix" else _QtServer(self)
        if not server.listen(self.data_dir):
            return False
        server.raise_requested.connect(self._on_raise_request)
        self._server = server
        _trace("listening")
        return True

    def _on_raise_request(self) -> None:
        log.info("a second launch asked this window to come to the front")
        _trace("raise requested")
        self.raise_requested.emit()

    def ask_running_to_raise(self, timeout_ms: int = 3000) -> bool:
        """From a second launch: ask the window holding the lock to come to the front."""
        deadline = time.monotonic() + timeout_ms / 1000
        ask = _ask_unix if os.name == "posix" else _ask_qt
        while True:  # the first window may still be starting: its server comes after paint
            if ask(self.data_dir, max(0.05, deadline - time.monotonic())):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()


class _UnixServer(QObject):
    """A listening Unix-domain socket, read on the GUI thread when a launch connects."""

    raise_requested = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._socket: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._path: Path | None = None

    def listen(self, data_dir: Path) -> bool:
        import socket

        path = socket_path(data_dir)
        if len(os.fsencode(path)) > _MAX_SOCKET_PATH:
            log.warning("single-instance socket path too long; not listening")
            return False
        try:
            if not _socket_folder_ok(path, data_dir):
                log.warning("single-instance folder is not private; not listening")
                return False
            path.unlink(missing_ok=True)  # a socket left by a crash; we hold the lock
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            old_mask = os.umask(0o177)  # the socket file is born 0600
            try:
                sock.bind(str(path))
            finally:
                os.umask(old_mask)
            sock.listen(4)
            sock.setblocking(False)
        except OSError as exc:
            log.warning("single-instance socket not listening: %s", type(exc).__name__)
            return False
        self._socket, self._path = sock, path
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def _accept(self) -> None:
        assert self._socket is not None
        try:
            conn, _ = self._socket.accept()
        except OSError:
            return
        with conn:
            if not _same_user(conn):
                return
            conn.settimeout(0.2)  # the asking launch writes right after connecting
            with contextlib.suppress(OSError):
                if conn.recv(64).startswith(RAISE_REQUEST.strip()):
                    self.raise_requested.emit()

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._path is not None:
            self._path.unlink(missing_ok=True)


def _same_user(conn: socket.socket) -> bool:
    """On Linux, whether the other end is a process of this user: only one may ask, and a
    launch asks only its own window (the private folder says so elsewhere)."""
    if not sys.platform.startswith("linux"):
        return True
    import socket
    import struct

    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _ask_unix(data_dir: Path, timeout_s: float) -> bool:
    import socket

    path = socket_path(data_dir)
    if not _socket_folder_ok(path, data_dir):
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout_s)
            sock.connect(str(path))
            if not _same_user(sock):
                _trace("refused: the socket belongs to another user")
                return False
            sock.sendall(RAISE_REQUEST)
    except OSError:
        return False
    return True


class _QtServer(QObject):
    """Windows: a ``QLocalServer`` (named pipe) with user-only access."""

    raise_requested = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._server: QLocalServer | None = None

    def listen(self, data_dir: Path) -> bool:
        from PySide6.QtNetwork import QLocalServer

        name = server_name(data_dir)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)
        if not server.listen(name):
            log.warning("single-instance server not listening: %s", server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._read(conn)

    def _read(self, conn) -> None:
        if bytes(conn.readAll().data()).startswith(RAISE_REQUEST.strip()):
            self.raise_requested.emit()
        conn.disconnectFromServer()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


def _ask_qt(data_dir: Path, timeout_s: float) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    conn = QLocalSocket()
    conn.connectToServer(server_name(data_dir))
    if not conn.waitForConnected(max(1, int(timeout_s * 1000))):
        return False
    conn.write(RAISE_REQUEST)
    done = conn.waitForBytesWritten(max(1, int(timeout_s * 1000)))
    conn.disconnectFromServer()
    return done
