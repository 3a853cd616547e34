"""Start-up check, damaged files set aside unchanged, backups, restore, erase, fixture files."""

from __future__ import annotations

import ast
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from tracker.errors import StoreError
from tracker.store import Store, versioning
from tracker.store.backup import (
    backup_database,
    inspect_backup,
    purge_checkin,
)
from tracker.store.engine import connect
from tracker.store.failures import READ_ONLY
from tracker.store.integrity import DamagedJournalError, check_file, quick_check
from tracker.store.restore import restore_database

FIXTURES = Path(__file__).with_name("fixtures")
ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def fill(store: Store, make_checkin, count: int) -> list[str]:
    checkins = [make_checkin(note=f"note {i} " + "n" * 300) for i in range(count)]
    store.import_all([], [], checkins)
    return [c.id for c in checkins]


def overwrite_middle_pages(path: Path, pages: int = 3) -> None:
    data = bytearray(path.read_bytes())
    total = len(data) // 4096
    start = total // 2
    data[start * 4096:(start + pages) * 4096] = b"\x5a" * (pages * 4096)
    path.write_bytes(bytes(data))


# start-up check ----------------------------------------------------------------------------------
def test_damaged_journal_is_set_aside_with_its_wal_unchanged(tmp_path, store, make_checkin):
    fill(store, make_checkin, 150)
    store.close()
    # a process that died with committed pages still in its WAL: copy the files mid-session
    writer = sqlite3.connect(store.path)
    writer.execute("UPDATE checkins SET note = 'only in the wal'")
    writer.commit()
    data_dir = tmp_path / "crashed"
    data_dir.mkdir()
    db, wal = data_dir / "touchstone.db", data_dir / "touchstone.db-wal"
    shutil.copy(store.path, db)
    shutil.copy(store.path.with_name("touchstone.db-wal"), wal)
    writer.close()
    overwrite_middle_pages(db)
    damaged, wal_bytes = db.read_bytes(), wal.read_bytes()
    assert len(wal_bytes) > 4096  # committed pages that must not be replayed into a new file
    with pytest.raises(DamagedJournalError) as caught:
        Store.open(data_dir)
    error = caught.value
    assert str(error).startswith("The journal file is damaged (its integrity check failed).")
    assert str(error.set_aside) in str(error) and "with its -wal and -shm" in str(error)
    moved = error.set_aside
    assert moved.name.startswith("touchstone.db.corrupt-")
    assert moved.read_bytes() == damaged  # never modified
    assert moved.with_name(moved.name + "-wal").read_bytes() == wal_bytes
    assert not db.exists() and not wal.exists()
    with Store.open(data_dir) as fresh:  # starting again begins an empty journal
        assert fresh.count_checkins() == 0
    assert moved.read_bytes() == damaged


def test_quick_check_is_bounded_in_time(store, make_checkin):
    fill(store, make_checkin, 400)
    conn = connect(store.path, read_only=True)
    try:
        assert quick_check(conn, time_limit_s=0.0).ok is None  # gave up: not "damaged"
        assert quick_check(conn, time_limit_s=None).ok is True
    finally:
        conn.close()
    assert check_file(store.path).ok is True


def test_opening_a_sound_journal_changes_nothing_in_it(data_dir, store, make_checkin):
    fill(store, make_checkin, 5)
    store.close()
    before = dump(data_dir / "touchstone.db")
    Store.open(data_dir).close()
    assert dump(data_dir / "touchstone.db") == before


# backups -----------------------------------------------------------------------------------------
@posix_only
def test_backup_api_copy_is_private_verified_and_complete(data_dir, store, make_checkin, tmp_path):
    old = os.umask(0o002)  # would give 0664 files and 0775 folders unless the code prevents it
    try:
        ids = fill(store, make_checkin, 20)
        dest = tmp_path / "new-folder" / "copy.db"
        info = backup_database(store.path, dest)
    finally:
        os.umask(old)
    assert (info.path, info.checkins, info.schema_version) == (dest, 20,
                                                                versioning.SCHEMA_VERSION)
    assert mode(dest) == 0o600 and mode(dest.parent) == 0o700
    assert sorted(os.listdir(dest.parent)) == ["copy.db"]  # one self-contained file
    with sqlite3.connect(dest) as copy:
        assert {r[0] for r in copy.execute("SELECT id FROM checkins")} == set(ids)
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def test_a_copy_that_fails_its_check_is_removed_and_reported(store, make_checkin, tmp_path,
                                                              monkeypatch):
    fill(store, make_checkin, 3)
    from tracker.store import backup as backup_module

    def broken(path: Path):
        raise StoreError("simulated: the copy is damaged")

    monkeypatch.setattr(backup_module, "inspect_backup", broken)
    dest = tmp_path / "b" / "copy.db"
    with pytest.raises(StoreError, match="failed its integrity check and was removed"):
        backup_database(store.path, dest)
    assert not dest.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "missing or empty"),
        (b"id,rating\n1,2\n" * 20, "not a SQLite database"),
        ("foreign", "another program's database"),
        ("newer", "made by a newer Touchstone"),
        ("damaged", "is damaged: its integrity check failed"),
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(data_dir, store, make_checkin, tmp_path,
                                                        content, message):
    fill(store, make_checkin, 3)
    bad = tmp_path / "bad.db"
    if content == "foreign":
        with sqlite3.connect(bad) as raw:
            raw.execute("CREATE TABLE t (x)")
        raw.close()
    elif content == "newer":
        shutil.copy(FIXTURES / "newer.db", bad)
    elif content == "damaged":
        backup_database(store.path, bad)
        overwrite_middle_pages(bad, pages=2)
    else:
        bad.write_bytes(content)
    before = dump(store.path)
    with pytest.raises(StoreError, match=message):
        restore_database(store.path, bad)
    assert dump(store.path) == before


def test_restore_replaces_the_content_atomically_while_the_store_is_open(store, make_checkin,
                                                                          tmp_path):
    kept = fill(store, make_checkin, 4)
    copy = backup_database(store.path, tmp_path / "copy.db").path
    fill(store, make_checkin, 6)
    assert store.count_checkins() == 10
    info, _ = restore_database(store.path, copy)
    assert info.checkins == 4
    # the open store (a running window) sees the restored journal through its own connections
    assert sorted(c.id for c in store.list_checkins()) == sorted(kept)
    assert check_file(store.path, None).ok is True


# schema fixtures ---------------------------------------------------------------------------------
def test_version_1_fixture_is_backed_up_then_migrated(data_dir):
    data_dir.mkdir()
    shutil.copy(FIXTURES / "v1.db", data_dir / "touchstone.db")
    original = (FIXTURES / "v1.db").read_bytes()
    with Store.open(data_dir) as store:
        assert store.schema_version() == versioning.SCHEMA_VERSION
        notes = sorted(c.note for c in store.list_checkins())
        assert notes == ["fixture one", "fixture three", "fixture two"]
    [backup] = (data_dir / "backups").iterdir()
    assert backup.name.startswith(f"touchstone-before-v{versioning.SCHEMA_VERSION}-")
    assert inspect_backup(backup).schema_version == 1
    assert dump(backup) == dump(FIXTURES / "v1.db")
    assert (FIXTURES / "v1.db").read_bytes() == original


def test_newer_fixture_is_refused_byte_for_byte_untouched(data_dir):
    data_dir.mkdir()
    db = data_dir / "touchstone.db"
    shutil.copy(FIXTURES / "newer.db", db)
    with pytest.raises(StoreError, match="made by a newer Touchstone .schema version 99"):
        Store.open(data_dir)
    assert db.read_bytes() == (FIXTURES / "newer.db").read_bytes()
    assert sorted(p.name for p in data_dir.iterdir()) == ["touchstone.db"]


def test_restoring_an_old_backup_upgrades_it(data_dir, tmp_path):
    from tracker.paths import DataPaths
    from tracker.services.backups import Backups

    with Store.open(data_dir) as store:
        assert store.count_checkins() == 0
    result = Backups(DataPaths(data_dir)).restore(FIXTURES / "v1.db")
    assert result.restored.schema_version == 1 and result.safety_copy is not None
    with Store.open(data_dir) as store:
        assert store.schema_version() == versioning.SCHEMA_VERSION
        assert store.count_checkins() == 3


# erase for good ----------------------------------------------------------------------------------
def test_erase_leaves_no_trace_in_the_database_or_its_wal(data_dir, store, make_checkin):
    marker = "ERASE-ME-7f3a9c"
    fill(store, make_checkin, 5)
    store.add_checkin(secret := make_checkin(note=marker * 20, tags=(marker,)))
    files = lambda: b"".join(  # noqa: E731
        p.read_bytes() for p in data_dir.iterdir() if p.name.startswith("touchstone.db"))
    assert marker.encode() in files()
    erased, wiped = store.erase_checkin(secret.id)
    assert erased is not None and erased.id == secret.id and wiped
    assert marker.encode() not in files()
    assert marker.casefold().encode() not in files()  # the tag key too
    assert store.count_checkins() == 5


def test_purge_removes_a_checkin_from_a_backup_file(store, make_checkin, tmp_path):
    marker = "PURGE-ME-41bd"
    fill(store, make_checkin, 5)
    store.add_checkin(secret := make_checkin(note=marker * 10))
    copy = backup_database(store.path, tmp_path / "copy.db").path
    assert marker.encode() in copy.read_bytes()
    assert purge_checkin(copy, secret.id) is True
    assert marker.encode() not in copy.read_bytes()
    assert inspect_backup(copy).checkins == 5
    assert purge_checkin(copy, secret.id) is False


# faults ------------------------------------------------------------------------------------------
def test_read_only_location_gives_the_read_only_message(store, make_checkin):
    """``mode=ro`` connections stand in for a read-only disk (CI runs as root)."""
    from sqlalchemy import create_engine

    fill(store, make_checkin, 1)
    before = dump(store.path)
    engine = create_engine("sqlite+pysqlite://",
                           creator=lambda: connect(store.path, read_only=True))
    read_only = Store(store.path, engine, connect(store.path, read_only=True))
    try:
        with pytest.raises(StoreError) as caught:
            read_only.add_checkin(make_checkin())
        assert str(caught.value) == READ_ONLY
        assert read_only.count_checkins() == 1  # reading still works
    finally:
        read_only.close()
    assert dump(store.path) == before


# one connection factory --------------------------------------------------------------------------
def test_the_store_reaches_sqlite_only_through_connect():
    calls = []
    for path in (ROOT / "tracker").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.func if isinstance(node, ast.Call) else None
            where = path.relative_to(ROOT).as_posix()
            if isinstance(name, ast.Attribute) and name.attr == "connect" and isinstance(
                    name.value, ast.Name) and name.value.id in ("sqlite3", "module"):
                calls.append(f"{where} {name.value.id}.connect")  # module: sqlite3 or SQLCipher
            if isinstance(name, ast.Name) and name.id == "create_engine":
                calls.append(f"{where} create_engine")
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n.startswith("sqlcipher3") for n in names):
                    calls.append(f"{where} imports sqlcipher3")
    # besides the journal's own: the Anki source opens the user's Anki collection read-only and
    # its temporary copy (plain SQLite files of Anki's, not the journal; no store import there)
    assert sorted(calls) == ["tracker/sources/anki.py sqlite3.connect",
                             "tracker/sources/anki.py sqlite3.connect",
                             "tracker/store/cipher.py imports sqlcipher3",
                             "tracker/store/connection.py module.connect",
                             "tracker/store/engine.py create_engine"]
