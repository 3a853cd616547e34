"""Push buttons and actions with text, made without touching ``QIcon``.

``QPushButton(text, parent)`` and ``QAction(text, parent)`` make PySide6 weigh their icon
overloads, which creates ``QIcon``'s Python type with its enums (151 theme icons), about
1.5 ms. The first screen's buttons and actions are made from the parent alone and then given
their text, so ``QIcon`` waits until after the first paint.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget


def push_button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(parent)
    button.setText(text)
    return button


def text_action(text: str, parent: QObject) -> QAction:
    action = QAction(parent)
    action.setText(text)
    return action
