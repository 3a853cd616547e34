"""A seeded monkey on the real main window: random keys, text, clicks, tabs, History edits and
the Skills & factors / Settings / edit dialogs, with the journal checked as it goes.

After every step no exception may have escaped into Qt's event loop; every ``CHECK_EVERY``
steps the journal file passes ``PRAGMA integrity_check`` and ``foreign_key_check`` (in a
subprocess: closing a descriptor of the journal in this process would drop SQLite's locks)
and still holds every check-in the window saved; halfway, the window is closed with "keep
draft" and reopened, and the form must come back as it was typed.

A failure prints the seed and the actions so far; ``TOUCHSTONE_MONKEY_SEED=<n>`` replays one
seed. ``TOUCHSTONE_STRESS=1`` runs many more seeds and steps.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QTabBar,
    QWidget,
)

from tracker.paths import DataPaths
from tracker.services.journal import Journal
from tracker.ui import file_dialogs

pytestmark = pytest.mark.gui

STRESS = os.environ.get("TOUCHSTONE_STRESS") == "1"
_REPLAY = os.environ.get("TOUCHSTONE_MONKEY_SEED")
SEEDS = ([int(_REPLAY)] if _REPLAY else list(range(1, 41)) if STRESS else [11, 23, 37, 41])
STEPS = 1500 if STRESS else 400
CHECK_EVERY = 50

K = Qt.Key
M = Qt.KeyboardModifier
KEYS: list[tuple[Qt.Key, Qt.KeyboardModifier, str]] = [
    *((getattr(K, f"Key_{d}"), M.NoModifier, d) for d in "0123456789"),
    *((getattr(K, f"Key_{c}"), M.NoModifier, c) for c in "AEXYZ"),
    (K.Key_Tab, M.NoModifier, "Tab"), (K.Key_Backtab, M.ShiftModifier, "Shift+Tab"),
    (K.Key_Return, M.NoModifier, "Return"), (K.Key_Return, M.ControlModifier, "Ctrl+Return"),
    (K.Key_Enter, M.NoModifier, "Enter"), (K.Key_Escape, M.NoModifier, "Esc"),
    (K.Key_Z, M.ControlModifier, "Ctrl+Z"), (K.Key_Delete, M.NoModifier, "Delete"),
    (K.Key_Backspace, M.NoModifier, "Backspace"), (K.Key_Space, M.NoModifier, "Space"),
    (K.Key_Left, M.NoModifier, "Left"), (K.Key_Right, M.NoModifier, "Right"),
    (K.Key_Up, M.NoModifier, "Up"), (K.Key_Down, M.NoModifier, "Down"),
    (K.Key_PageUp, M.NoModifier, "PageUp"), (K.Key_PageDown, M.NoModifier, "PageDown"),
    (K.Key_Home, M.NoModifier, "Home"), (K.Key_End, M.NoModifier, "End"),
    (K.Key_Minus, M.NoModifier, "-"), (K.Key_Period, M.NoModifier, "."),
    (K.Key_Comma, M.NoModifier, ","), (K.Key_A, M.ControlModifier, "Ctrl+A"),
]
TEXTS = ["7", "10", "0", "-3", "3.5", "2,5", "1e9", "99999999999999999999", "nan", "inf",
         "é", "naïve café", "😀", "١٢", "−4", "\u200b", "a,b, ,c", "  ", "x" * 120,
         "2026-13-40", "24:61", "'; DROP TABLE checkins;--", "%1 %n", "<b>bold</b>", "\t"]
# buttons the monkey never presses: they quit, erase, open file dialogs or switch encryption
SKIP_BUTTONS = ("encrypt", "passphrase", "encryption off", "choose", "delete all", "quit",
                "import", "export", "restore")


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
        self.trail = None

    # driving ----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.done:
            return
        QTimer.singleShot(0, self.tick)
        modal = top_dialog()
        if self.step >= self.steps:  # close what is still open, then stop
            if modal is not None:
                self.log(f"end: close {type(modal).__name__}")
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
                self.window = self.reopen()
            else:
                self.act(modal)
        except Exception as exc:  # an invariant broke, or an exception came straight out
            self.fail(f"{type(exc).__name__}: {exc}")
            return
        if self.exceptions:
            self.fail("exception in the Qt event loop:\n" + "".join(
                _format(e) for e in self.exceptions))

    def fail(self, why: str) -> None:
        self.failure = why
        self.done = True
        for widget in QApplication.topLevelWidgets():  # unwind nested dialogs
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()

    def log(self, text: str) -> None:
        self.actions.append(f"{self.step}: {text}")
        if self.trail is not None:  # on disk as it happens: a crash or a hang leaves it
            self.trail.write(self.actions[-1] + "\n")
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
        elif modal is None and roll < 0.84:
            self.switch_tab()
        elif modal is None and roll < 0.92:
            self.edit_history_cell()
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
        self.log(f"key {name} on {_describe(target)}")
        QTest.keyClick(target, key, mod)

    def type_text(self, root: QWidget) -> None:
        text = self.rng.choice(TEXTS)
        target = self.focused(root)
        self.log(f"type {text!r} into {_describe(target)}")
        type_into(target, text)

    def click(self, root: QWidget) -> None:
        buttons = [b for b in root.findChildren(QAbstractButton)
                   if b.isVisible() and b.isEnabled() and b.window() is root.window()
                   and not isinstance(b.parent(), QTabBar)
                   and not any(s in b.text().replace("&", "").lower() for s in SKIP_BUTTONS)]
        if not buttons:
            return
        button = self.rng.choice(sorted(buttons, key=_describe))
        self.log(f"click {_describe(button)}")
        button.click()

    def focus(self, root: QWidget) -> QWidget | None:
        widgets = [w for w in root.findChildren(QWidget)
                   if w.isVisible() and w.isEnabled() and w.window() is root.window()
                   and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if not widgets:
            return None
        widget = self.rng.choice(sorted(widgets, key=_describe))
        self.log(f"focus {_describe(widget)}")
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
        text = self.rng.choice(TEXTS + ["1", "5", "9", "", "tag-a, tag-b"])
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

    def open_dialog(self) -> None:
        window = self.window
        choices = {
            "Skills & factors": window.manage_action.trigger,
            "Settings": window.habit.settings_action.trigger,
            "Edit…": window.history.edit_selected,
            "Delete": window.history.delete_selected,
            "Undo": window.undo,
        }
        name = self.rng.choice(sorted(choices))
        self.log(f"open {name}")
        choices[name]()


def top_dialog() -> QDialog | None:
    """The dialog the user would be looking at: Qt's active modal widget, or else the last
    visible dialog (offscreen, a dialog's exec does not always register as modal)."""
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QDialog):
        return modal
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    return max(shown, key=_depth) if shown else None


def _depth(widget: QWidget) -> int:
    depth = 0
    while (widget := widget.parentWidget()) is not None:
        depth += 1
    return depth


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` as key events; QTest cannot type beyond ASCII, so those go as raw events
    carrying the character (as an input method delivers it)."""
    for ch in text:
        if not shiboken6.isValid(widget) or not widget.isVisible():
            return  # a keystroke closed it (an editor committed, a dialog went)
        if ch.isascii() and ch.isprintable():
            QTest.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, M.NoModifier, ch))


def _describe(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({(name or text).replace('&', '')!r})"


def _format(exc_info) -> str:
    import traceback

    return "".join(traceback.format_exception(*exc_info))


_CHECK_SCRIPT = """
import json, sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
ids = {row[0] for row in db.execute("SELECT id FROM checkins")}
unrated = [row[0] for row in db.execute(
    "SELECT id FROM checkins WHERE id NOT IN (SELECT checkin_id FROM ratings)")]
print(json.dumps({
    "integrity": db.execute("PRAGMA integrity_check").fetchall(),
    "foreign_keys": db.execute("PRAGMA foreign_key_check").fetchall(),
    "ids": sorted(ids), "unrated": unrated,
}))
db.close()
"""


def journal_facts(database: Path) -> dict:
    """The journal file as another process sees it (this one keeps its locks)."""
    out = subprocess.run([sys.executable, "-c", _CHECK_SCRIPT, str(database)],
                         capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout)


def seed_journal(journal: Journal) -> None:
    """Two skills, two custom factors and a few check-ins, through the services."""
    overall = journal.add_skill("Overall", "lost", "solid", "world class").ids[0]
    writing = journal.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]
    coffee = journal.add_factor("Coffee", "number", 0, 12, 0.5, "cups").ids[0]
    journal.add_factor("Exercise", "yesno")
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(days=6)
    for day in range(5):
        journal.record(ratings={overall: 3 + day, writing: 8 - day},
                       values={"mood": 5 + day % 3, coffee: day * 0.5},
                       tags=["seed", f"d{day}"], note=f"day {day}",
                       at=start + timedelta(days=day))


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
    from tracker.ui.habit import install_habit

    seed_journal(journal)
    saved: set[str] = set()
    deleted: set[str] = set()
    record, delete = journal.record, journal.delete

    def spy_record(**kwargs):
        change = record(**kwargs)
        saved.update(change.ids)
        return change

    def spy_delete(checkin_id):
        deleted.add(checkin_id)
        return delete(checkin_id)

    journal.record, journal.delete = spy_record, spy_delete

    def open_window():
        window = make_window()
        window.add_habit(install_habit(window, journal, window.settings, tray_available=False,
                                       autostart_home=tmp_path / "autostart"))
        return window

    database = DataPaths(data_dir).database

    def checks() -> None:
        facts = journal_facts(database)
        assert facts["integrity"] == [["ok"]], facts["integrity"]
        assert facts["foreign_keys"] == [], facts["foreign_keys"]
        assert facts["unrated"] == [], f"check-ins without a rating: {facts['unrated']}"
        missing = saved - deleted - set(facts["ids"])
        assert not missing, f"saved check-ins missing from the journal: {missing}"

    def reopen():
        old = monkey.window
        typed = old.form.state()
        boxes.draft_answer = "keep"
        assert old.close(), "the window refused to close"
        new = open_window()
        assert new.form.state() == typed, "the draft did not survive closing the window"
        return new

    trail = Path(os.environ.get("TOUCHSTONE_MONKEY_TRAIL", tmp_path)) / f"monkey-{seed}.txt"
    with qtbot.capture_exceptions() as exceptions, trail.open("w") as trail_file:
        monkey = Monkey(seed, steps, open_window(), reopen, checks, exceptions, boxes)
        monkey.trail = trail_file
        QTimer.singleShot(0, monkey.tick)
        qtbot.waitUntil(lambda: monkey.done, timeout=steps * 400)
        if monkey.failure is None and exceptions:
            monkey.fail("exception in the Qt event loop:\n" + "".join(
                _format(e) for e in exceptions))
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
