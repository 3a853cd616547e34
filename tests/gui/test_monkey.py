"""A seeded monkey on the real main window: random keys, text, clicks, tabs, History cell
edits, the dashboard's range, skill, views and "Show as table", and the dialogs (Skills &
factors, Settings, edit, Reality's log / outcome / re-rate), with the journal checked as it goes.

After every step no exception may have escaped into Qt's event loop; every ``CHECK_EVERY``
steps the journal file passes ``PRAGMA integrity_check`` and ``foreign_key_check`` (in a
subprocess: closing a descriptor of the journal in this process would drop SQLite's locks)
and holds every check-in the window saved, edited or brought back by undo exactly as the
journal returned it; halfway, the window is closed with "keep draft" and reopened, and the
form must come back as it was typed.

A failure prints the seed and the actions so far (also written to ``monkey-<seed>.txt`` in
``TOUCHSTONE_MONKEY_TRAIL`` or the test's tmp dir as they happen, for a crash or a hang);
``TOUCHSTONE_MONKEY_SEED=<n>`` replays one seed. ``TOUCHSTONE_STRESS=1`` runs 40 seeds x 1500
steps; ``make stress`` runs them on two workers beside a CPU hog (``tests/gui/cpu_hog.py``).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QTabBar,
    QWidget,
)

from tests.gui.monkey_support import (
    CELL_TEXTS,
    KEYS,
    POPUP_KEYS,
    SKIP_BUTTONS,
    TEXTS,
    K,
    M,
    as_stored,
    describe,
    format_exceptions,
    journal_facts,
    seed_journal,
    top_dialog,
    type_into,
)
from tracker.domain.validation import validate_checkin
from tracker.paths import DataPaths
from tracker.ui import file_dialogs

pytestmark = pytest.mark.gui

STRESS = os.environ.get("TOUCHSTONE_STRESS") == "1"
_REPLAY = os.environ.get("TOUCHSTONE_MONKEY_SEED")
SEEDS = ([int(_REPLAY)] if _REPLAY else list(range(1, 41)) if STRESS else [11, 23, 37, 41])
STEPS = 1500 if STRESS else 400
CHECK_EVERY = 50


class Monkey:
    """One seeded run; ``tick`` does one action and schedules the next before doing it, so
    a step that opens a modal dialog keeps the monkey going inside that dialog's loop."""

    def __init__(self, seed: int, steps: int, window, reopen: Callable[[], object],
                 checks: Callable[[], None], exceptions: list, boxes) -> None:
        self.rng = random.Random(seed)
        self.seed, self.steps = seed, steps
        self.window, self.reopen, self.checks = window, reopen, checks
        self.exceptions, self.boxes = exceptions, boxes
        self.actions: list[str] = []
        self.step = 0
        self.done = False
        self.failure: str | None = None
        self.reopened = False
        self.busy = False  # a step of the harness's own still runs (its wait spins the loop)
        self.trail = None
        self.started = time.monotonic()

    # driving ----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.done:
            return
        QTimer.singleShot(0, self.tick)
        if self.busy:  # no step inside the reopen's wait: it would act on the closed window
            return
        # a menu or a combo box's list (Space on "Export", on a combo box) runs its own loop
        # and takes the keys: answer it first, and never stop with one open (a hang)
        popup = QApplication.activePopupWidget()
        if popup is not None:
            if self.step >= self.steps:
                self.log(f"end: close {type(popup).__name__}")
                popup.close()
                return
            self.step += 1
            key, _mod, name = self.rng.choice(POPUP_KEYS)
            self.log(f"key {name} on {describe(popup)}")
            QTest.keyClick(popup, key)
            return
        modal = top_dialog()
        if self.step >= self.steps:  # close what is still open, then stop
            if modal is not None:
                self.log(f"end: close {type(modal).__name__}")
                leave = (modal.button(QMessageBox.StandardButton.Discard)
                         if isinstance(modal, QMessageBox) else None)
                if leave is not None:  # "unsaved changes?": cancelling it keeps its dialog open
                    leave.click()
                else:
                    modal.reject()
            else:
                self.done = True
            return
        self.step += 1
        try:
            if modal is None and self.step % CHECK_EVERY == 0:
                self.log("check invariants")
                self.checks()
            if modal is None and not self.reopened and self.step >= self.steps // 2:
                self.reopened = True
                self.log("close (keep draft) and reopen")
                self.busy = True
                try:
                    self.window = self.reopen()
                finally:
                    self.busy = False
            else:
                self.act(modal)
        except Exception as exc:  # an invariant broke, or an exception came straight out
            self.fail(f"{type(exc).__name__}: {exc}")
            return
        if self.exceptions:
            self.fail("exception in the Qt event loop:\n"
                      + format_exceptions(self.exceptions))

    def fail(self, why: str) -> None:
        self.failure = why
        self.done = True
        for _ in range(10):  # menus and lists first: they run their own loops
            if (popup := QApplication.activePopupWidget()) is None or not popup.close():
                break
        for widget in QApplication.topLevelWidgets():  # unwind nested dialogs
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def log(self, text: str) -> None:
        self.actions.append(f"{self.step}: {text}")
        if self.trail is not None:  # on disk as it happens: a crash or a hang leaves it
            self.trail.write(f"{time.monotonic() - self.started:8.1f}s {self.actions[-1]}\n")
            self.trail.flush()

    def report(self) -> str:
        return (f"monkey seed {self.seed} failed at step {self.step}: {self.failure}\n"
                f"replay: TOUCHSTONE_MONKEY_SEED={self.seed}\nactions:\n  "
                + "\n  ".join(self.actions))

    # actions ----------------------------------------------------------------------------
    def act(self, modal: QWidget | None) -> None:
        rng = self.rng
        self.boxes.confirm_answer = rng.random() < 0.5
        if modal is not None and rng.random() < 0.04:
            self.log(f"Esc on {type(modal).__name__}")
            modal.reject()
            return
        root = modal or self.window
        roll = rng.random()
        if roll < 0.38:
            self.key(root)
        elif roll < 0.52:
            self.type_text(root)
        elif roll < 0.66:
            self.click(root)
        elif roll < 0.78:
            self.focus(root)
        elif modal is None and roll < 0.83:
            self.switch_tab()
        elif modal is None and roll < 0.89:
            self.edit_history_cell()
        elif modal is None and roll < 0.94:
            self.use_dashboard()
        elif modal is None:
            self.open_dialog()
        else:
            self.key(root)

    def focused(self, root: QWidget) -> QWidget:
        widget = QApplication.focusWidget()
        if widget is None or not widget.isVisible() or not (
                widget is root or root.isAncestorOf(widget)):
            widget = self.focus(root)
        return widget or root

    def key(self, root: QWidget) -> None:
        key, mod, name = self.rng.choice(KEYS)
        target = self.focused(root)
        if name == "Esc" and root is self.window and self.rng.random() < 0.5:
            name, key = "Tab", K.Key_Tab  # Esc on the form asks to clear it: not too often
        self.log(f"key {name} on {describe(target)}")
        QTest.keyClick(target, key, mod)

    def type_text(self, root: QWidget) -> None:
        text = self.rng.choice(TEXTS)
        target = self.focused(root)
        self.log(f"type {text!r} into {describe(target)}")
        type_into(target, text)

    def click(self, root: QWidget) -> None:
        buttons = [b for b in root.findChildren(QAbstractButton)
                   if b.isVisible() and b.isEnabled() and b.window() is root.window()
                   and not isinstance(b.parent(), QTabBar)
                   and not any(s in b.text().replace("&", "").lower() for s in SKIP_BUTTONS)]
        if not buttons:
            return
        button = self.rng.choice(sorted(buttons, key=describe))
        self.log(f"click {describe(button)}")
        button.click()

    def focus(self, root: QWidget) -> QWidget | None:
        widgets = [w for w in root.findChildren(QWidget)
                   if w.isVisible() and w.isEnabled() and w.window() is root.window()
                   and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if not widgets:
            return None
        widget = self.rng.choice(sorted(widgets, key=describe))
        self.log(f"focus {describe(widget)}")
        root.window().activateWindow()
        widget.setFocus(Qt.FocusReason.MouseFocusReason)
        return widget

    def switch_tab(self) -> None:
        tabs = self.window.tabs
        index = self.rng.choice([0, 0, 1, 1, 1] + list(range(2, tabs.count())))
        self.log(f"tab {tabs.tabText(index)}")
        tabs.setCurrentIndex(index)

    def edit_history_cell(self) -> None:
        history = self.window.history
        self.window.tabs.setCurrentIndex(self.window.HISTORY_TAB)
        table = history.table
        model = table.model()
        if model.rowCount() == 0:
            return
        row = self.rng.randrange(model.rowCount())
        column = self.rng.randrange(model.columnCount())
        index = model.index(row, column)
        text = self.rng.choice(CELL_TEXTS)
        self.log(f"edit history cell ({row}, {column}) with {text!r}")
        table.setFocus()
        table.setCurrentIndex(index)
        table.edit(index)
        editor = QApplication.focusWidget()
        if editor is None or editor is table:
            return
        QTest.keyClick(editor, K.Key_A, M.ControlModifier)
        if text:
            type_into(editor, text)
        if shiboken6.isValid(editor) and editor.isVisible():
            QTest.keyClick(editor, self.rng.choice([K.Key_Return, K.Key_Tab, K.Key_Escape]))

    def use_dashboard(self) -> None:
        """Its range, skill, view or "Show as table" (a few times over, as seed 26 did)."""
        window = self.window
        window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
        dashboard = window.dashboard()
        roll = self.rng.random()
        if roll < 0.5:
            box = dashboard.range_box if roll < 0.35 else dashboard.skill_box
            if box.count():
                index = self.rng.randrange(box.count())
                self.log(f"dashboard {box.accessibleName()}: {box.itemText(index)}")
                box.setCurrentIndex(index)
        elif roll < 0.8:
            times = self.rng.randint(1, 3)
            self.log(f"click Show as table x{times}")
            for _ in range(times):
                dashboard.table_button.click()
        else:
            index = self.rng.randrange(dashboard.tab_bar.count())
            self.log(f"dashboard view {dashboard.tab_bar.tabText(index)}")
            dashboard.tab_bar.setCurrentIndex(index)

    def open_dialog(self) -> None:
        window = self.window
        reality = window.reality
        choices = {
            "Skills & factors": window.manage_action.trigger,
            "Settings": window.settings_and_help.settings_action.trigger,
            "Edit…": window.history.edit_selected,
            "Delete": window.history.delete_selected,
            "Undo": window.undo,
            "Log an evaluation": reality.log_action.trigger,
            "Record an outcome": reality.resolve_action.trigger,
            "Re-rate a past day": reality.rerate_action.trigger,
        }
        name = self.rng.choice(sorted(choices))
        self.log(f"open {name}")
        choices[name]()


@pytest.fixture
def quiet_dialogs(monkeypatch: pytest.MonkeyPatch, boxes, tmp_path: Path) -> None:
    """No native file dialog, no blocking information box; relative paths land in tmp."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: ("", ""))
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *a, **k: ("", ""))
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *a, **k: "")

    def record(kind: str):
        def box(parent, title, text, *args, **kwargs):
            boxes.shown.append((kind, text))
            return QMessageBox.StandardButton.Ok
        return box

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "about", record("about"))


@pytest.fixture
def run_monkey(qtbot, journal, data_dir, make_window, boxes, quiet_dialogs, tmp_path):
    """``run(seed, steps)``: the monkey on a seeded journal; returns it (``failure`` set or
    None)."""
    return lambda seed, steps: _run(seed, steps, qtbot, journal, data_dir, make_window, boxes,
                                    tmp_path)


@pytest.mark.parametrize("seed", SEEDS)
def test_monkey(seed, run_monkey) -> None:
    monkey = run_monkey(seed, STEPS)
    assert monkey.failure is None, monkey.report()


def test_monkey_reports_an_escaped_exception_with_its_seed(run_monkey, monkeypatch) -> None:
    """The harness itself: a slot that raises fails the run, naming the seed and the steps."""
    from tracker.ui.main_window import MainWindow

    def broken(self):
        raise RuntimeError("planted")

    monkeypatch.setattr(MainWindow, "save_checkin", broken)
    monkey = run_monkey(11, 60)  # seed 11 presses "Save the check-in" at its first step
    assert monkey.failure is not None and "RuntimeError: planted" in monkey.failure
    report = monkey.report()
    assert "TOUCHSTONE_MONKEY_SEED=11" in report and "1: click QPushButton" in report


def _run(seed, steps, qtbot, journal, data_dir, make_window, boxes, tmp_path) -> Monkey:
    from habit_support import install_all

    seed_journal(journal)
    # what the window saved, as the journal returned it: every record, edit (History's cells,
    # the edit dialog), delete and undo; each check compares the file with it
    expected: dict[str, dict] = {}
    removed: dict[str, dict] = {}
    record, update, delete, undo = journal.record, journal.update, journal.delete, journal.undo

    def remember(change):
        for checkin_id in change.ids:
            if (checkin := journal.get(checkin_id)) is not None:
                expected[checkin_id] = as_stored(checkin)
        return change

    def spy_delete(checkin_id):
        change = delete(checkin_id)
        if checkin_id in expected:
            removed[checkin_id] = expected.pop(checkin_id)
        return change

    def spy_undo():
        change = undo()
        for checkin_id in change.ids if change is not None else ():
            if checkin_id in removed:  # back exactly as it was deleted
                expected[checkin_id] = removed.pop(checkin_id)
        return change

    def spy_update(checkin):  # the file must hold the edit as typed (once validated)
        change = update(checkin)
        skills = {s.id: s for s in journal.skills(include_archived=True)}
        factors = {f.id: f for f in journal.factors(include_archived=True)}
        expected[checkin.id] = as_stored(validate_checkin(checkin, skills, factors,
                                                          require_rating=False))
        return change

    journal.record = lambda **kwargs: remember(record(**kwargs))
    journal.update = spy_update
    journal.delete, journal.undo = spy_delete, spy_undo

    def open_window():
        window = make_window()
        window.add_settings_and_help(install_all(
            window, journal, window.settings, tray_available=False,
            autostart_home=tmp_path / "autostart").extras)
        return window

    database = DataPaths(data_dir).database

    def checks() -> None:
        facts = journal_facts(database)
        assert facts["integrity"] == [["ok"]], facts["integrity"]
        assert facts["foreign_keys"] == [], facts["foreign_keys"]
        stored = facts["checkins"]
        unrated = [i for i, row in stored.items() if not row["ratings"]]
        assert unrated == [], f"check-ins without a rating: {unrated}"
        missing = set(expected) - set(stored)
        assert not missing, f"saved check-ins missing from the journal: {missing}"
        for checkin_id, content in expected.items():
            assert stored[checkin_id] == content, (
                f"check-in {checkin_id} is not as saved: {stored[checkin_id]} != {content}")

    def reopen():
        old, step = monkey.window, monkey.step
        typed = old.form.state()
        boxes.draft_answer = "keep"
        assert old.close(), "the window refused to close"
        new = open_window()  # its waits spin the event loop: the monkey must not step in it
        assert monkey.step == step, "the monkey stepped while the window was reopening"
        assert new.form.state() == typed, "the draft did not survive closing the window"
        return new

    trail = Path(os.environ.get("TOUCHSTONE_MONKEY_TRAIL", tmp_path)) / f"monkey-{seed}.txt"
    with qtbot.capture_exceptions() as exceptions, trail.open("w") as trail_file:
        monkey = Monkey(seed, steps, open_window(), reopen, checks, exceptions, boxes)
        monkey.trail = trail_file
        QTimer.singleShot(0, monkey.tick)
        qtbot.waitUntil(lambda: monkey.done, timeout=steps * 400)
        if monkey.failure is None and exceptions:
            monkey.fail("exception in the Qt event loop:\n" + format_exceptions(exceptions))
        if monkey.failure is None:
            try:
                checks()
            except AssertionError as exc:
                monkey.fail(f"AssertionError: {exc}")
        # before the journal closes: windows closed, queued refreshes spent
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        qtbot.wait(20)
    return monkey


def test_monkey_reports_an_edit_the_journal_did_not_keep(run_monkey, monkeypatch) -> None:
    """The harness itself: an edit reported as saved but not written is caught by the check."""
    from tracker.store.repository import Store

    monkeypatch.setattr(Store, "update_checkin", lambda self, checkin: None)
    monkey = run_monkey(11, 100)
    assert monkey.failure is not None and "is not as saved" in monkey.failure, monkey.report()


def test_monkey_never_stops_inside_a_menu_it_opened(run_monkey, monkeypatch) -> None:
    """The harness itself: a menu runs its own event loop (Space on the dashboard's "Export"
    opens one); a monkey that stopped with it open never returned (stress seeds 26, 40)."""
    from PySide6.QtWidgets import QMenu

    from tracker.ui.main_window import MainWindow

    ends: list[str] = []

    def open_menu(self) -> None:  # seed 11's first step presses "Save the check-in"
        menu = QMenu()  # no parent: closing the window does not close it
        menu.addAction("one")
        menu.addAction("two")
        QTimer.singleShot(20_000, menu, lambda: ends.append("left open"))
        QTimer.singleShot(20_000, menu, menu.close)  # only so that the old harness returns
        menu.exec(self.mapToGlobal(self.rect().center()))
        ends.append("closed")

    monkeypatch.setattr(MainWindow, "save_checkin", open_menu)
    monkey = run_monkey(11, 2)  # the reopen first, then "Save" opens the menu
    assert monkey.failure is None, monkey.report()
    assert ends == ["closed"] and QApplication.activePopupWidget() is None, monkey.report()
