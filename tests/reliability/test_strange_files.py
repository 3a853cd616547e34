"""Files that are not what they seem, met by the real command line (issue 14): a journal that
is a FIFO, a data folder that is a dangling link, a zero-length journal beside backups, and a
stray ``-wal`` (a diverged copy's, another program's) beside the journal."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def run(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def one_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("touchstone: "), result.stderr
    return lines[0]


# --- item 7: a journal path that is not a regular file ---------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_as_journal_is_refused_in_one_line_and_nothing_hangs(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "touchstone.db")
    for command in (["list"], ["add", "--skill", "Overall=5"], ["export", "--format", "json"]):
        # before the fix `list` blocked in open() until killed: the timeout makes that a failure
        result = run(data, *command, timeout=20)
        assert result.returncode == 2, result.stderr
        line = one_line(result)
        assert "named pipe" in line and str(data / "touchstone.db") in line
    assert (data / "touchstone.db").is_fifo()  # left as it was


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_or_device_as_journal_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(data / "touchstone.db"))
        result = run(data, "list", timeout=20)
    finally:
        server.close()
    assert result.returncode == 2 and "socket" in one_line(result)
    (data / "touchstone.db").unlink()
    (data / "touchstone.db").symlink_to("/dev/zero")
    result = run(data, "list", timeout=20)
    assert result.returncode == 2 and "device" in one_line(result)


# --- item 9: a dangling symlink as data folder ------------------------------------------------
def test_a_dangling_link_as_data_folder_says_where_it_points(tmp_path):
    link = tmp_path / "data"
    link.symlink_to(tmp_path / "unplugged" / "Touchstone")
    result = run(link, "list")
    assert result.returncode == 2
    line = one_line(result)
    assert "File exists" not in line
    assert "link" in line and str(tmp_path / "unplugged" / "Touchstone") in line
    assert "does not exist" in line
    assert not (tmp_path / "unplugged").exists()  # nothing created behind the link
