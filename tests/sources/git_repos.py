"""Real git repositories for the git source's tests, built with the ``git`` executable."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path

# The builder's git ignores the machine's and the user's configuration (no signing hooks,
# no templates); the reader under test runs git as it would for the user.
BUILD_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}


def git_time(when: datetime) -> str:
    """git's internal date format ("<epoch> <+hhmm>"), keeping the instant's UTC offset."""
    return f"{int(when.timestamp())} {when.strftime('%z')}"


def run_git(cwd: Path, *args: str, env: dict[str, str] | None = None,
            stdin: bytes | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env or BUILD_ENV, input=stdin,
                          capture_output=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout.decode("utf-8", "replace").strip()


class Repo:
    """A repository in ``path`` with helpers to commit as someone at a given instant."""

    def __init__(self, path: Path, init: bool = True) -> None:
        self.path = path
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: datetime | None = None, email: str = "me@example.org",
            name: str | bytes = "Me") -> str:
        env: dict = dict(BUILD_ENV)
        env.update(GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_EMAIL=email,
                   GIT_COMMITTER_NAME="Committer")
        env["GIT_AUTHOR_NAME"] = name
        if when is not None:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = git_time(when)
        return run_git(self.path, *args, env=env)

    def commit(self, files: dict[str, str | bytes | None], when: datetime,
               email: str = "me@example.org", name: str | bytes = "Me",
               message: str = "work") -> str:
        """Write (or, for None, delete) ``files`` and commit them; the new commit's id."""
        for rel, content in files.items():
            target = self.path / rel
            if content is None:
                self.git("rm", "-q", "--", rel)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
            self.git("add", "--", rel)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when, email=email,
                 name=name)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def lines(n: int, tag: str = "x") -> str:
    """``n`` distinct lines of text."""
    return "".join(f"{tag} {i}\n" for i in range(n))
