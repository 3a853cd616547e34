"""The window meets faults and privacy requests: a locked journal keeps the form, background
backups and their status, the Restore dialog, erase permanently, delete all my data, a damaged
journal at start, and logs that never hold what was typed."""

from __future__ import annotations

import logging
import sqlite3
import sys

import pytest

from tracker.logs import setup_logging
from tracker.paths import DataPaths
from tracker.services.backups import Backups
from tracker.services.journal import Journal
from tracker.store import Store

pytestmark = pytest.mark.gui


def fill_form(window, overall: str, note: str) -> None:
    window.form.rating_input(overall).setValue(7)
    window.form.note_edit.setPlainText(note)


def test_saving_into_a_locked_journal_warns_and_keeps_the_form(qtbot, boxes, data_dir, skills,
                                                               make_window):
    overall, _ = skills
    impatient = Journal(Store.open(data_dir, busy_timeout_ms=50), data_dir)
    window = make_window(impatient)
    fill_form(window, overall, "typed while locked")
    other = sqlite3.connect(data_dir / "touchstone.db", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert window.save_checkin() is False
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert boxes.texts("warning") == [
        "The journal is busy: another program is writing to it. Try again in a moment."]
    assert window.form.rating_input(overall).value() == 7
    assert window.form.note() == "typed while locked"
    assert impatient.count() == 0
    assert window.save_checkin() is True  # once the lock is gone, the same form saves
    assert impatient.count() == 1
    window.close()
    impatient.close()


def test_background_backup_after_a_change_updates_the_status(qtbot, data_dir, skills,
                                                             make_window):
    overall, _ = skills
    window = make_window()
    assert window.backup_label.text() == "Last backup: never"
    fill_form(window, overall, "backed up")
    with qtbot.waitSignal(window.backup_finished, timeout=10000) as finished:
        assert window.save_checkin()
        window.backup_status.timer.setInterval(0)
        window.backup_status.timer.start()
    info = finished.args[0]
    assert info.checkins == 1 and info.path.parent == data_dir / "backups"
    assert window.backup_label.text().startswith("Last backup: today ")
    # at most daily: the next change makes none
    with qtbot.waitSignal(window.backup_finished, timeout=10000) as again:
        window.backup_status.start_background_backup()
    assert again.args[0] is None
    assert len(list((data_dir / "backups").iterdir())) == 1


def test_back_up_now_keeps_todays_automatic_copy_and_is_not_called_automatic(
        qtbot, data_dir, skills, make_window):
    """File › Back up now made a copy named like an automatic one; thinning then kept only the
    newest of the day, so it replaced today's automatic backup, and the list said "automatic"."""
    from tracker.services.backups import AUTOMATIC, MANUAL

    window = make_window()
    fill_form(window, skills[0], "first")
    assert window.save_checkin()
    with qtbot.waitSignal(window.backup_finished, timeout=10000):
        window.backup_status.start_background_backup()  # today's automatic copy
    for _ in range(2):
        with qtbot.waitSignal(window.backup_finished, timeout=10000) as made:
            window.actions_by_id["backup"].trigger()
        assert made.args[0] is not None
    backups = Backups(DataPaths(data_dir))
    assert sorted(e.kind for e in backups.entries()) == [AUTOMATIC, MANUAL, MANUAL]
    assert not backups.is_due()  # the automatic one still stands for today
    backups.thin()
    assert len(backups.entries()) == 3  # thinning leaves what was asked for alone


def test_a_backup_dated_in_the_future_is_named_in_the_status_bar_and_today_backed_up(
        qtbot, data_dir, skills, make_window, tmp_path):
    from datetime import UTC, datetime

    Backups(DataPaths(data_dir)).back_up(now=datetime(2040, 5, 1, 9, tzinfo=UTC))
    window = make_window()
    assert window.backup_label.text() == (
        "Newest backup dated in the future (2040-05-01): was the clock wrong? Daily backups "
        "go on.")
    window.statusBar().grab().save(str(tmp_path / "future-backup-status.png"))
    with qtbot.waitSignal(window.backup_finished, timeout=10000) as finished:
        window.backup_status.start_background_backup()  # today's backup is still due
    assert finished.args[0] is not None
    assert finished.args[0].path.name.startswith(f"touchstone-{datetime.now(UTC):%Y%m%d}")


def test_backup_folder_setting_moves_new_backups(qtbot, data_dir, skills, make_window, tmp_path):
    window = make_window()
    window.backup_status.set_folder(str(tmp_path / "synced"))
    with qtbot.waitSignal(window.backup_finished, timeout=10000) as finished:
        window.backup_action.trigger()
    assert finished.args[0].path.parent == tmp_path / "synced"
    assert window.backup_label.toolTip() == str(tmp_path / "synced")


def test_restore_dialog_lists_backups_and_restores(qtbot, boxes, data_dir, journal, skills,
                                                   make_window):
    overall, _ = skills
    journal.record(ratings={overall: 5}, note="kept")
    Backups(DataPaths(data_dir)).back_up()
    journal.record(ratings={overall: 2}, note="after the backup")
    window = make_window()
    from tracker.ui.restore_dialog import RestoreDialog

    dialog = RestoreDialog(window.backups, window.apply_change, window)
    qtbot.addWidget(dialog)
    [row] = dialog.rows()
    assert row[1:3] == ["1", "automatic"] and row[3].startswith("touchstone-")
    boxes.confirm_answer = True
    with qtbot.waitSignal(window.data_changed, timeout=5000) as changed:
        assert dialog.restore_selected()
    assert changed.args == ["all"]
    assert [c.note for c in journal.checkins()] == ["kept"]
    assert window.status_label.text() == f"Restored 1 check-in from {row[3]}."
    assert window.count_label.text() == "1 check-in"
    kinds = sorted(e.kind for e in window.backups.entries())
    assert kinds == ["automatic", "before restore"]  # the journal as it was is kept


def test_erase_permanently_and_purge_from_backups(qtbot, boxes, data_dir, journal, skills,
                                                  make_window):
    overall, _ = skills
    marker = "GUI-ERASE-5d1e"
    secret = journal.record(ratings={overall: 4}, note=marker).ids[0]
    journal.record(ratings={overall: 6}, note="ordinary")
    Backups(DataPaths(data_dir)).back_up()
    window = make_window()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    assert window.history.select(secret)
    boxes.confirm_answer = True
    assert window.privacy.erase_selected_permanently()
    questions = boxes.texts("question")
    assert questions[0].startswith("Erase this check-in permanently? Unlike Delete, this "
                                   "cannot be undone")
    assert questions[1] == ("1 older backup still holds this check-in. Erase it from that "
                            "backup too?")
    assert window.status_label.text() == "Erased permanently, also from 1 backup."
    assert journal.get(secret) is None and not journal.can_undo()
    everything = b"".join(p.read_bytes() for p in data_dir.rglob("*.db*") if p.is_file())
    assert marker.encode() not in everything


def test_delete_all_my_data_removes_everything_after_a_clear_question(qtbot, boxes, data_dir,
                                                                      journal, skills,
                                                                      make_window):
    overall, _ = skills
    journal.record(ratings={overall: 4}, note="gone soon")
    Backups(DataPaths(data_dir)).back_up()
    window = make_window()
    boxes.confirm_answer = False
    assert not window.privacy.delete_all_data()
    assert (data_dir / "touchstone.db").exists()
    boxes.confirm_answer = True
    with qtbot.waitSignal(window.erased_everything, timeout=5000):
        assert window.privacy.delete_all_data()
    assert "This cannot be undone" in boxes.texts("question")[-1]
    assert not data_dir.exists()
    assert not window.isVisible()


def test_damaged_journal_at_start_offers_the_newest_backup(qtbot, data_dir, journal, skills):
    from tracker.app import open_services

    overall, _ = skills
    for i in range(150):
        journal.record(ratings={overall: 1 + i % 10}, note="n" * 300)
    good = Backups(DataPaths(data_dir)).back_up()
    journal.close()
    db = data_dir / "touchstone.db"
    data = bytearray(db.read_bytes())
    middle = len(data) // 4096 // 2
    data[middle * 4096:(middle + 3) * 4096] = b"\x5a" * (3 * 4096)
    db.write_bytes(bytes(data))
    asked = []

    def answer(error) -> str:
        asked.append(error)
        return "restore"

    reopened, _settings, _drafts = open_services(DataPaths(data_dir), answer)
    try:
        [error] = asked
        assert error.backup.path == good.path and error.set_aside.exists()
        assert error.summary.startswith("The journal file is damaged")
        assert reopened.count() == 150
    finally:
        reopened.close()


def test_logs_never_hold_what_was_typed(qtbot, boxes, data_dir, skills, make_window,
                                        monkeypatch):
    overall, _ = skills
    marker = "LOGMARK-93c1"
    log_file = setup_logging(data_dir / "logs")
    try:
        from tracker.ui.crash import install_excepthook

        install_excepthook(data_dir / "logs")
        monkeypatch.setattr("tracker.ui.crash.show_crash_dialog", lambda exc, where: None)
        window = make_window()
        fill_form(window, overall, marker)
        assert window.save_checkin()
        try:  # a bug whose message quotes the note
            raise ValueError(f"could not handle {marker}")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        from tracker import cli

        def broken(*args, **kwargs):
            raise RuntimeError(f"bug with {marker}")

        monkeypatch.setattr("tracker.cli.checkins.cmd_add", broken)
        code = cli.main(["--data-dir", str(data_dir), "add", "--skill", "Overall=3", "--note",
                         marker])
        assert code == 1
        logging.getLogger().handlers[-1].flush()
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "baseFilename", None):
                logging.getLogger().removeHandler(handler)
                handler.close()
    text = "".join(p.read_text() for p in log_file.parent.iterdir())
    assert "unexpected ValueError" in text and "unexpected RuntimeError" in text
    assert marker not in text


def test_a_file_dialog_never_costs_the_window_its_journal_locks(qtbot, data_dir, journal, skills,
                                                                 make_window, monkeypatch):
    """A file dialog reads the files it lists (for icons and types); in the data folder that
    closes a descriptor of the journal, which drops this process's SQLite locks. The window
    sets its journal aside meanwhile, so the locks it holds afterwards are whole."""
    import subprocess
    import sys

    from PySide6.QtWidgets import QFileDialog

    from tracker.store import header

    window = make_window()
    journal.record(ratings={skills[0]: 6})
    db = data_dir / "touchstone.db"
    seen = {}

    def listing_the_data_folder(*_args, **_kwargs):
        seen["paused"] = window.journal.is_paused
        seen["held"] = header.held_open(db)
        db.read_bytes()  # what a dialog does to show the file's type
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", listing_the_data_folder)
    window.transfer.import_data()
    assert seen == {"paused": True, "held": False}
    assert not window.journal.is_paused and window.journal.count() == 1  # open again
    other = subprocess.run(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(db)!r}, timeout=0.2)\n"
         "print(c.execute('PRAGMA journal_mode = DELETE').fetchone()[0])"],
        capture_output=True, text=True, timeout=60)
    assert "database is locked" in other.stderr  # the window's connections still hold it
