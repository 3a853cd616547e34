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
