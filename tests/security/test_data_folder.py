"""Item 2 of issue 23: a data folder or journal another user planted is refused, never adopted;
what Touchstone keeps is the user's and 0600."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.security.conftest import MARKER, touchstone


def add_marker(data: Path):
    return touchstone(data, "add", "--skill", "Overall=6", "--note", MARKER)


def planted_journal(attacker, folder: Path) -> Path:
    """The attacker's own journal (0666) in ``folder``: made by Touchstone in a scratch folder
    (as this test's user), then copied there by the attacker."""
    scratch = folder.parent / "scratch"
    assert touchstone(scratch, "list").returncode == 0
    (scratch / "touchstone.db").chmod(0o644)
    scratch.chmod(0o755)
    attacker.run(f"umask 0; cp '{scratch}/touchstone.db' '{folder}/touchstone.db'; "
                 f"chmod 666 '{folder}/touchstone.db'")
    return folder / "touchstone.db"


def holds_marker(db: Path) -> bool:
    with sqlite3.connect(db) as con:
        return MARKER in str(con.execute("SELECT * FROM checkins").fetchall())


def test_a_folder_and_journal_of_another_user_are_refused(attacker, shared: Path):
    folder = shared / "journal"
    attacker.run(f"mkdir -m 777 '{folder}'")
    db = planted_journal(attacker, folder)
    done = add_marker(folder)
    assert (done.returncode, done.stderr) == (2, (
        f"touchstone: The data folder {folder} belongs to another user (uid {attacker.uid}): "
        "Touchstone keeps your journal only in a folder of your own. Nothing was opened.\n"))
    assert not holds_marker(db)


def test_a_folder_of_mine_others_may_write_is_refused(attacker, tmp_path: Path):
    folder = tmp_path / "group-shared"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")  # not only Touchstone's: its mode is left alone
    folder.chmod(0o777)
    db = planted_journal(attacker, folder)
    done = add_marker(folder)
    assert (done.returncode, done.stderr) == (2, (
        f"touchstone: The data folder {folder} can be written by other users (mode 0777): they "
        f"could replace or read your journal. Make it yours only (chmod 700 {folder}) or choose "
        "another folder. Nothing was opened.\n"))
    assert not holds_marker(db)


@pytest.mark.parametrize("name", ["touchstone.db", "settings.json", "keys.json"])
def test_a_file_of_another_user_in_my_folder_is_refused(attacker, tmp_path: Path, name):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    (folder / "notes.txt").write_text("mine")
    folder.chmod(0o777)  # it was open once: the attacker planted the file then
    if name == "touchstone.db":
        db = planted_journal(attacker, folder)
    else:
        attacker.run(f"umask 0; echo '{{}}' > '{folder}/{name}'")
    folder.chmod(0o755)  # now closed again
    done = add_marker(folder)
    assert (done.returncode, done.stderr) == (2, (
        f"touchstone: {folder / name} belongs to another user (uid {attacker.uid}): Touchstone "
        "did not write it and will not use it. Move it away, or choose another data folder. "
        "Nothing was opened.\n"))
    if name == "touchstone.db":
        assert not holds_marker(db)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_my_own_files_with_loose_modes_are_made_private(journal_dir: Path):
    (journal_dir / "notes.txt").write_text("mine")  # the folder's own mode is left alone
    journal_dir.chmod(0o755)
    for name in ("touchstone.db", "settings.json"):
        if not (journal_dir / name).exists():
            (journal_dir / name).write_text("{}")
        (journal_dir / name).chmod(0o644)
    (journal_dir / "backups").mkdir(exist_ok=True)
    (journal_dir / "backups").chmod(0o755)
    done = touchstone(journal_dir, "list")
    assert done.returncode == 0 and MARKER in done.stdout, done.stderr
    modes = {name: stat.S_IMODE((journal_dir / name).stat().st_mode)
             for name in ("touchstone.db", "settings.json", "backups", "notes.txt", ".")}
    assert modes == {"touchstone.db": 0o600, "settings.json": 0o600, "backups": 0o700,
                     "notes.txt": 0o644, ".": 0o755}
