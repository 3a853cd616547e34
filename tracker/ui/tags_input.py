"""TagsInput: comma-separated tags with completion of the tag being typed."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget


def split_tags(text: str) -> list[str]:
    """Tags from comma-separated text, trimmed, empties dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]



def _popup(completer: QCompleter) -> QAbstractItemView:
    popup = completer.popup()  # made on first use, never None (typed optional)
    assert popup is not None
    return popup

class TagsInput(QLineEdit):
    """A line edit that completes the last comma-separated tag from known tags."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("e.g. work, after coffee"))
        self._model = QStringListModel(self)
        self._made_completer: QCompleter | None = None  # on the first edit (after the paint)
        self.textEdited.connect(self._update_completion)

    @property
    def _completer(self) -> QCompleter:
        """The completer of known tags, made when first needed."""
        if self._made_completer is None:
            completer = QCompleter(self._model, self)
            completer.setWidget(self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            completer.activated.connect(self._insert)
            self._made_completer = completer
        return self._made_completer

    def _popup_visible(self) -> bool:
        made = self._made_completer
        return made is not None and _popup(made).isVisible()

    def set_known_tags(self, tags: Iterable[str]) -> None:
        self._model.setStringList(sorted(set(tags), key=str.casefold))

    def tags(self) -> list[str]:
        return split_tags(self.text())

    def set_tags(self, tags: Iterable[str]) -> None:
        self.setText(", ".join(tags))

    def _current_prefix(self) -> str:
        return self.text()[: self.cursorPosition()].split(",")[-1].strip()

    def _update_completion(self, _text: str) -> None:
        prefix = self._current_prefix()
        popup = _popup(self._completer)
        if not prefix:
            popup.hide()
            return
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            popup.hide()
            return
        self._completer.complete()

    def _insert(self, completion: str) -> None:
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition():]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        new = f"{head}{completion}, "
        self.setText(new + after.lstrip(", "))
        self.setCursorPosition(len(new))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        visible = self._popup_visible()
        if visible and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        if visible and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            _popup(self._completer).hide()
        super().keyPressEvent(event)
