"""The outcome dialogs' tests: no dialog outlives its test."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog


@pytest.fixture(autouse=True)
def _no_dialog_left(qapp):
    """A dialog a test leaves open is closed (it would stay modal over the next test), and
    closed ones are deleted now (a hidden one could keep the keyboard focus)."""
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
