"""One window per data folder: a ``QLockFile`` in the data dir, and a ``QLocalServer`` through
which a second launch asks the first to come to the front.

The server name is a short hash of the resolved data dir (socket paths are limited to ~108
bytes), and only this user may connect to it. A lock left by a crash is recovered by
``QLockFile``'s stale-lock detection (the process named in it is gone).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

log = logging.getLogger(__name__)

RAISE_REQUEST = b"raise\n"
TRACE_ENV = "TOUCHSTONE_INSTANCE_TRACE"  # tests: print what happens on stderr


def server_name(data_dir: Path) -> str:
    """A short, per-user, per-folder name for the local server."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:20]
    user = hashlib.sha256(os.path.expanduser("~").encode("utf-8")).hexdigest()[:6]
    return f"touchstone-{user}-{digest}"


def _trace(text: str) -> None:
    if os.environ.get(TRACE_ENV):
        print(f"instance: {text}", file=sys.stderr, flush=True)


class SingleInstance(QObject):
    """Hold the data folder's lock; hear raise requests from later launches."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self._lock = QLockFile(str(lock_path))
        self._lock.setStaleLockTime(0)  # held for hours: only a dead owner makes it stale
        self._lock_path = lock_path
        self._server = None

    def acquire(self) -> bool:
        """Take the lock (recovering a stale one); False when another window holds it."""
        if not self._lock.tryLock(100):
            return False
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
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self.name)  # a socket left by a crash; we hold the lock
        if not server.listen(self.name):
            log.warning("single-instance server not listening: %s", server.errorString())
            return False
        server.newConnection.connect(self._on_connection)
        self._server = server
        _trace("listening")
        return True

    def _on_connection(self) -> None:
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE_REQUEST.strip()):
            log.info("a second launch asked this window to come to the front")
            _trace("raise requested")
            self.raise_requested.emit()
        socket.disconnectFromServer()

    def ask_running_to_raise(self, timeout_ms: int = 3000) -> bool:
        """From a second launch: ask the window holding the lock to come to the front."""
        from PySide6.QtCore import QThread
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        deadline = time.monotonic() + timeout_ms / 1000
        while True:  # the first window may still be starting: its server comes after paint
            socket.connectToServer(self.name)
            if socket.waitForConnected(max(1, int((deadline - time.monotonic()) * 1000))):
                break
            if time.monotonic() >= deadline:
                return False
            QThread.msleep(50)
        socket.write(RAISE_REQUEST)
        done = socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return done

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
