"""The main window's own keys: Ctrl+1 … Ctrl+4 switch tabs from anywhere (a form field
included), no two shortcuts share a key sequence, and no two &-mnemonics of one level share a
letter (Qt fires nothing, or only moves the focus, for an ambiguous key)."""

from __future__ import annotations

import pytest
from habit_support import install_all
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar, QWidget

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
DIGITS = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)


def _focus(qtbot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _on_page(window, index: int) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and window.tabs.widget(index).isAncestorOf(focused)


def test_ctrl_digits_switch_tabs_from_a_rating(qtbot, kb, make_window, skills):
    window = make_window()
    qtbot.waitUntil(lambda: _on_page(window, 0))
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(4)]
    assert titles == ["Check in", "History", "Dashboard", "Reality"]
    for index in (1, 2, 3, 0):
        kb.press(DIGITS[index], CTRL)
        assert window.tabs.currentIndex() == index


@pytest.mark.parametrize("field", ["note", "tags"])
def test_ctrl_digits_switch_tabs_while_typing_in_a_text_field(qtbot, kb, make_window, skills,
                                                              field):
    window = make_window()
    edit = window.form.note_edit if field == "note" else window.form.tags_edit
    _focus(qtbot, edit.focusProxy() or edit)
    kb.type("slept")
    kb.press(Qt.Key.Key_2, CTRL)
    assert window.tabs.currentIndex() == window.HISTORY_TAB
    kb.press(Qt.Key.Key_1, CTRL)
    assert window.tabs.currentIndex() == window.CHECKIN_TAB
    text = window.form.note() if field == "note" else ", ".join(window.form.tags())
    assert text == "slept"  # the digit was not typed into the field


def _sequences(window) -> list[tuple[str, str]]:
    """(key sequence, who) for every enabled action and shortcut the window answers."""
    found: list[tuple[str, str]] = []
    actions = set(window.findChildren(QAction))
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None:
            actions.update(menu_action.menu().actions())
    for action in actions:
        for seq in action.shortcuts():
            if not seq.isEmpty():
                found.append((seq.toString(), action.text()))
    for shortcut in window.findChildren(QShortcut):
        if shortcut.isEnabled() and not shortcut.key().isEmpty():
            parent = shortcut.parent()
            found.append((shortcut.key().toString(), type(parent).__name__))
    return found


def test_no_two_window_shortcuts_share_a_key(make_window, skills):
    window = make_window()
    window.dashboard()  # built, so its own shortcuts count too
    found = _sequences(window)
    keys = [seq for seq, _ in found]
    tabs = [QKeySequence(f"Ctrl+{n}").toString() for n in range(1, 5)]
    assert all(key in keys for key in tabs)
    clashes = {key: [who for k, who in found if k == key] for key in keys if keys.count(key) > 1}
    # the form's and the history's own keys only answer inside their own page
    allowed = {QKeySequence(QKeySequence.StandardKey.Delete).toString()}
    assert {k: v for k, v in clashes.items() if k not in allowed} == {}


def _mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower-cased."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def _visible_mnemonics(root: QWidget) -> list[tuple[str, str]]:
    """(letter, text) of every visible button, buddy label and tab in ``root``."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        texts = []
        buddied = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or buddied:
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        found += [(m, t) for t in texts if (m := _mnemonic(t))]
    return found


def _duplicates(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    letters = [m for m, _ in found]
    return {m: [t for k, t in found if k == m] for m in letters if letters.count(m) > 1}


def test_mnemonics_are_unique_on_every_page_with_the_menu_bar(qtbot, make_window, journal,
                                                             skills, tmp_path):
    journal.add_skill("R&D", "", "", "")  # a user's "&" is text, not a mnemonic
    window = make_window()
    window.apply_change(journal.record(ratings={skills[0]: 5}))
    install_all(window, journal, window.settings, autostart_home=tmp_path)
    bar = [(m, a.text()) for a in window.menuBar().actions() if (m := _mnemonic(a.text()))]
    assert sorted(m for m, _ in bar) == sorted("fevsmrh")  # … Skills, Measure, Reality, Help
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.widget(index)
        if index == window.DASHBOARD_TAB:
            qtbot.waitUntil(lambda: window.dashboard().isVisible())
        qtbot.waitUntil(page.isVisible)
        found = bar + _visible_mnemonics(page)
        if index == window.DASHBOARD_TAB:  # each chart shows its own controls
            views = window.dashboard().tab_bar
            for view in range(views.count()):
                views.setCurrentIndex(view)
                shown = bar + _visible_mnemonics(page)
                assert _duplicates(shown) == {}, views.tabText(view)
        if index == window.CHECKIN_TAB:
            assert {m for m, _ in _visible_mnemonics(page)} >= set("tnw")  # tags, note, when
            assert "R&&D" in [label.text() for label in window.form.labels.values()]
        assert _duplicates(found) == {}, window.tabs.tabText(index)


def test_mnemonics_are_unique_in_every_menu(make_window, journal, skills, tmp_path):
    window = make_window()
    install_all(window, journal, window.settings, autostart_home=tmp_path)
    for bar_action in window.menuBar().actions():
        menu = bar_action.menu()
        if menu is None:
            continue
        menu.aboutToShow.emit()
        found = [(m, a.text()) for a in menu.actions() if (m := _mnemonic(a.text()))]
        assert found, bar_action.text()
        assert _duplicates(found) == {}, bar_action.text()


def test_an_alt_letter_from_a_rating_opens_its_field(qtbot, kb, make_window, skills):
    """Alt+N goes to the note, Alt+T to the tags, from wherever the form's focus is."""
    window = make_window()
    qtbot.waitUntil(lambda: _on_page(window, 0))
    kb.press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.form.note_edit
    kb.press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    tags = window.form.tags_edit
    assert QApplication.focusWidget() is (tags.focusProxy() or tags)


def test_a_name_with_an_ampersand_is_text_in_the_reality_state_rows(qtbot, journal, skills):
    from tracker.ui.reality.dialogs import StateNow

    journal.add_skill("R&D", "", "", "")
    host = QWidget()
    qtbot.addWidget(host)
    rows = StateNow("State now", journal.skills(), journal.factors(), host)
    texts = [label.text() for label in rows.findChildren(QLabel) if label.buddy() is not None]
    assert "R&&D now" in texts
    assert not [t for t in texts if _mnemonic(t)]
