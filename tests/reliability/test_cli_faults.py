"""The real command line against real faults: a damaged journal, a bad backup, a file-size
limit (a full disk in a child process), backups and restores, erase-all, file modes, logs."""

from __future__ import annotations

import os
import resource
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes and rlimits are POSIX")


def run(data: Path, *args: str, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120, preexec_fn=preexec,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def dump(path: Path) -> list[str]:
    """The database's content as SQL (its closing leaves no -wal/-shm behind)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def seed(data: Path, count: int, note: str = "x") -> None:
    from tracker.services.journal import Journal

    journal = Journal.open(data)
    try:
        skill = journal.add_skill("Overall").ids[0]
        checkins = [dict(ratings={skill: 1 + i % 10}, values={"mood": 5}, note=f"{note} {i}")
                    for i in range(count)]
        for c in checkins:
            journal.record(**c)
    finally:
        journal.close()


def test_damaged_journal_exits_2_naming_the_backup_and_restore_brings_it_back(data_dir):
    seed(data_dir, 120, "n" * 200)
    made = run(data_dir, "backup")
    assert made.returncode == 0, made.stderr
    [backup] = (data_dir / "backups").iterdir()
    assert made.stdout.strip() == f"Backed up 120 check-ins to {backup}."
    db = data_dir / "touchstone.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096:(middle + 3) * 4096] = b"\x5a" * (3 * 4096)
    db.write_bytes(bytes(data))

    r = run(data_dir, "list")
    assert r.returncode == 2 and r.stdout == ""
    [moved] = data_dir.glob("touchstone.db.corrupt-*[0-9]")
    assert r.stderr.strip() == (
        f"touchstone: The journal file is damaged (its integrity check failed). It was moved "
        f"aside, unchanged, to {moved} (with its -wal and -shm files). The newest good backup "
        f"is {backup} (120 check-ins): restore it with `touchstone restore {backup}`.")
    assert moved.read_bytes() == bytes(data)

    restored = run(data_dir, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[0] == f"Restored 120 check-ins from {backup}."
    listed = run(data_dir, "list")
    assert listed.returncode == 0 and listed.stdout.splitlines()[-1] == "120 check-ins"


def test_restore_refuses_a_bad_file_with_nothing_changed(data_dir, tmp_path):
    seed(data_dir, 3)
    assert run(data_dir, "list").returncode == 0  # logs/ exists from here on
    before = dump(data_dir / "touchstone.db")
    files_before = sorted(p.name for p in data_dir.rglob("*"))
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a backup\n" * 10)
    r = run(data_dir, "restore", str(bad))
    assert r.returncode == 2
    assert r.stderr.strip() == (f"touchstone: {bad} is not a Touchstone backup (not a SQLite "
                                "database). Nothing was changed.")
    assert sorted(p.name for p in data_dir.rglob("*")) == files_before
    assert dump(data_dir / "touchstone.db") == before
    missing = run(data_dir, "restore", str(tmp_path / "nope.db"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"touchstone: {tmp_path / 'nope.db'} is not a file. " \
                                     "Nothing was changed."


def test_restore_keeps_the_current_journal_as_a_backup(data_dir, tmp_path):
    seed(data_dir, 2)
    assert run(data_dir, "backup", "-o", str(tmp_path / "two.db")).returncode == 0
    assert run(data_dir, "add", "--skill", "Overall=9", "--note", "third").returncode == 0
    r = run(data_dir, "restore", str(tmp_path / "two.db"))
    assert r.returncode == 0, r.stderr
    safety = Path(r.stdout.splitlines()[1].removeprefix(
        "The journal as it was before is kept in ").removesuffix("."))
    assert safety.parent == data_dir / "backups" and "before-restore" in safety.name
    with sqlite3.connect(safety) as copy:
        assert copy.execute("SELECT count(*) FROM checkins").fetchone()[0] == 3
    copy.close()
    assert run(data_dir, "list").stdout.splitlines()[-1] == "2 check-ins"


def test_backup_refuses_to_overwrite(data_dir, tmp_path):
    seed(data_dir, 1)
    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    r = run(data_dir, "backup", "-o", str(taken))
    assert r.returncode == 2
    assert r.stderr.strip() == (f"touchstone: {taken} already exists; choose a new file name. "
                                "Nothing was written.")
    assert taken.read_text() == "mine"


@posix_only
def test_backup_never_writes_through_a_symbolic_link(data_dir, tmp_path):
    from tracker.errors import StoreError
    from tracker.paths import DataPaths
    from tracker.services.backups import Backups

    seed(data_dir, 1)
    shared = tmp_path / "shared"  # a folder someone else can read
    shared.mkdir(mode=0o755)
    link = tmp_path / "backup.db"
    link.symlink_to(shared / "loot.db")  # dangling: the target does not exist yet
    r = run(data_dir, "backup", "-o", str(link))
    assert r.returncode == 2
    assert r.stderr.strip() == (
        f"touchstone: {link} is a symbolic link; Touchstone does not write a backup through a "
        "link. Name a new file. Nothing was written.")
    # below the command's check too: the copy is linked into place, never opened through dest
    with pytest.raises(StoreError, match="already exists"):
        Backups(DataPaths(data_dir)).back_up(dest=link)
    assert not (shared / "loot.db").exists() and link.is_symlink()
    assert list(shared.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "backup.db", "data", "shared"]


@posix_only
def test_backup_o_leaves_the_folder_the_user_named_as_it_was(data_dir, tmp_path):
    seed(data_dir, 2)
    folder = tmp_path / "usb"
    folder.mkdir()
    folder.chmod(0o755)
    r = run(data_dir, "backup", "-o", str(folder / "journal.db"))
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "journal.db").stat().st_mode) == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["journal.db"]


@posix_only
def test_file_size_limit_in_a_child_is_a_clear_error_and_nothing_half_written(data_dir,
                                                                               tmp_path):
    from tracker.services import transfer
    from tracker.services.journal import Journal

    big = Journal.open(tmp_path / "big")  # an export with ~1 MB of notes to import
    skill = big.add_skill("Overall").ids[0]
    for i in range(120):
        big.record(ratings={skill: 5}, note=f"{i} " + "z" * 8000)
    transfer.export_to(big, tmp_path / "big.csv", "csv")
    big.close()
    seed(data_dir, 2)
    run(data_dir, "backup")  # today's backup exists: the import below makes no other file
    db = data_dir / "touchstone.db"
    before = dump(db)
    limit = db.stat().st_size + 65536  # room for the -shm index, not for the imported notes

    def small_files() -> None:  # the child may not grow any file past ``limit``
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = run(data_dir, "import", str(tmp_path / "big.csv"), preexec=small_files)
    assert r.returncode == 2
    assert r.stderr.strip() == (  # the kernel's EFBIG reaches SQLite as a refused write
        "touchstone: The journal could not be written: the disk may be full (or a file-size "
        "limit reached) or failing. Nothing was saved. Free some space and try again.")
    assert dump(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert run(data_dir, "import", str(tmp_path / "big.csv")).returncode == 0


@posix_only
def test_every_file_is_private_after_a_session(data_dir, tmp_path):
    old = os.umask(0o022)
    try:
        seed(data_dir, 2)
        for args in (("add", "--skill", "Overall=4", "--note", "hi"), ("backup",),
                     ("export", "--format", "csv", "-o", str(tmp_path / "out.csv")),
                     ("report", "--json", "-o", str(tmp_path / "report.json"))):
            assert run(data_dir, *args).returncode == 0
        from tracker.settings import Settings

        settings = Settings.load(data_dir / "settings.json")
        settings.save()
    finally:
        os.umask(old)
    modes = {p.relative_to(tmp_path).as_posix(): stat.S_IMODE(p.stat().st_mode)
             for p in [data_dir, *data_dir.rglob("*"), tmp_path / "out.csv",
                       tmp_path / "report.json"]}
    assert [name for name in modes if "backups/touchstone-" in name]
    wrong = {name: oct(m) for name, m in modes.items()
             if m != (0o700 if (tmp_path / name).is_dir() else 0o600)}
    assert wrong == {}


def test_erase_all_needs_yes_then_deletes_everything(data_dir, tmp_path):
    seed(data_dir, 2)
    elsewhere = tmp_path / "synced"
    elsewhere.mkdir()
    (elsewhere / "holiday.jpg").write_bytes(b"not ours")
    from tracker.settings import Settings

    settings = Settings.load(data_dir / "settings.json")
    settings.backup_dir = str(elsewhere)
    settings.save()
    assert run(data_dir, "backup").returncode == 0
    (data_dir / "draft.json").write_text("{}")
    asked = run(data_dir, "erase-all")
    assert asked.returncode == 2
    assert asked.stderr.strip() == (
        f"touchstone: This deletes, for good, the journal, every backup, the logs, the "
        f"settings and the draft in {data_dir}, the key remembered in the system keyring and "
        "the start-at-login entry. To do it, run: touchstone erase-all --yes")
    assert (data_dir / "touchstone.db").exists()
    done = run(data_dir, "erase-all", "--yes")
    assert done.returncode == 0, done.stderr
    assert not data_dir.exists()
    assert [p.name for p in elsewhere.iterdir()] == ["holiday.jpg"]  # only ours went
