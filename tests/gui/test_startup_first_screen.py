"""Start-up builds the first screen first: the form paints and takes keys, the rest follows."""

from __future__ import annotations

import builtins
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.start_stages import add_checkin, loaded_at_each_stage
from tracker.cli import window_launch
from tracker.cli.parser import build_parser
from tracker.settings import Settings

pytestmark = pytest.mark.gui

REALITY_ACTIONS = ["&Log an evaluation…", "Record an &outcome…", "&Re-rate a past day…"]


@pytest.fixture
def first_screen(make_window, skills):
    """A MainWindow as the application shows it: everything but the first screen deferred."""
    return lambda settings=None: make_window(settings=settings, defer_rest=True)


def menu(window, title: str):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def history_view(window):
    from tracker.ui.history_view import HistoryView

    return window.tabs.widget(window.HISTORY_TAB).findChild(HistoryView)


def test_the_first_screen_takes_keys_and_saves_before_the_rest_is_built(
        qtbot, kb, first_screen, skills, journal):
    overall, _ = skills
    window = first_screen()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Check in", "History", "Dashboard", "Reality"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Skills && factors…", "&Measure now…",
                      "&Reality", "&Help"]
    assert history_view(window) is None and menu(window, "&Reality").actions() == []

    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.type("7")
    assert window.form.rating_input(overall).value() == 7
    kb.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the save key
    assert journal.count() == 1 and journal.checkins()[0].ratings == {overall: 7}
    assert window.form.rating_input(overall).value() is None  # a fresh form for the next one
    file_menu = menu(window, "&File")
    assert file_menu.actions() == []  # the actions come just after the first paint …
    file_menu.aboutToShow.emit()  # … or when a menu first opens
    assert [a.text() for a in file_menu.actions()][-1] == "&Quit"
    assert window.undo_action.isEnabled() is False

    window.finish_start_up()
    assert [a.text() for a in menu(window, "&Reality").actions()] == REALITY_ACTIONS
    assert window.backup_label.text() == "Last backup: never"
    assert window.reality.tab_index == 3
    window.reality.timer.stop()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    qtbot.waitUntil(lambda: history_view(window).model.rowCount() == 1)
    assert history_view(window) is window.history


def test_a_tab_shown_before_the_rest_is_built_is_built_at_once(qtbot, first_screen, journal,
                                                                skills):
    from tracker.ui.reality.panel import RealityPanel

    journal.record(ratings={skills[0]: 4}, note="before the window")
    window = first_screen()
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    assert history_view(window) is not None
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 1)
    window.tabs.setCurrentIndex(3)
    assert window.tabs.widget(3).findChild(RealityPanel) is window.reality.panel
    window.reality.timer.stop()
    assert [a.text() for a in menu(window, "&Reality").actions()] == REALITY_ACTIONS
    window.finish_start_up()  # nothing is built twice
    assert window.tabs.count() == 4
    assert len(window.tabs.widget(3).findChildren(RealityPanel)) == 1


def test_factors_hidden_in_the_settings_are_not_on_the_first_screen(first_screen, data_dir):
    settings = Settings.load(data_dir / "settings.json")
    settings.hidden_factors = ["hunger"]
    window = first_screen(settings)
    with pytest.raises(KeyError):
        window.form.factor_input("hunger")
    assert window.form.factor_input("mood") is not None


@pytest.mark.parametrize("argv", [
    [], ["--demo"], ["--exit-when-ready"], ["--data-dir", "/tmp/x"],
    ["--data-dir=/tmp/y", "--demo"], ["--data-dir", "a", "--data-dir", "b", "--exit-when-ready"],
])
def test_a_window_launch_is_parsed_as_the_full_parser_would(argv):
    quick = window_launch(argv)
    assert quick is not None and vars(quick) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["list"], ["--demo", "add"], ["--data-dir"], ["--data-dir", "--demo"], ["--data-dir="],
    ["--help"], ["-h"], ["--version"], ["--data"], ["--", "x"],
])
def test_anything_else_goes_to_the_full_parser(argv):
    assert window_launch(argv) is None


def test_pyside_reads_no_source_of_a_qt_free_module(monkeypatch):
    from tracker.startup_imports import KnownQtFreeModules

    feature = sys.modules["shibokensupport.feature"]
    read: list[str] = []
    checker = feature._mod_uses_pyside
    monkeypatch.setattr(feature, "_mod_uses_pyside",
                        lambda module: read.append(module.__name__) or checker(module))
    name = "tabnanny"  # a standard module nothing else here imports
    monkeypatch.delitem(sys.modules, name, raising=False)
    feature.pyside_feature_dict.pop(name, None)
    hook = KnownQtFreeModules.install()
    assert hook is not None
    try:
        __import__(name)  # an import statement: PySide6 checks the module afterwards
    finally:
        hook.uninstall()
    assert name not in read and feature.pyside_feature_dict[name] == -1
    assert hook not in sys.meta_path


def test_plain_imports_during_start_up_then_pyside_imports_again(monkeypatch, tmp_path):
    from tracker.startup_imports import PlainImports

    table = sys.modules["shibokensupport.feature"].pyside_feature_dict
    (tmp_path / "startup_probe_qt.py").write_text("USES = 'PySide6'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "startup_probe_qt", raising=False)
    table.pop("startup_probe_qt", None)
    feature_import = builtins.__import__
    assert feature_import is builtins.__feature_import__
    plain = PlainImports()
    try:
        assert builtins.__import__ is builtins.__orig_import__
        __import__("startup_probe_qt")
        assert "startup_probe_qt" not in table
    finally:
        plain.end()
    assert builtins.__import__ is feature_import
    assert table["startup_probe_qt"] == 0  # registered afterwards as PySide6 would have
    plain.end()  # idempotent
    assert builtins.__import__ is feature_import


def test_the_real_start_paints_before_the_database_and_completes_after(data_dir):
    add_checkin(data_dir)
    lines = loaded_at_each_stage(data_dir, ("sqlalchemy", "tracker.ui.history_view",
                                            "tracker.ui.reality.panel", "tracker.ui.tray"))
    assert lines == [
        "first_paint: none",
        "ready: sqlalchemy",
        "exit: sqlalchemy,tracker.ui.history_view,tracker.ui.reality.panel,tracker.ui.tray",
    ]


def test_the_light_window_needs_no_style_sheet(first_screen):
    """Any application style sheet sends every widget through Qt's style-sheet engine
    (milliseconds at the first paint): the light look is palette, fonts and painted cards."""
    from PySide6.QtGui import QFont, QPalette
    from PySide6.QtWidgets import QLabel

    from tracker.ui.card import Card

    window = first_screen()
    assert QApplication.instance().styleSheet() == ""
    cards = window.form.findChildren(Card)
    assert len(cards) == 3 and all(card.isVisible() for card in cards)
    labels = {label.text(): label for label in window.form.findChildren(QLabel)}
    title = labels["How skilled are you today?"]
    assert title.font().weight() == QFont.Weight.DemiBold
    hint = labels["Skip a skill you cannot judge today."]
    assert hint.foregroundRole() == QPalette.ColorRole.PlaceholderText
    # sizes come from the application's font, set before the window's widgets exist
    base = QApplication.instance().font().pointSizeF()
    assert title.font().pointSizeF() == pytest.approx(base * 1.15)
    assert hint.font().pointSizeF() == pytest.approx(base * 0.9)
    # a card paints its own rounded panel in the base colour
    image = cards[0].grab().toImage()
    inside = image.pixelColor(image.width() // 2, 3)
    assert inside == QApplication.instance().palette().color(QPalette.ColorRole.Base)
