"""The database file: pragmas, permissions, versions, refusals, backups before migrations."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event

from tracker.errors import StoreError
from tracker.folder_safety import UnsafeDataFolder
from tracker.store import Store, migrations, versioning
from tracker.store.engine import APPLICATION_ID
from tracker.store.measured_tables import PROBES  # noqa: F401 - registers the measured tables
from tracker.store.reality_tables import EVALUATIONS  # noqa: F401 - registers the reality tables
from tracker.store.tables import Base

ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A umask that would make new files group-writable unless the code prevents it."""
    old = os.umask(0o002)
    yield
    os.umask(old)


def test_pragmas_are_in_effect_on_engine_connections(store):
    assert store.engine.hide_parameters  # an error message can never carry a note or a rating
    with store.engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


def test_writes_take_the_write_lock_up_front_reads_do_not(store, make_checkin):
    statements: list[str] = []

    def trace(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    event.listen(store.engine, "connect", trace)
    store.engine.dispose()
    store.add_checkin(make_checkin())
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT"
    store.add_checkin(make_checkin())
    store.add_checkin(make_checkin())
    statements.clear()
    store.list_checkins()
    assert statements[0] == "BEGIN" and statements[-1] == "COMMIT"
    assert len(statements) == 6  # BEGIN, four selects, COMMIT: no query per check-in


def test_busy_timeout_is_configurable(data_dir):
    with Store.open(data_dir, busy_timeout_ms=250) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 250


def test_version_and_application_id_are_set(store):
    with sqlite3.connect(store.path) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == versioning.SCHEMA_VERSION
        assert raw.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


@posix_only
def test_files_are_private(data_dir, loose_umask, make_checkin):
    # make_checkin's store fixture already opened the journal under the loose umask
    db = data_dir / "touchstone.db"
    wal, shm = db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")
    with Store.open(data_dir) as store:
        store.add_checkin(make_checkin())
        assert wal.exists() and shm.exists()
        assert mode(data_dir) == 0o700
        assert {p.name: mode(p) for p in (db, wal, shm)} == {
            "touchstone.db": 0o600, "touchstone.db-wal": 0o600, "touchstone.db-shm": 0o600}


def test_schema_built_by_migrations_matches_the_models(store, tmp_path):
    reference = tmp_path / "reference.db"
    engine = create_engine(f"sqlite:///{reference}")
    Base.metadata.create_all(engine)
    engine.dispose()

    def describe(path: Path) -> dict[str, object]:
        with sqlite3.connect(path) as raw:
            tables = [r[0] for r in raw.execute(
                "SELECT name FROM sqlite_schema WHERE type='table' ORDER BY name")]
            out: dict[str, object] = {}
            for t in tables:
                indexes = {
                    r[1]: [c[2] for c in raw.execute(f"PRAGMA index_info({r[1]})")]
                    for r in raw.execute(f"PRAGMA index_list({t})") if r[3] == "c"
                }
                sql = raw.execute("SELECT sql FROM sqlite_schema WHERE name=?", (t,)).fetchone()
                out[t] = (
                    raw.execute(f"PRAGMA table_xinfo({t})").fetchall(),
                    sorted(r[2:5] + r[5:7] for r in raw.execute(f"PRAGMA foreign_key_list({t})")),
                    indexes,
                    "WITHOUT ROWID" in sql[0].upper(),
                    sorted(re.findall(r"CONSTRAINT (\w+) CHECK", sql[0])),
                )
            return out

    assert describe(store.path) == describe(reference)


# refusals ----------------------------------------------------------------------------------------
def _raw_database(path: Path, *, user_version: int, application_id: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as raw:  # rollback journal: opening with WAL would change bytes
        raw.execute("CREATE TABLE t (x)")
        raw.execute("INSERT INTO t VALUES ('precious')")
        raw.execute(f"PRAGMA user_version = {user_version}")
        raw.execute(f"PRAGMA application_id = {application_id}")
    raw.close()


def test_newer_database_is_refused_untouched(data_dir):
    db = data_dir / "touchstone.db"
    _raw_database(db, user_version=versioning.SCHEMA_VERSION + 1, application_id=APPLICATION_ID)
    before, mtime = snapshot(data_dir), db.stat().st_mtime_ns
    with pytest.raises(StoreError) as caught:
        Store.open(data_dir)
    assert "made by a newer Touchstone" in str(caught.value)
    assert "left untouched" in str(caught.value)
    assert snapshot(data_dir) == before  # same bytes, and no -wal/-shm created
    assert db.stat().st_mtime_ns == mtime


def test_file_that_is_not_a_database_is_refused_untouched(data_dir):
    data_dir.mkdir()
    db = data_dir / "touchstone.db"
    db.write_text("name,rating\nme,10\n" * 20)
    before = snapshot(data_dir)
    with pytest.raises(StoreError, match="is not a Touchstone journal: it is not a SQLite"):
        Store.open(data_dir)
    assert snapshot(data_dir) == before


def test_database_of_another_program_is_refused_untouched(data_dir):
    db = data_dir / "touchstone.db"
    _raw_database(db, user_version=0, application_id=0)
    before = snapshot(data_dir)
    with pytest.raises(StoreError, match="SQLite database of another program"):
        Store.open(data_dir)
    assert snapshot(data_dir) == before


def test_damaged_database_gives_a_clear_error(data_dir, make_checkin, store):
    store.add_checkin(make_checkin())
    store.close()
    db = data_dir / "touchstone.db"
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # scramble page 1 (the schema), keep the header
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="The journal file is damaged"):
        Store.open(data_dir).list_checkins()


@posix_only
def test_a_shared_data_folder_keeps_its_mode_and_the_journal_is_still_private(tmp_path):
    """``--data-dir ~`` must not make that folder 0700; the files are 0600 anyway. A folder
    other users may write (``/tmp``) is refused: they could plant or replace the journal."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "someone-elses.txt").write_text("not Touchstone's")
    shared.chmod(0o755)
    with Store.open(shared):
        pass
    assert mode(shared) == 0o755
    assert mode(shared / "touchstone.db") == 0o600
    shared.chmod(0o1777)
    with pytest.raises(UnsafeDataFolder, match="can be written by other users"):
        Store.open(shared)
    assert mode(shared) == 0o1777


@posix_only
def test_a_folder_holding_only_touchstone_files_is_made_private(tmp_path):
    folder = tmp_path / "mine"
    with Store.open(folder):  # created 0700
        pass
    assert mode(folder) == 0o700
    folder.chmod(0o755)  # e.g. copied to a new computer
    (folder / "settings.json").write_text("{}")
    with Store.open(folder):
        pass
    assert mode(folder) == 0o700


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists /proc/self/fd")
def test_header_reads_under_open_connections_close_no_descriptor_until_the_last_one(tmp_path):
    """Closing a descriptor of the file would drop SQLite's POSIX locks: while connections are
    open, header reads go through one spare descriptor, closed after the last connection."""
    import gc

    from tracker.store import header
    from tracker.store.connection import connect

    db = tmp_path / "journal.db"

    def descriptors() -> int:
        return sum(1 for fd in Path("/proc/self/fd").iterdir()
                   if fd.is_symlink() and fd.resolve(strict=False) == db)

    first, second = connect(db), connect(db)
    first.execute("CREATE TABLE t (x)")
    assert header.read_header(db) is not None
    held = descriptors()  # each connection's own, and the one spare
    for _ in range(3):
        assert header.read_header(db) is not None and not header.is_encrypted(db)
        assert header.file_salt(db) is None
    assert descriptors() == held  # nothing opened (or closed) per read
    first.close()  # SQLite itself defers closing its descriptor while the second is open
    assert header._open_inodes and descriptors() <= held
    del second  # never closed: released once collected, by the next registry call
    gc.collect()
    assert header.read_header(db) is not None
    assert descriptors() == 0 and header._open_inodes == {}


def test_data_folder_that_is_a_file_gives_a_clear_error(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="data folder .* cannot be created"):
        Store.open(blocker)


# migrations and backups --------------------------------------------------------------------------
def _add_migration(monkeypatch: pytest.MonkeyPatch, step: migrations.Migration) -> None:
    monkeypatch.setattr(versioning, "SCHEMA_VERSION", versioning.SCHEMA_VERSION + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])


def _next_adds_a_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE later (id TEXT PRIMARY KEY)")


def test_new_database_needs_no_backup(store, data_dir):
    assert not (data_dir / "backups").exists()


@posix_only
def test_migration_backs_up_first_with_the_backup_api(
    data_dir, make_checkin, store, monkeypatch, loose_umask
):
    store.add_checkin(first := make_checkin())
    # another connection keeps the WAL from being checkpointed into the main file: a plain
    # file copy would miss the second check-in, a backup-API copy has it
    holder = sqlite3.connect(store.path)
    holder.execute("SELECT count(*) FROM checkins").fetchone()
    store.add_checkin(second := make_checkin())
    store.close()
    with sqlite3.connect(f"file:{store.path}?mode=ro&immutable=1", uri=True) as main_only:
        assert main_only.execute("SELECT count(*) FROM checkins").fetchone()[0] < 2

    current = versioning.SCHEMA_VERSION
    _add_migration(monkeypatch, _next_adds_a_table)
    with Store.open(data_dir) as migrated:
        assert migrated.schema_version() == current + 1
        assert {c.id for c in migrated.list_checkins()} == {first.id, second.id}
    holder.close()

    [backup] = list((data_dir / "backups").iterdir())
    assert re.fullmatch(rf"touchstone-before-v{current + 1}-\d{{8}}T\d{{6}}\.db", backup.name)
    assert mode(backup) == 0o600 and mode(data_dir / "backups") == 0o700
    with sqlite3.connect(backup) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == current
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {r[0] for r in copy.execute("SELECT id FROM checkins")}
        assert ids == {first.id, second.id}
        assert not copy.execute("SELECT 1 FROM sqlite_schema WHERE name='later'").fetchall()
    copy.close()


def test_failed_migration_leaves_the_database_as_it_was(data_dir, make_checkin, store, monkeypatch):
    store.add_checkin(make_checkin())
    store.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("bug in migration")

    _add_migration(monkeypatch, broken)
    with pytest.raises(RuntimeError, match="bug in migration"):
        Store.open(data_dir)
    monkeypatch.undo()
    with Store.open(data_dir) as again:
        assert again.schema_version() == versioning.SCHEMA_VERSION
        assert again.count_checkins() == 1
    with sqlite3.connect(data_dir / "touchstone.db") as raw:
        assert not raw.execute("SELECT 1 FROM sqlite_schema WHERE name='half_done'").fetchall()
    raw.close()


# imports -----------------------------------------------------------------------------------------
def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_store_does_not_import_qt():
    loaded = _modules_after("import tracker.store\ntracker.store.Store")
    assert "tracker.store.repository" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("PySide6", "pyqtgraph")}


def test_importing_the_store_package_is_cheap():
    """The peek at start-up must not pay for SQLAlchemy."""
    loaded = _modules_after("import tracker.store, tracker.store.peek")
    assert "sqlalchemy" not in loaded and "tracker.store.repository" not in loaded


def test_opening_a_current_database_imports_no_migration_code(store, data_dir):
    store.close()
    loaded = _modules_after(
        f"from tracker.store import Store\nStore.open({str(data_dir)!r}).close()"
    )
    assert "tracker.store.repository" in loaded
    assert "tracker.store.migrations" not in loaded
    assert "tracker.store.backup" not in loaded
