"""In a terminal, the passphrase is asked for without echo (a real pseudo-terminal)."""

from __future__ import annotations

import fcntl
import os
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.encryption.conftest import MARKER

pytestmark = pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals are POSIX")
SECRET = "typed-secret-passphrase"


def run_in_terminal(args: list[str], typed: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as its controlling terminal; type each line when
    the output so far ends with a prompt (``: ``)."""
    leader, follower = os.openpty()

    def make_controlling() -> None:
        os.setsid()
        fcntl.ioctl(follower, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen([sys.executable, "-m", "tracker", *args], stdin=follower,
                            stdout=follower, stderr=follower, env=env,
                            preexec_fn=make_controlling, close_fds=True)
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break  # the child closed the terminal
            if not chunk:
                break
            output += chunk
            if typed and output.rstrip(b" ").endswith(b":"):
                os.write(leader, typed.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(leader)
    return proc.returncode, output.decode("utf-8", "replace")


def test_passphrases_are_asked_without_echo(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    base = ["--data-dir", str(data_dir)]
    assert subprocess.run([sys.executable, "-m", "tracker", *base, "add", "--skill",
                           "Overall=6", "--note", MARKER], env=env,
                          capture_output=True).returncode == 0
    code, out = run_in_terminal([*base, "encrypt"], [SECRET, SECRET], env)
    assert code == 0, out
    assert "there is no reset and no recovery" in out
    assert "New passphrase (at least 8 characters):" in out
    assert "The journal is now encrypted." in out and SECRET not in out
    code, out = run_in_terminal([*base, "list"], [SECRET], env)
    assert code == 0, out
    assert "Passphrase for the journal:" in out and MARKER in out
    assert SECRET not in out  # never echoed
