"""The Edit check-in dialog answers the keys a person presses: Ctrl+Return and Return save,
Esc cancels. (The form and the dialog both registered Ctrl+Return: Qt saw an ambiguous shortcut
and fired neither.)"""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from tracker.ui.edit_dialog import EditCheckInDialog

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def edited(qtbot, journal, skills):
    overall, _ = skills
    checkin_id = journal.record(ratings={overall: 4}, values={"mood": 3},
                                at=datetime(2025, 12, 1, 9, 0).astimezone()).ids[0]
    dialog = EditCheckInDialog(journal, journal.get(checkin_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    rating = dialog.form.rating_input(overall)
    rating.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and rating.isAncestorOf(QApplication.focusWidget())
                    or QApplication.focusWidget() is rating)
    return dialog, checkin_id, overall


@pytest.mark.parametrize("key, modifier", [
    (Qt.Key.Key_Return, CTRL), (Qt.Key.Key_Enter, CTRL),
    (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
])
def test_a_save_key_in_the_edit_dialog_saves(qtbot, kb, journal, edited, key, modifier):
    dialog, checkin_id, overall = edited
    kb.type("7")
    kb.press(key, modifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert journal.get(checkin_id).ratings == {overall: 7}


def test_escape_in_the_edit_dialog_cancels_and_keeps_the_check_in(qtbot, kb, journal, edited):
    dialog, checkin_id, overall = edited
    kb.type("7")
    kb.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert journal.get(checkin_id).ratings == {overall: 4}


def test_the_edit_dialog_is_worded_for_the_day_it_edits(qtbot, edited, tmp_path):
    """It said "How skilled are you today?", "Your state right now" and "record a missed
    moment" for a check-in from a year ago."""
    from PySide6.QtWidgets import QLabel

    dialog, _checkin_id, _overall = edited
    texts = " | ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "How skilled were you on" in texts and "2025" in texts and "December" in texts
    assert "Your state then" in texts
    for stale in ("today", "right now", "missed moment"):
        assert stale not in texts
    dialog.grab().save(str(tmp_path / "edit-dialog.png"))
