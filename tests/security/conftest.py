"""Local attacks by a second user of the computer: real uids, real links, FIFOs and folders.

The attacker is another uid (``setpriv --reuid``), so these tests run as root (as CI does);
elsewhere they are skipped with the reason, never under ``CI=true``. The attacks do not rely on
``fs.protected_symlinks``/``protected_regular``/``protected_fifos`` being off: they happen in
folders other users may write without the sticky bit, where those settings do not apply.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ATTACKER_UID = 4242
MARKER = "zq7-private-marker-x91"


def _can_switch_users() -> str | None:
    """Why this machine cannot run two-uid tests, or None."""
    if os.name != "posix":
        return "two-uid attacks need a POSIX system"
    if os.geteuid() != 0:
        return "acting as a second user needs root (run as root, as CI does)"
    if shutil.which("setpriv") is None:
        return "setpriv (util-linux) is not installed"
    return None


class Attacker:
    """Another local user: runs shell commands as ``ATTACKER_UID``."""

    uid = ATTACKER_UID

    def run(self, script: str, check: bool = True) -> subprocess.CompletedProcess:
        argv = ["setpriv", f"--reuid={self.uid}", f"--regid={self.uid}", "--clear-groups",
                "sh", "-c", script]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                              env={"PATH": "/usr/bin:/bin", "HOME": "/"})
        if check:
            assert done.returncode == 0, done.stderr
        return done


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A fresh folder the attacker may walk through (0711) but not list: pytest's own base
    folder is private to the user running the tests (and reset to 0700 by each session)."""
    base = Path(tempfile.mkdtemp(prefix="touchstone-security-"))
    base.chmod(0o711)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def attacker() -> Attacker:
    reason = _can_switch_users()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the two-uid tests: {reason}")
        pytest.skip(reason)
    return Attacker()


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A folder every user may write (no sticky bit: protected_* sysctls do not apply)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    return folder


def touchstone(data_dir: Path, *args: str, env: dict[str, str] | None = None,
               stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command line as this test's user."""
    full = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, input=stdin, env=full, timeout=120)


@pytest.fixture
def journal_dir(tmp_path: Path) -> Path:
    """A journal of this user's with one check-in whose note holds ``MARKER``."""
    data = tmp_path / "mine"
    done = touchstone(data, "add", "--skill", "Overall=6", "--note", MARKER)
    assert done.returncode == 0, done.stderr
    return data


@pytest.fixture
def sqlcipher() -> None:
    """SQLCipher present; a skip on a laptop without it, a failure under CI=true."""
    from tests.ci import skip_unless_ci
    from tracker.services import encryption

    if not encryption.available():
        skip_unless_ci("SQLCipher is not installed", "pip install -e '.[test]' installs it")
