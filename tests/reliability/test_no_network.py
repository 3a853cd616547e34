"""A full session opens no internet socket: checked at the system-call level (strace sees Qt's
C++ sockets too) and by running with no network at all (``unshare -n``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import in_ci, skip_unless_ci

STRACE = shutil.which("strace")
UNSHARE = shutil.which("unshare")
IN_CI = in_ci()


def session_commands(data: Path, tmp: Path) -> list[list[str]]:
    base = [sys.executable, "-m", "tracker", "--data-dir", str(data)]
    return [
        [*base, "add", "--skill", "Overall=7", "--mood", "6", "--note", "private"],
        [*base, "--exit-when-ready"],
        [*base, "report", "--json"],
        [*base, "export", "--format", "json", "-o", str(tmp / "out.json")],
        [*base, "screenshot", "-o", str(tmp / "shots")],
    ]


def env() -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")


@pytest.mark.skipif(STRACE is None and not IN_CI, reason="strace not installed")
def test_no_inet_socket_under_strace(tmp_path):
    assert STRACE, "CI installs strace"
    for i, cmd in enumerate(session_commands(tmp_path / "data", tmp_path)):
        log = tmp_path / f"strace-{i}.log"
        r = subprocess.run([STRACE, "-f", "-qq", "-e", "trace=socket", "-o", str(log), *cmd],
                           capture_output=True, text=True, env=env(), timeout=180)
        assert r.returncode == 0, (cmd, r.stderr[-2000:])
        calls = log.read_text()
        assert "socket(" in calls or calls == "" or "AF_UNIX" in calls
        assert "AF_INET" not in calls, (cmd, calls)  # also matches AF_INET6


@pytest.mark.skipif(UNSHARE is None and not IN_CI, reason="unshare not available")
def test_everything_works_without_a_network(tmp_path):
    probe = subprocess.run([UNSHARE or "unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        skip_unless_ci("unshare -n needs root or user namespaces",
                       "the CI machine must allow a network namespace (run as root)")
    for cmd in session_commands(tmp_path / "data", tmp_path):
        r = subprocess.run([UNSHARE, "-n", *cmd], capture_output=True, text=True, env=env(),
                           timeout=180)
        assert r.returncode == 0, (cmd, r.stderr[-2000:])
    assert (tmp_path / "out.json").stat().st_size > 0
