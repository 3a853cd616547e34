"""The passphrase dialogs and the Privacy page, driven like a user would, on a real journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.store import cipher
from tracker.ui.passphrase_dialog import NewPassphraseDialog, UnlockDialog
from tracker.ui.privacy_page import PrivacyPage

GOOD = "a good long passphrase"


@pytest.fixture(autouse=True)
def empty_keychain():
    cipher.forget()
    yield
    cipher.forget()


@pytest.fixture
def infos(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []

    def information(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", information)
    return shown


def test_unlock_dialog_says_wrong_passphrase_and_keeps_asking(qtbot, data_dir: Path) -> None:
    paths = DataPaths(data_dir)
    Journal.open(data_dir).close()
    encryption.encrypt(paths, None, GOOD)
    cipher.forget()
    dialog = UnlockDialog("Enter the passphrase", lambda p: encryption.unlock(paths, p))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    qtbot.keyClicks(dialog.passphrase, "wrong one here")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "Wrong passphrase."
    assert encryption.is_locked(paths)
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, GOOD)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not encryption.is_locked(paths)
    assert dialog.passphrase.text() == ""  # not kept in the widget


@pytest.mark.parametrize(("first", "second", "message"), [
    ("short", "short", "The passphrase must be at least 8 characters long."),
    ("long enough 1", "long enough 2", "The two passphrases differ. Nothing was changed."),
])
def test_new_passphrase_dialog_refuses_bad_choices(qtbot, first: str, second: str,
                                                   message: str) -> None:
    dialog = NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()  # the forgotten-passphrase box comes first
    dialog.understood.setChecked(True)
    qtbot.keyClicks(dialog.first, first)
    qtbot.keyClicks(dialog.second, second)
    dialog.ok.click()
    assert dialog.isVisible() and dialog.error.text() == message


def switcher_for(data_dir: Path, holder: dict):
    """What the main window does: close the journal, switch, open it again."""
    def switch(action):
        holder["journal"].close()
        try:
            return action()
        finally:
            holder["journal"] = Journal.open(data_dir)
    return switch


def test_privacy_page_encrypts_changes_and_turns_off(qtbot, data_dir: Path, boxes, infos,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    paths = DataPaths(data_dir)
    holder = {"journal": Journal.open(data_dir)}
    holder["journal"].add_skill("Overall")
    settings = Settings.load(paths.settings)
    page = PrivacyPage(paths, settings, switcher_for(data_dir, holder))
    qtbot.addWidget(page)
    page.show()
    assert "not encrypted" in page.status.text()
    assert page.encrypt_button.isVisible() and not page.change_button.isVisible()
    assert not page.auto_lock.isEnabled()

    typed = {"new": GOOD, "current": GOOD}

    def new_exec(dialog: NewPassphraseDialog) -> int:
        dialog.understood.setChecked(True)
        dialog.first.setText(typed["new"])
        dialog.second.setText(typed["new"])
        dialog.accept()
        return dialog.result()

    def unlock_exec(dialog: UnlockDialog) -> int:
        dialog.passphrase.setText(typed["current"])
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NewPassphraseDialog, "exec", new_exec)
    monkeypatch.setattr(UnlockDialog, "exec", unlock_exec)
    assert page.encrypt()
    assert encryption.is_encrypted(paths)
    assert infos == ["The journal and its backups are now encrypted."]
    assert "are encrypted" in page.status.text() and page.change_button.isVisible()
    assert holder["journal"].skills()[0].name == "Overall"  # reopened, unlocked

    typed.update(current="not the passphrase", new="second passphrase")
    unlock_calls = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda d: unlock_calls.append(d) or
                        (d.passphrase.setText(typed["current"]), d.accept(), d.result())[-1])
    assert not page.change()  # a wrong current passphrase stops it
    assert unlock_calls[0].error.text() == "Wrong passphrase."
    typed["current"] = GOOD
    assert page.change()
    cipher.forget()
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(paths, GOOD)
    encryption.unlock(paths, "second passphrase")

    boxes.confirm_answer = True
    typed["current"] = "second passphrase"
    assert page.decrypt()
    assert not encryption.is_encrypted(paths)
    assert boxes.texts("question")[0].startswith("The journal and its backups will be stored")
    holder["journal"].close()


def test_privacy_page_without_a_window_cannot_switch(qtbot, data_dir: Path) -> None:
    Journal.open(data_dir).close()
    page = PrivacyPage(DataPaths(data_dir), Settings(), None)
    qtbot.addWidget(page)
    assert not page.encrypt_button.isEnabled()



def test_restore_dialog_asks_for_an_older_backups_passphrase(qtbot, data_dir: Path, boxes,
                                                             monkeypatch) -> None:
    from tracker.services.backups import Backups
    from tracker.ui.restore_dialog import RestoreDialog

    paths = DataPaths(data_dir)
    journal = Journal.open(data_dir)
    journal.record(ratings={journal.add_skill("Overall").ids[0]: 6})
    journal.close()
    encryption.encrypt(paths, None, GOOD)
    under_old = Backups(paths).back_up().path.read_bytes()
    encryption.change_passphrase(paths, None, "second passphrase")
    # a backup under the old passphrase, e.g. copied back from another disk
    kept = paths.backups / "touchstone-20250101T000000Z.db"
    kept.write_bytes(under_old)
    restored = []
    dialog = RestoreDialog(Backups(paths), restored.append)
    qtbot.addWidget(dialog)
    rows = {row[3]: row[1] for row in dialog.rows()}
    assert rows[kept.name] == "locked (another passphrase)"
    boxes.confirm_answer = True
    answers = ["second passphrase", GOOD]  # the journal's passphrase does not open it
    asked = []

    def unlock_exec(d) -> int:
        while answers and d.result() != QDialog.DialogCode.Accepted:
            asked.append(answers[0])
            d.passphrase.setText(answers.pop(0))
            d.accept()
            if d.result() != QDialog.DialogCode.Accepted:
                assert d.error.text().startswith("Wrong passphrase (or the file is damaged")
        return d.result()

    monkeypatch.setattr(UnlockDialog, "exec", unlock_exec)
    assert dialog.restore(kept)
    assert asked == ["second passphrase", GOOD]
    assert restored[0].message == "Restored 1 check-in from touchstone-20250101T000000Z.db."
    # the journal stays under the current passphrase
    cipher.forget()
    encryption.unlock(paths, "second passphrase")


def test_unlock_at_start_asks_until_right_or_quit(qtbot, data_dir: Path, monkeypatch) -> None:
    from tracker.ui.unlock import unlock_at_start

    paths = DataPaths(data_dir)
    settings = Settings.load(paths.settings)
    assert unlock_at_start(paths, settings)  # no journal yet: nothing to unlock
    Journal.open(data_dir).close()
    encryption.encrypt(paths, None, GOOD)
    cipher.forget()
    answers: list[str | None] = ["wrong passphrase", GOOD]
    errors = []

    def exec_(d) -> int:
        while answers:
            answer = answers.pop(0)
            if answer is None:
                d.reject()
                break
            d.passphrase.setText(answer)
            d.accept()
            if d.result() == QDialog.DialogCode.Accepted:
                break
            errors.append(d.error.text())
        return d.result()

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    assert unlock_at_start(paths, settings)
    assert errors == ["Wrong passphrase."] and not encryption.is_locked(paths)
    cipher.forget()
    answers[:] = [None]  # Quit
    assert not unlock_at_start(paths, settings)
    assert encryption.is_locked(paths)


def test_idle_lock_fires_after_quiet_and_input_restarts_it(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from tracker.ui.unlock import IdleLock

    fired = []
    lock = IdleLock(lambda: fired.append(True))
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    lock.set_minutes(1)
    assert lock.timer.isActive() and lock.timer.interval() == 60_000
    qtbot.wait(100)
    before = lock.timer.remainingTime()
    assert before <= 59_980  # the countdown runs
    qtbot.keyClick(field, "a")  # input restarts the full countdown
    assert lock.timer.remainingTime() > before
    lock.timer.setInterval(30)  # a short countdown to see it fire
    lock.timer.start()
    qtbot.waitUntil(lambda: fired == [True], timeout=2000)
    lock.set_minutes(0)
    assert not lock.timer.isActive()


def test_window_switches_with_the_journal_paused_and_keeps_the_form(
        qtbot, make_window, journal, skills, data_dir: Path) -> None:
    from tracker.services.drafts import SealedDraftStore

    window = make_window()
    paths = DataPaths(data_dir)
    window.form.set_state({"note": "half-typed note"})
    result = window.encryption.switch(
        lambda: encryption.encrypt(paths, window.settings, GOOD))
    assert result.safety_backup is not None and encryption.is_encrypted(paths)
    assert isinstance(window.drafts, SealedDraftStore)
    assert window.drafts.load()["note"] == "half-typed note"
    assert window.form.note() == "half-typed note"  # the form itself was never touched
    assert window.journal.record(ratings={skills[0]: 7}).ids  # the journal works again


def test_idle_lock_hides_the_window_until_the_passphrase(
        qtbot, make_window, journal, skills, data_dir: Path, monkeypatch) -> None:
    window = make_window()
    paths = DataPaths(data_dir)
    window.encryption.switch(lambda: encryption.encrypt(paths, window.settings, GOOD))
    window.settings.auto_lock_minutes = 5
    window.encryption.apply_settings()
    assert window.encryption.idle.timer.isActive()
    seen = {}

    def typed(dialog) -> int:
        seen["hidden"] = not window.isVisible()
        seen["locked"] = encryption.is_locked(paths) and window.journal.is_paused
        seen["no key in the draft store"] = not hasattr(window.drafts, "_key")
        window.bring_to_front()  # e.g. the tray's "Check in now" while the dialog waits
        qtbot.waitUntil(lambda: not window.isVisible())
        dialog.passphrase.setText(GOOD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", typed)
    assert window.encryption.lock_now()
    assert seen == {"hidden": True, "locked": True, "no key in the draft store": True}
    assert window.isVisible() and not encryption.is_locked(paths)
    assert window.journal.count() == 0  # usable again

    quits = []
    monkeypatch.setattr(UnlockDialog, "exec", lambda d: (d.reject(), d.result())[1])
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.quit", lambda: quits.append(True))
    assert window.encryption.lock_now()
    assert quits == [True] and window.journal.is_closed


def test_the_idle_lock_cancels_open_dialogs_before_hiding_the_journal(
        qtbot, make_window, journal, skills, data_dir: Path, monkeypatch) -> None:
    from PySide6.QtCore import QTimer

    window = make_window()
    paths = DataPaths(data_dir)
    window.encryption.switch(lambda: encryption.encrypt(paths, window.settings, GOOD))
    seen = {}

    def typed(dialog) -> int:
        seen["dialogs open"] = QApplication.activeModalWidget() is not dialog and (
            QApplication.activeModalWidget() is not None)
        seen["hidden"] = not window.isVisible()
        seen["locked"] = encryption.is_locked(paths) and window.journal.is_paused
        dialog.passphrase.setText(GOOD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(UnlockDialog, "exec", typed)
    outer = QDialog(window)  # e.g. Settings, with a question on top of it
    inner = QMessageBox(QMessageBox.Icon.Question, "Touchstone", "Really?",
                        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, outer)

    def idle_with_both_open() -> None:
        assert QApplication.activeModalWidget() is inner
        assert window.encryption.lock_now() is False  # not yet: the dialogs close first

    QTimer.singleShot(0, lambda: (QTimer.singleShot(0, idle_with_both_open), inner.exec()))
    safety = QTimer(outer)  # fail rather than hang; gone with the dialog
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: (inner.done(99), outer.done(99)))
    safety.start(5000)
    result = outer.exec()
    safety.stop()
    assert result == QDialog.DialogCode.Rejected  # closed as if cancelled
    qtbot.waitUntil(lambda: "locked" in seen)
    assert seen == {"dialogs open": False, "hidden": True, "locked": True}
    assert window.isVisible() and not encryption.is_locked(paths)
    assert window.journal.record(ratings={skills[0]: 6}).ids  # usable again


def test_a_plain_journal_never_locks(qtbot, make_window) -> None:
    window = make_window()
    window.settings.auto_lock_minutes = 5
    window.encryption.apply_settings()
    assert not window.encryption.idle.timer.isActive()
    assert not window.encryption.lock_now()


def test_export_from_an_encrypted_journal_says_it_is_plaintext(
        qtbot, make_window, journal, skills, data_dir: Path, boxes, monkeypatch,
        tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    window = make_window()
    paths = DataPaths(data_dir)
    window.encryption.switch(lambda: encryption.encrypt(paths, window.settings, GOOD))
    out = tmp_path / "out.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(out), "JSON, full fidelity (*.json)"))
    boxes.confirm_answer = False
    window.transfer.export_data()
    assert boxes.texts("question") == [encryption.EXPORT_WARNING + " Export anyway?"]
    assert not out.exists()
    boxes.confirm_answer = True
    window.transfer.export_data()
    assert out.exists()


def test_privacy_page_without_the_driver_says_where_to_get_it(qtbot, data_dir: Path,
                                                              monkeypatch) -> None:
    Journal.open(data_dir).close()
    monkeypatch.setattr(encryption, "available", lambda: False)
    page = PrivacyPage(DataPaths(data_dir), Settings(), lambda action: action())
    qtbot.addWidget(page)
    assert 'pip install "touchstone[encryption]"' in page.status.text()
    assert not page.encrypt_button.isEnabled()
