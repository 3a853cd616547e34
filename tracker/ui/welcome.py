"""WelcomeDialog: first run. Set up the skills to rate and what 1, 5 and 10 mean for each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui import dialogs
from tracker.ui.card import Card


def needs_welcome(journal: Journal, settings: Settings) -> bool:
    """First run: the welcome was never finished and there is no skill yet."""
    return not settings.welcome_done and not journal.skills(include_archived=True)


class _SkillBlock(Card):
    """Name and the three anchors of one skill."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(14, 12, 14, 12)
        self.name = QLineEdit(name, self)
        self.low = QLineEdit(self)
        self.mid = QLineEdit(self)
        self.high = QLineEdit(self)
        self.low.setPlaceholderText(self.tr("e.g. I need help with the basics"))
        self.mid.setPlaceholderText(self.tr("e.g. solid work on my own, now and then stuck"))
        self.high.setPlaceholderText(self.tr("e.g. among the best I know"))
        for text, edit, acc in (
            (self.tr("Skill"), self.name, self.tr("Skill name")),
            (self.tr("1 means"), self.low, self.tr("What a rating of 1 means")),
            (self.tr("5 means"), self.mid, self.tr("What a rating of 5 means")),
            (self.tr("10 means"), self.high, self.tr("What a rating of 10 means")),
        ):
            edit.setAccessibleName(acc)
            label = QLabel(text, self)
            label.setBuddy(edit)
            form.addRow(label, edit)


class WelcomeDialog(QDialog):
    """Propose "Overall"; Start creates the skills typed, Skip creates just "Overall"."""

    def __init__(self, journal: Journal, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.journal = journal
        self.settings = settings
        self.changes: list = []
        self.setWindowTitle(self.tr("Welcome to Touchstone"))
        intro = QLabel(self.tr(
            "<h2>Welcome</h2><p>Each check-in asks how skilled you judge yourself today, next to "
            "the state you are in. Over weeks, Touchstone shows how much mood, sleep and the "
            "hour move that judgment.</p><p>Name what you want to rate and describe what a 1, "
            "a 5 and a 10 mean, so a 7 means the same in March and in October.</p>"), self)
        intro.setWordWrap(True)
        self.blocks: list[_SkillBlock] = []
        self._list = QVBoxLayout()
        holder = QWidget(self)
        holder.setLayout(self._list)
        self._list.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the fields take the focus, not the frame
        self.add_button = QPushButton(self.tr("Add another skill"), self)
        self.add_button.clicked.connect(lambda: self.add_block(""))
        buttons = QDialogButtonBox(self)
        self.start_button = buttons.addButton(self.tr("Start"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = buttons.addButton(self.tr("Skip"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.skip)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(buttons)
        first = self.add_block(self.tr("Overall"))
        first.name.selectAll()  # typing replaces the proposal; Tab keeps it
        first.name.setFocus()
        self.start_button.setDefault(True)
        self.resize(560, 520)

    def add_block(self, name: str) -> _SkillBlock:
        block = _SkillBlock(name, self)
        self._list.insertWidget(len(self.blocks), block)
        self.blocks.append(block)
        if not name:
            block.name.setFocus()
        return block

    def accept(self) -> None:
        """Create every named skill with its anchors; on a bad name, say so and stay."""
        entries = [(b.name.text(), b.low.text(), b.mid.text(), b.high.text())
                   for b in self.blocks if b.name.text().strip()]
        if not entries:
            dialogs.warn(self, self.tr("Name at least one skill, or choose Skip."))
            return
        names = [e[0].strip().casefold() for e in entries]
        if len(set(names)) != len(names):
            dialogs.warn(self, self.tr("Two skills have the same name."))
            return
        try:
            existing = {s.name.casefold() for s in self.journal.skills(include_archived=True)}
            for name, low, mid, high in entries:
                if name.strip().casefold() in existing:
                    continue
                self.changes.append(self.journal.add_skill(name, low, mid, high))
        except UserError as exc:
            dialogs.warn(self, exc.message)
            return
        self._done()
        super().accept()

    def skip(self) -> None:
        """Just "Overall", without anchors (they can be added later)."""
        if not self.journal.skills(include_archived=True):
            self.changes.append(self.journal.add_skill(self.tr("Overall")))
        self._done()
        super().reject()

    def reject(self) -> None:  # Esc or the window's close button: same as Skip
        self.skip()

    def _done(self) -> None:
        self.settings.welcome_done = True
        self.settings.save()
