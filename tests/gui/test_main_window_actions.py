"""The menu table (``tracker.ui.main_window.actions``): every row becomes a menu action, its
shortcut works from the keyboard, its enabled-when follows the journal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tracker.ui.main_window.actions import ACTIONS

pytestmark = pytest.mark.gui


def test_every_row_is_a_menu_action_in_table_order(make_window, skills):
    window = make_window()
    menus = {"file": window.file_menu, "edit": window.edit_menu, "view": window.view_menu,
             "help": window.help_menu}
    for key, menu in menus.items():
        listed = [a for a in menu.actions() if not a.isSeparator()]
        wanted = [window.actions_by_id[spec.id] for spec in ACTIONS if spec.menu == key]
        assert [a for a in listed if a in wanted] == wanted
    assert window.manage_action in window.menuBar().actions()
    for spec in ACTIONS:
        action = getattr(window, f"{spec.id}_action")
        assert action.text() == spec.text
        if spec.shortcut is not None:
            assert action.shortcut() in (QKeySequence(spec.shortcut), QKeySequence(spec.fallback))
            assert not action.shortcut().isEmpty()


def test_the_undo_row_is_enabled_when_the_journal_can_undo(make_window, journal, skills):
    window = make_window()
    assert not window.undo_action.isEnabled()
    change = journal.record(ratings={skills[0]: 6})
    window.apply_change(change)
    window.apply_change(journal.delete(change.ids[0]))
    assert window.undo_action.isEnabled()
    window.undo()
    assert not window.undo_action.isEnabled()


def test_the_quit_shortcut_closes_the_window_from_the_keyboard(qtbot, kb, make_window, skills):
    """Ctrl+Q also where the platform names no standard Quit key (offscreen, bare X11)."""
    window = make_window()
    window.form.focus_first()
    kb.press(Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.closed and not window.isVisible()
