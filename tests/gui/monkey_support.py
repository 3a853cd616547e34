"""The GUI monkey's vocabulary (keys, texts), its view of the screen (the dialog on top), and
the journal as another process reads it (``tests/gui/test_monkey.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
import traceback
from datetime import datetime, timedelta
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget

from tracker.domain import CheckIn
from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.store.instants import encode

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
POPUP_KEYS = [(K.Key_Escape, M.NoModifier, "Esc"), (K.Key_Down, M.NoModifier, "Down"),
              (K.Key_Up, M.NoModifier, "Up"), (K.Key_Return, M.NoModifier, "Return")]
TEXTS = ["7", "10", "0", "-3", "3.5", "2,5", "1e9", "99999999999999999999", "nan", "inf",
         "é", "naïve café", "😀", "١٢", "−4", "\u200b", "a,b, ,c", "  ", "x" * 120,
         "2026-13-40", "24:61", "'; DROP TABLE checkins;--", "%1 %n", "<b>bold</b>", "\t"]
CELL_TEXTS = [*TEXTS, "1", "5", "9", "", "tag-a, tag-b"]
# buttons the monkey never presses: they quit, erase, open file dialogs or switch encryption
SKIP_BUTTONS = ("encrypt", "passphrase", "encryption off", "choose", "delete all", "quit",
                "import", "export", "restore")


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


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__}({(name or text).replace('&', '')!r})"


def format_exceptions(exceptions) -> str:
    return "".join("".join(traceback.format_exception(*e)) for e in exceptions)


_CHECK_SCRIPT = """
import json, sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
rows = {}
for id_, at, offset, note in db.execute(
        "SELECT id, at_utc_us, utc_offset_min, note FROM checkins"):
    rows[id_] = {"at": [at, offset], "note": note, "ratings": {}, "values": {}, "tags": []}
for id_, skill, value in db.execute("SELECT checkin_id, skill_id, value FROM ratings"):
    rows[id_]["ratings"][skill] = value
for id_, factor, value in db.execute("SELECT checkin_id, factor_id, value FROM factor_values"):
    rows[id_]["values"][factor] = value
for id_, tag in db.execute("SELECT checkin_id, tag FROM checkin_tags ORDER BY position"):
    rows[id_]["tags"].append(tag)
print(json.dumps({
    "integrity": db.execute("PRAGMA integrity_check").fetchall(),
    "foreign_keys": db.execute("PRAGMA foreign_key_check").fetchall(),
    "checkins": rows,
}))
db.close()
"""


def journal_facts(database: Path) -> dict:
    """The journal file as another process sees it (this one keeps its locks)."""
    out = subprocess.run([sys.executable, "-c", _CHECK_SCRIPT, str(database)],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def as_stored(checkin: CheckIn) -> dict:
    """``checkin`` in the shape ``journal_facts`` reads it back."""
    return {"at": list(encode(checkin.at)), "note": checkin.note,
            "ratings": dict(checkin.ratings), "values": dict(checkin.values),
            "tags": list(checkin.tags)}


def seed_journal(journal: Journal) -> None:
    """Two skills, two custom factors, check-ins of this week and of six weeks ago (old
    enough to re-rate blind), and an evaluation whose outcome is overdue."""
    overall = journal.add_skill("Overall", "lost", "solid", "world class").ids[0]
    writing = journal.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]
    coffee = journal.add_factor("Coffee", "number", 0, 12, 0.5, "cups").ids[0]
    journal.add_factor("Exercise", "yesno")
    now = datetime.now().astimezone().replace(microsecond=0)
    for start in (now - timedelta(days=45), now - timedelta(days=6)):
        for day in range(5):
            journal.record(ratings={overall: 3 + day, writing: 8 - day},
                           values={"mood": 5 + day % 3, coffee: day * 0.5},
                           tags=["seed", f"d{day}"], note=f"day {day}",
                           at=start + timedelta(days=day))
    Reality(journal).log_evaluation(kind="interview", evaluator="Acme", purpose="job",
                                    at=now - timedelta(days=20),
                                    expected_by=(now - timedelta(days=3)).date(),
                                    probability=0.6)
