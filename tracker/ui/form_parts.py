"""The check-in form's building blocks: cards, titles, headings and hints."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from tracker.ui.card import Card
from tracker.ui.style import mark_hint, mark_title


def card(parent: QWidget) -> tuple[Card, QVBoxLayout]:
    frame = Card(parent)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(8)
    return frame, layout


def title_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    mark_title(label)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def heading(title: str, hint_text: str, parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(12)
    row.addWidget(title_label(title, parent))
    row.addStretch(1)
    note = hint(hint_text, parent)
    note.setWordWrap(False)
    row.addWidget(note, 0, Qt.AlignmentFlag.AlignBottom)
    return row


def hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    mark_hint(label)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label
