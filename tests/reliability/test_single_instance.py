"""One window per data folder, with two real processes: the second launch asks the first to
come to the front and exits 0; a lock left by ``kill -9`` is recovered; the CLI still writes
beside the window, but refuses to restore or erase under it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tracker.ui.single_instance import server_name

pytestmark = pytest.mark.skipif(os.name != "posix", reason="kill -9 and local sockets: POSIX")


def env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", TOUCHSTONE_INSTANCE_TRACE="1")


def tracker(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env(), timeout=60)


class Window:
    """A real Touchstone window in another process; its stderr lines arrive on a queue."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "tracker", "--data-dir", str(data)],
                                     stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                     text=True, env=env())
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.put(line.strip())
        self.lines.put("<eof>")

    def wait_for(self, text: str, timeout: float = 30) -> None:
        while True:
            line = self.lines.get(timeout=timeout)
            assert line != "<eof>", f"window exited before printing {text!r}"
            if line == text:
                return

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        self.proc.stderr.close()


def test_second_launch_raises_the_first_and_a_crashed_lock_is_recovered(tmp_path):
    data = tmp_path / "data"
    assert tracker(data, "add", "--skill", "Overall=6").returncode == 0
    first = Window(data)
    try:
        first.wait_for("instance: listening")
        second = tracker(data)
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == (
            f"Touchstone is already open for {data}; its window was brought to the front.")
        first.wait_for("instance: raise requested")
        # the command line still writes beside the window ...
        assert tracker(data, "add", "--skill", "Overall=7").returncode == 0
        # ... but does not restore or erase under it
        backup = tracker(data, "backup", "-o", str(tmp_path / "copy.db"))
        assert backup.returncode == 0, backup.stderr
        for args, what in ((("restore", str(tmp_path / "copy.db")), "restore"),
                           (("erase-all", "--yes"), "delete the data")):
            refused = tracker(data, *args)
            assert refused.returncode == 2
            assert refused.stderr.strip() == (
                f"touchstone: Touchstone is open on {data} (process {first.proc.pid}). Close "
                f"its window first, then {what}. Nothing was changed.")
        assert (data / "touchstone.db").exists()
        assert (data / "touchstone.lock").stat().st_mode & 0o777 == 0o600
    finally:
        first.kill()
    # the dead window's lock and socket are left behind; the next launch takes over
    assert (data / "touchstone.lock").exists()
    third = tracker(data, "--exit-when-ready")
    assert third.returncode == 0, third.stderr
    assert "instance: listening" in third.stderr.splitlines()
    assert not (data / "touchstone.lock").exists()  # released on a clean exit


def test_server_name_is_short_and_per_folder(tmp_path):
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 12)
    name = server_name(deep)
    assert len(name) < 50 and name.startswith("touchstone-")
    assert name != server_name(tmp_path) and name == server_name(deep)


def test_the_socket_is_private_and_needs_no_qtnetwork(tmp_path):
    code = (
        "import os, stat, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from tracker.ui.single_instance import SingleInstance, socket_path\n"
        "app = QCoreApplication([])\n"
        f"data = Path({str(tmp_path)!r})\n"
        "inst = SingleInstance(data, data / 'lock')\n"
        "assert inst.acquire() and inst.listen()\n"
        "path = socket_path(data)\n"
        "print(oct(path.stat().st_mode & 0o777), oct(path.parent.stat().st_mode & 0o777),\n"
        "      stat.S_ISSOCK(path.stat().st_mode), 'PySide6.QtNetwork' in sys.modules)\n"
        "inst.release()\n"
        "print(path.exists())\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env(),
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["0o600", "0o700", "True", "False", "False"]
