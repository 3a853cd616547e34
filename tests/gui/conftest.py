"""GUI fixtures: a real journal in tmp_path, main windows, recorded message boxes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from tracker.services.drafts import DraftStore
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui import dialogs


@dataclass
class Boxes:
    """Every message box shown, and the answers the test wants given."""

    shown: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    confirm_answer: bool = False
    draft_answer: str = "discard"

    def texts(self, kind: str) -> list[str]:
        return [text for k, text in self.shown if k == kind]


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """No modal box ever blocks a test: each is recorded and answered."""
    record = Boxes()

    def warning(parent, title, text, *args, **kwargs):
        record.shown.append(("warning", text))
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):
        record.shown.append(("question", text))
        yes = record.confirm_answer
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    def ask_keep_draft(parent):
        record.shown.append(("keep-draft", "Keep the unfinished check-in as a draft?"))
        return record.draft_answer

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(dialogs, "ask_keep_draft", ask_keep_draft)
    return record


@pytest.fixture
def journal(data_dir: Path) -> Iterator[Journal]:
    j = Journal.open(data_dir)
    yield j
    j.close()


@pytest.fixture
def skills(journal: Journal) -> tuple[str, str]:
    """Two skills with anchors: Overall and Writing; returns their ids."""
    overall = journal.add_skill("Overall", "lost", "solid", "world class").ids[0]
    writing = journal.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]
    return overall, writing


@pytest.fixture
def make_window(qtbot, journal: Journal, data_dir: Path) -> Callable[..., object]:
    """Build and show a MainWindow on ``data_dir`` (optionally another journal object or
    settings; ``defer_rest``: only the first screen, as the application starts)."""
    from tracker.ui.main_window import MainWindow

    def make(j: Journal | None = None, *, settings: Settings | None = None,
             defer_rest: bool = False):
        window = MainWindow(
            j or journal,
            settings or Settings.load(data_dir / "settings.json"),
            DraftStore(data_dir / "draft.json"),
            defer_rest=defer_rest,
        )
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        return window

    return make


class Keyboard:
    """Keys sent to whatever has the focus, as a user would type them."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot

    @staticmethod
    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        for ch in text:
            self.qtbot.keyClicks(self.focused(), ch)

    def tab(self, times: int = 1) -> None:
        for _ in range(times):
            self.press(Qt.Key.Key_Tab)


@pytest.fixture
def kb(qtbot) -> Keyboard:
    return Keyboard(qtbot)
