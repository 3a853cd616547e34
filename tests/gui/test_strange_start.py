"""The window's start meets a stray -wal (issue 14): the question names what was set aside
and offers the journal without that -wal, then the newest backup."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.paths import DataPaths
from tracker.services.backups import Backups
from tracker.services.journal import Journal

pytestmark = pytest.mark.gui


def stray_wal(data_dir: Path, tmp_path: Path) -> None:
    """Put another program's -wal beside the (closed) journal."""
    other = sqlite3.connect(tmp_path / "other.db", isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("CREATE TABLE notes(x)")
        other.execute("INSERT INTO notes VALUES (zeroblob(500))")
        shutil.copyfile(tmp_path / "other.db-wal", data_dir / "touchstone.db-wal")
    finally:
        other.close()


def test_a_stray_wal_at_start_offers_the_journal_without_it(qtbot, data_dir, tmp_path):
    from tracker.app import open_services
    from tracker.ui.restore_dialog import offer_restore_after_damage

    journal = Journal.open(data_dir)
    skill = journal.add_skill("Overall").ids[0]
    for value in range(1, 8):
        journal.record(ratings={skill: value})
    Backups(DataPaths(data_dir)).back_up()
    journal.close()
    stray_wal(data_dir, tmp_path)
    seen: list[QMessageBox] = []

    def click_use_alone() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_use_alone)
            return
        seen.append(box)
        box.grab().save(str(tmp_path / "stray-wal.png"))
        [button] = [b for b in box.buttons() if "without that -wal" in b.text()]
        assert box.defaultButton() is button
        button.click()

    QTimer.singleShot(0, click_use_alone)
    reopened, _settings, _drafts = open_services(DataPaths(data_dir), offer_restore_after_damage)
    try:
        [box] = seen
        assert "does not belong to it" in box.text()
        assert "another program's database" in box.text()
        assert "newest good backup" in box.informativeText()
        assert reopened.count() == 7  # the journal as last saved, not the other database
    finally:
        reopened.close()


class _Recorder:
    """Stands in for the application and the shown window of ``_open_deferred_store``."""

    def __init__(self) -> None:
        self.exits: list[int] = []
        self.kinds: list[str] = []
        self.data_changed = self  # ``window.data_changed.emit(kind)``

    def exit(self, code: int) -> None:
        self.exits.append(code)

    def emit(self, kind: str) -> None:
        self.kinds.append(kind)


@pytest.mark.parametrize("answer", ["restore", "empty", "quit"])
def test_damage_found_behind_the_shown_window_gets_the_same_answers(
        data_dir, monkeypatch, answer):
    """The deferred start (form painted from a peek at the definitions, store opened after)
    carries out the damaged-journal answer through the same code as a normal start."""
    from tracker import app
    from tracker.settings import Settings
    from tracker.ui import restore_dialog

    journal = Journal.open(data_dir)
    skill = journal.add_skill("Overall").ids[0]
    for value in range(300):
        journal.record(ratings={skill: value % 10 + 1}, note="x" * 200)
    paths = DataPaths(data_dir)
    Backups(paths).back_up()
    journal.close()
    database = bytearray(paths.database.read_bytes())  # damage the check-ins' pages only
    middle = len(database) // 4096 // 2
    database[middle * 4096:(middle + 3) * 4096] = b"\x5a" * (3 * 4096)
    paths.database.write_bytes(bytes(database))
    asked = []
    monkeypatch.setattr(restore_dialog, "offer_restore_after_damage",
                        lambda report: asked.append(report) or answer)
    deferred = Journal.open_deferred(data_dir)
    assert deferred is not None and not deferred.is_open  # the peek still reads the skills
    recorder = _Recorder()
    try:
        opened = app._open_deferred_store(recorder, recorder, deferred, paths,
                                          Settings.load(paths.settings))
        [report] = asked
        assert report.backup is not None
        if answer == "quit":
            assert not opened and recorder.exits == [2] and not deferred.is_open
            return
        assert opened and recorder.exits == [] and recorder.kinds == ["all"]
        assert deferred.count() == (300 if answer == "restore" else 0)
    finally:
        deferred.close()


def journal_with_backups_elsewhere(data_dir: Path, tmp_path: Path, settings=None) -> Path:
    """A journal whose file holds no check-ins and whose -wal (a diverged copy's, no process
    holds it) holds one, while the newest backup — in the backup folder the settings name,
    none in the data folder's backups/ — holds 30: a stray -wal to refuse. Returns that folder.
    ``settings``: the window's settings object, changed as its Settings dialog does."""
    from tracker.settings import Settings

    elsewhere = tmp_path / "elsewhere"
    paths = DataPaths(data_dir)
    journal = Journal.open(data_dir)
    skill = journal.add_skill("Overall").ids[0]
    journal.close()
    settings = settings or Settings.load(paths.settings)
    settings.backup_dir = str(elsewhere)
    settings.save()
    empty = tmp_path / "empty.db"
    shutil.copyfile(paths.database, empty)  # the journal as it was before its check-ins
    journal = Journal.open(data_dir)
    for value in range(30):
        journal.record(ratings={skill: 1 + value % 10})
    journal.close()
    assert Backups(paths, settings).back_up().checkins == 30
    copy = tmp_path / "copy"  # a copy of the early journal, used elsewhere
    copy.mkdir()
    shutil.copyfile(empty, copy / "touchstone.db")
    holder = sqlite3.connect(copy / "touchstone.db")  # keeps the copy's -wal
    try:
        holder.execute("SELECT count(*) FROM checkins").fetchone()
        other = Journal.open(copy)
        other.record(ratings={skill: 5})
        other.close()
        shutil.copyfile(copy / "touchstone.db-wal", paths.database.with_name("touchstone.db-wal"))
    finally:
        holder.close()
    shutil.copyfile(empty, paths.database)  # a sync tool brought the old file back with it
    paths.database.with_name("touchstone.db-shm").unlink(missing_ok=True)
    assert not list(paths.backups.glob("touchstone-*.db"))
    return elsewhere


WINDOW = """
import sys
from pathlib import Path
from tracker.app import open_window
from tracker.ui import restore_dialog

def asked(report):
    print("asked:", report.summary, flush=True)
    return "quit"

restore_dialog.offer_restore_after_damage = asked
sys.exit(open_window(Path(sys.argv[1]), exit_when_ready=True))
"""


def test_the_windows_deferred_open_judges_a_stray_wal_against_the_backup_folder_in_settings(
        data_dir, tmp_path):
    import os
    import subprocess
    import sys

    journal_with_backups_elsewhere(data_dir, tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", WINDOW, str(data_dir)], env=env,
                            capture_output=True, text=True, timeout=120)
    # before: the -wal was replayed and the window opened on 1 check-in, exit 0
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout.startswith("asked: A -wal file beside the journal does not belong")
    assert "against 30 in the newest backup" in result.stdout
    assert list(data_dir.glob("touchstone.db.before-wal-*"))


def test_resume_judges_a_stray_wal_against_the_backup_folder_in_settings(data_dir, tmp_path):
    from tracker.services.backups import open_journal
    from tracker.settings import Settings
    from tracker.store.leftovers import StrayWalError

    paths = DataPaths(data_dir)
    settings = Settings.load(paths.settings)
    journal = open_journal(paths, settings)  # as the window opens it
    journal.add_skill("Overall")
    journal.pause()  # an encryption switch, say; meanwhile the files become a stray pair
    try:
        shutil.rmtree(data_dir)
        journal_with_backups_elsewhere(data_dir, tmp_path, settings)
        journal.resume()
        with pytest.raises(StrayWalError, match="against 30 in the newest backup"):
            journal.store  # noqa: B018 - opening is the point; before: opened, 1 check-in
    finally:
        journal.close()
