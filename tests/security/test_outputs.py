"""Item 1 of issue 23: export and report write only where the user said, and only for them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.security.conftest import MARKER, touchstone

COMMANDS = {"export": ["export", "--format", "csv", "-o"], "report": ["report", "-o"]}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("sticky", [False, True], ids=["shared", "sticky"])
def test_a_planted_temp_file_receives_nothing(attacker, shared, journal_dir, command, sticky):
    """The attacker creates, as their own 0666 file, the name the old writer used for its
    temp file (``.NAME.tmp``): they must never get the content."""
    if sticky:
        shared.chmod(0o1777)
    target = shared / "out.txt"
    attacker.run(f"umask 0; : > '{shared}/.out.txt.tmp'")
    done = touchstone(journal_dir, *COMMANDS[command], str(target))
    assert done.returncode == 0, done.stderr
    planted = attacker.run(f"cat '{shared}/.out.txt.tmp'").stdout
    assert MARKER not in planted if command == "export" else planted == ""
    info = target.lstat()
    assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (os.getuid(), 0o600)
    assert attacker.run(f"cat '{target}'", check=False).returncode != 0  # not theirs to read
    assert command == "report" or MARKER in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["temp-name", "output-name"])
def test_a_planted_link_never_redirects_the_write(attacker, shared, journal_dir, tmp_path, where):
    """A link to a file of the victim's (their ~/.bashrc) at the temp name or the output name:
    the file it points to is never written."""
    bashrc = tmp_path / "bashrc"
    bashrc.write_text("alias ll='ls -l'\n")
    link = shared / (".out.txt.tmp" if where == "temp-name" else "out.txt")
    attacker.run(f"ln -s '{bashrc}' '{link}'")
    done = touchstone(journal_dir, "report", "-o", str(shared / "out.txt"))
    assert bashrc.read_text() == "alias ll='ls -l'\n"
    if where == "output-name":
        assert (done.returncode, done.stderr) == (2, (
            f"touchstone: {link} is a symbolic link: name the file itself, or remove the link "
            "first. Nothing was written.\n"))
        assert link.is_symlink()
    else:
        assert done.returncode == 0, done.stderr


def test_a_fifo_at_the_output_name_is_refused_and_receives_nothing(attacker, shared,
                                                                    journal_dir):
    fifo = shared / "export.csv"
    attacker.run(f"mkfifo -m 666 '{fifo}'")
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the attacker, waiting to read
    try:
        done = touchstone(journal_dir, "export", "--format", "csv", "-o", str(fifo))
        try:
            received = os.read(reader, 1 << 20)
        except BlockingIOError:
            received = b""
    finally:
        os.close(reader)
    assert received == b""
    assert (done.returncode, done.stderr.startswith(
        f"touchstone: {fifo} is not a regular file (a pipe or a device): use -o - to write to "
        f"standard output, e.g. -o - > {fifo}.")) == (2, True), done.stderr


def test_dash_writes_to_standard_output(journal_dir):
    done = touchstone(journal_dir, "export", "--format", "json", "-o", "-")
    assert done.returncode == 0 and MARKER in done.stdout


def test_an_existing_file_is_replaced_whole_and_made_private(journal_dir, tmp_path: Path):
    target = tmp_path / "old.csv"
    target.write_text("old content " * 1000)
    target.chmod(0o644)
    assert touchstone(journal_dir, "export", "--format", "csv", "-o", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "old content" not in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
