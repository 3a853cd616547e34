"""Item 5 of issue 23: another user creates the single-instance socket folder first."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

from tracker.ui.single_instance import server_name

ASK_THEN_LISTEN = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from tracker.ui.single_instance import SingleInstance, socket_path
app = QCoreApplication([])
data = Path(sys.argv[1])
data.mkdir(mode=0o700, exist_ok=True)
print("asked", SingleInstance(data, data / "lock").ask_running_to_raise(300))
window = SingleInstance(data, data / "lock")
print("listening", window.acquire() and window.listen())
print("folder", socket_path(data).parent)
window.release()
"""


def squatter(path: Path, uid: int) -> tuple[int, int]:
    """A process of the attacker's listening at ``path``; (pid, read end of what it hears)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the attacker: no file access needed (socket is imported already)
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            server.bind(str(path))
            os.chmod(path, 0o777)
            server.listen(2)
            os.write(write_end, b"ready\n")
            conn, _ = server.accept()
            os.write(write_end, b"heard:" + conn.recv(64))
        finally:
            os._exit(0)
    os.close(write_end)
    return pid, read_end


def test_a_socket_folder_made_by_another_user_is_not_used(attacker, tmp_path: Path):
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    shared_tmp.chmod(0o1777)
    folder = shared_tmp / f"touchstone-{os.getuid()}"
    attacker.run(f"mkdir -m 777 '{folder}'")
    data = tmp_path / "data"
    pid, heard = squatter(folder / f"{server_name(data)}.sock", attacker.uid)
    try:
        assert os.read(heard, 6) == b"ready\n"
        env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
        done = subprocess.run([sys.executable, "-c", ASK_THEN_LISTEN, str(data)], text=True,
                              capture_output=True, env=dict(env, TMPDIR=str(shared_tmp),
                                                            QT_QPA_PLATFORM="offscreen"),
                              timeout=60)
        with (socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as last,
              contextlib.suppress(OSError)):  # end the squatter, unless the launch did
            last.connect(str(folder / f"{server_name(data)}.sock"))
    finally:
        os.waitpid(pid, 0)
        received = os.read(heard, 100)
        os.close(heard)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["asked False", "listening True", f"folder {data}"]
    assert received == b"heard:"  # the attacker's socket heard nothing from the launch
