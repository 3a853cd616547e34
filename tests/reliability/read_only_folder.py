"""Make a data folder read-only for real, the strongest way this machine allows: a read-only
bind mount in a private mount namespace (root, ``unshare``), else the immutable attribute
(``chattr +i``), else a user without write permission (``setpriv`` to nobody, or the test's
own non-root user after ``chmod``). ``method`` says which ran."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


class ReadOnlyFolder:
    """Runs the real command line on ``folder`` while it is read-only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.method = self._choose()

    def _choose(self) -> str:
        root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
        if root and shutil.which("unshare") and shutil.which("mount"):
            probe = f"mount --bind {self._q} {self._q} && mount -o remount,bind,ro {self._q}"
            if _works(["unshare", "-m", "sh", "-c", probe]):
                return "read-only bind mount (unshare -m)"
        if root and shutil.which("chattr") and _works(["chattr", "+i", str(self.folder)]):
            _works(["chattr", "-i", str(self.folder)])
            return "immutable folder (chattr +i)"
        if not root:
            return "no write permission (chmod 555, non-root user)"
        reason = "no unshare/mount, chattr or non-root user to make a folder read-only"
        if os.environ.get("CI") == "true" and (shutil.which("unshare") or shutil.which("chattr")):
            pytest.fail(f"CI: a read-only folder could not be made although the tools exist "
                        f"({reason})")
        pytest.skip(reason)

    @property
    def _q(self) -> str:
        return shlex.quote(str(self.folder))

    @contextlib.contextmanager
    def held(self):
        """The folder read-only for in-process use (chattr or chmod; not the mount)."""
        if self.method.startswith("read-only bind mount"):
            if shutil.which("chattr") and _works(["chattr", "+i", str(self.folder)]):
                self.method = "immutable folder (chattr +i)"
                try:
                    yield
                finally:
                    _works(["chattr", "-i", str(self.folder)])
                return
            pytest.skip("no way to make the folder read-only for this process")
        if self.method.startswith("immutable"):
            subprocess.run(["chattr", "+i", str(self.folder)], check=True)
            try:
                yield
            finally:
                subprocess.run(["chattr", "-i", str(self.folder)], check=True)
        else:
            os.chmod(self.folder, 0o555)
            try:
                yield
            finally:
                os.chmod(self.folder, 0o700)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """``touchstone --data-dir FOLDER ARGS`` in a process that sees the folder read-only."""
        return self.run_python("-m", "tracker", "--data-dir", str(self.folder), *args)

    def run_python(self, *args: str) -> subprocess.CompletedProcess:
        """``python ARGS`` in a process that sees the folder read-only."""
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        command = [sys.executable, *args]
        if self.method.startswith("read-only bind mount"):
            script = (f"mount --bind {self._q} {self._q} && "
                      f"mount -o remount,bind,ro {self._q} && exec {shlex.join(command)}")
            command = ["unshare", "-m", "sh", "-c", script]
            return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        with self.held():
            return subprocess.run(command, capture_output=True, text=True, env=env,
                                  timeout=120)
