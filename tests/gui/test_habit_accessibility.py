"""Every control in the habit dialogs is named and reachable by keyboard; About and Methods."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QTabBar,
    QWidget,
)

from tracker import __version__
from tracker.ui import methods_page
from tracker.ui.about_dialog import AboutDialog
from tracker.ui.methods_page import MethodsPage, methods_file
from tracker.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


def controls(dialog: QDialog) -> list[QWidget]:
    """Visible widgets a keyboard user can reach (not the inner editors of spin/combo boxes)."""
    found = []
    for w in dialog.findChildren(QWidget):
        if not w.isVisibleTo(dialog) or not w.isEnabled():
            continue
        if not (w.focusPolicy() & Qt.FocusPolicy.TabFocus) or w.focusProxy() is not None:
            continue
        if isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue
        found.append(w)
    return found


def buddy_label(dialog: QDialog, widget: QWidget) -> QLabel | None:
    for label in dialog.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is widget or (buddy is not None and buddy.focusProxy() is widget):
            return label
    return None


def name_of(dialog: QDialog, widget: QWidget) -> str:
    label = buddy_label(dialog, widget)
    return widget.accessibleName() or (label.text().replace("&", "") if label else "")


@pytest.fixture
def settings_dialog(qtbot, journal, data_dir):
    from tracker.settings import Settings

    dialog = SettingsDialog(Settings.load(data_dir / "settings.json"), journal, lambda c: None,
                            tray_available=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    return dialog


def every_page(dialog: SettingsDialog):
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        yield index


def test_every_settings_control_has_a_name(settings_dialog):
    d = settings_dialog
    for twice in (False, True):
        for mode in ("random", "fixed"):
            d.twice.setChecked(twice)
            d.mode.setCurrentIndex(d.mode.findData(mode))
            for _ in every_page(d):
                unnamed = [type(w).__name__ for w in controls(d) if not name_of(d, w)]
                assert unnamed == []


@pytest.mark.parametrize("make", [lambda j: AboutDialog(j.data_dir), lambda j: MethodsPage()])
def test_about_and_methods_controls_have_names(qtbot, journal, make):
    dialog = make(journal)
    qtbot.addWidget(dialog)
    dialog.show()
    found = controls(dialog)
    assert found and all(w.accessibleName() for w in found)


def test_tab_reaches_every_control_on_each_page(qtbot, settings_dialog):
    d = settings_dialog
    for _ in every_page(d):
        d.tabs.tabBar().setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is d.tabs.tabBar())
        wanted = set(controls(d))
        reached = set()
        for _ in range(len(wanted) + 3):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            reached.add(QApplication.focusWidget())
        missing = [name_of(d, w) or type(w).__name__ for w in wanted - reached]
        assert missing == []


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def test_mnemonics_are_unique_per_page_and_move_the_focus(qtbot, settings_dialog):
    d = settings_dialog
    tabs = [mnemonic(d.tabs.tabText(i)) for i in range(d.tabs.count())]
    assert None not in tabs and len(set(tabs)) == len(tabs)
    for mode, twice in (("random", False), ("random", True), ("fixed", False), ("fixed", True)):
        d.mode.setCurrentIndex(d.mode.findData(mode))
        d.twice.setChecked(twice)
        check_page_mnemonics(qtbot, d, tabs)


def check_page_mnemonics(qtbot, d: SettingsDialog, tabs: list[str | None]) -> None:
    for index in every_page(d):
        page = d.tabs.widget(index)
        keyed: dict[str, QWidget] = {}
        for w in page.findChildren(QWidget):
            if not w.isVisibleTo(page):
                continue
            if isinstance(w, QLabel) and w.buddy() is not None:
                key, target = mnemonic(w.text()), w.buddy()
            elif isinstance(w, QAbstractButton):
                key, target = mnemonic(w.text()), w
            else:
                continue
            assert key is not None, f"no mnemonic: {w.text()!r}"
            assert key not in keyed and key not in tabs, f"{key!r} used twice on page {index}"
            keyed[key] = target
        for key, target in keyed.items():
            if isinstance(target, QAbstractButton) and not target.isCheckable():
                continue  # Alt+key would click it (opens a dialog)
            if not target.isEnabled():
                continue  # unique all the same, but Alt+key rightly does nothing
            d.tabs.tabBar().setFocus()
            if isinstance(target, QAbstractButton):  # a check box: Alt+key toggles it
                before = target.isChecked()
                qtbot.keyClick(d, key, Qt.KeyboardModifier.AltModifier)
                qtbot.waitUntil(lambda t=target, b=before: t.isChecked() != b)
                target.setChecked(before)
                continue
            qtbot.keyClick(d, key, Qt.KeyboardModifier.AltModifier)
            focus = QApplication.focusWidget()
            assert focus is target or focus is target.focusProxy(), key
        assert not any(isinstance(w, QTabBar) for w in keyed.values())


def test_alt_letter_switches_pages(qtbot, settings_dialog):
    d = settings_dialog
    qtbot.keyClick(d, "g", Qt.KeyboardModifier.AltModifier)
    assert d.tabs.currentIndex() == 2
    qtbot.keyClick(d, "o", Qt.KeyboardModifier.AltModifier)
    assert d.tabs.currentIndex() == 1


def test_space_ticks_a_factor(qtbot, settings_dialog):
    d = settings_dialog
    d.tabs.setCurrentIndex(1)
    d.factor_list.setFocus()
    d.factor_list.setCurrentRow(2)
    qtbot.keyClick(d.factor_list, Qt.Key.Key_Space)
    assert d.hidden_factors() == [d.factor_list.item(2).data(Qt.ItemDataRole.UserRole)]


def test_about_shows_version_data_dir_and_licence(qtbot, journal):
    dialog = AboutDialog(journal.data_dir)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert __version__ in text and str(journal.data_dir) in text and "MIT" in text


def test_methods_page_renders_docs_methods(qtbot):
    assert methods_file().is_file()
    page = MethodsPage()
    qtbot.addWidget(page)
    text = page.browser.toPlainText()
    assert "Autocorrelation and effective n" in text and "##" not in text  # rendered, not raw


def test_methods_found_in_a_frozen_layout_and_missing_says_so(qtbot, tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    (bundle / "resources").mkdir(parents=True)
    monkeypatch.setattr(methods_page, "resources_dir", lambda: bundle / "resources")
    page = MethodsPage()
    qtbot.addWidget(page)
    assert "missing from this installation" in page.browser.toPlainText()
    (bundle / "docs").mkdir()
    (bundle / "docs" / "METHODS.md").write_text("# Frozen methods\n\nIt *works*.\n")
    page = MethodsPage()
    qtbot.addWidget(page)
    assert page.browser.toPlainText().startswith("Frozen methods")
