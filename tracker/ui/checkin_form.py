"""CheckInForm: the check-in screen. Everything starts empty; nothing is pre-filled."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import CheckIn, Factor, Skill
from tracker.errors import ValidationError
from tracker.ui.buttons import push_button
from tracker.ui.factor_inputs import make_factor_input, read_factor_input
from tracker.ui.form_parts import card as _card
from tracker.ui.form_parts import heading as _heading
from tracker.ui.form_parts import hint as _hint
from tracker.ui.form_parts import title_label as _title
from tracker.ui.labels import anchors_html, factor_hint, factor_name
from tracker.ui.number_input import NumberInput, format_number
from tracker.ui.scale_input import ScaleInput
from tracker.ui.tags_input import TagsInput
from tracker.ui.timestamp_input import TimestampInput


class CheckInForm(QWidget):
    """Self-ratings per active skill, the state factors, tags, note and time.

    ``state()``/``set_state()`` give a JSON-ready snapshot (for drafts); ``ratings()``,
    ``values()``, ``tags()``, ``note()`` and ``at()`` give what to save.
    """

    changed = Signal()
    submitted = Signal()

    def __init__(
        self,
        skills: Sequence[Skill],
        factors: Sequence[Factor],
        parent: QWidget | None = None,
        *,
        show_buttons: bool = True,
        escape_clears: bool = True,
    ) -> None:
        super().__init__(parent)
        self._skills: list[Skill] = []
        self._factors: list[Factor] = []
        self._scales: dict[str, ScaleInput] = {}
        self._factor_inputs: dict[str, ScaleInput | NumberInput] = {}
        self.labels: dict[QWidget, QLabel] = {}
        self._building = False
        self._editing = False

        page = QVBoxLayout(self)
        page.setContentsMargins(16, 14, 16, 10)
        page.setSpacing(10)
        outer = QHBoxLayout()
        outer.setSpacing(16)
        page.addLayout(outer, 1)
        outer.addLayout(self._build_rating_and_state_cards(), 1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self._build_context_card(), 1)
        page.addLayout(self._build_buttons(show_buttons))
        self._right = QWidget(self)
        self._right.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        self._right.setMinimumWidth(280)
        self._right.setMaximumWidth(360)
        outer.addWidget(self._right, 0)
        self._add_shortcuts(escape_clears)

        self.tags_edit.textChanged.connect(self._emit_changed)
        self.note_edit.textChanged.connect(self._emit_changed)
        self.time_input.changed.connect(self._emit_changed)
        self.set_definitions(skills, factors)

    # building (in this order: it is the keyboard's focus order) -------------------------
    def _build_rating_and_state_cards(self) -> QVBoxLayout:
        """The left column: the self-ratings card over the state card (rows filled by
        ``set_definitions``)."""
        left = QVBoxLayout()
        left.setSpacing(12)
        self._ratings_card, ratings_layout = _card(self)
        self._ratings_heading = _heading(
            self.tr("How skilled are you today?"),
            self.tr("Skip a skill you cannot judge today."), self)
        ratings_layout.addLayout(self._ratings_heading)
        self._ratings_grid_host = QWidget(self)
        ratings_layout.addWidget(self._ratings_grid_host)
        self._no_skills = _hint(self.tr(
            "No skills yet: add one with Skills & factors… in the menu."), self)
        ratings_layout.addWidget(self._no_skills)
        left.addWidget(self._ratings_card)

        self._state_card, state_layout = _card(self)
        self._state_heading = _heading(
            self.tr("Your state right now"),
            self.tr("Every answer is optional; empty is not zero."), self)
        state_layout.addLayout(self._state_heading)
        self._state_grid_host = QWidget(self)
        state_layout.addWidget(self._state_grid_host)
        left.addWidget(self._state_card)
        left.addStretch(1)
        return left

    def _build_context_card(self) -> QWidget:
        """Tags, note and time, each with its label, and the time's hint."""
        context, context_layout = _card(self)
        context_layout.addWidget(_title(self.tr("Context"), self))
        self.tags_edit = TagsInput(self)
        self.tags_edit.setAccessibleName(self.tr("Tags, separated by commas"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("What happened, how it went…"))
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setMinimumHeight(100)
        self.time_input = TimestampInput(self)
        self.time_input.edit.setAccessibleName(
            self.tr("Time of the check-in; now unless changed"))
        for text, widget in (
            (self.tr("&Tags"), self.tags_edit),
            (self.tr("&Note"), self.note_edit),
            (self.tr("&When"), self.time_input),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget.focusProxy() or widget)
            context_layout.addSpacing(2)
            context_layout.addWidget(label)
            context_layout.addWidget(widget, 1 if widget is self.note_edit else 0)
            self.labels[widget.focusProxy() or widget] = label
        self.time_hint = _hint(self.time_input.hint(self._editing), self)
        context_layout.addWidget(self.time_hint)
        self.time_input.changed.connect(
            lambda: self.time_hint.setText(self.time_input.hint(self._editing)))
        return context

    def _build_buttons(self, show_buttons: bool) -> QHBoxLayout:
        """Clear and Save, with the keys' hint (hidden when the form is in a dialog)."""
        self.clear_button = push_button(self.tr("Clear"), self)
        self.clear_button.setAccessibleName(self.tr("Clear the form"))
        self.save_button = push_button(self.tr("Save check-in"), self)
        self.save_button.setAccessibleName(self.tr("Save the check-in"))
        self.save_button.setDefault(True)
        self.save_button.setMinimumWidth(130)
        self.clear_button.clicked.connect(self.request_clear)
        self.save_button.clicked.connect(self.submitted)
        keys = _hint(self.tr("Ctrl+Return saves · Esc clears"), self)
        keys.setWordWrap(False)
        buttons = QHBoxLayout()
        buttons.addWidget(keys, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        for button in (self.clear_button, self.save_button):
            button.setVisible(show_buttons)
        keys.setVisible(show_buttons)
        return buttons

    def _add_shortcuts(self, escape_clears: bool) -> None:
        """Ctrl+Return (and Ctrl+Enter) save, Esc clears, anywhere in the form."""
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submitted)
        if escape_clears:
            esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
            esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            esc.activated.connect(self.request_clear)

    # definitions -------------------------------------------------------------------------
    def set_definitions(self, skills: Sequence[Skill], factors: Sequence[Factor]) -> None:
        """Rebuild the rating and state rows, keeping what was entered."""
        state = self.state() if self._skills or self._factors else None
        focused = self._focused_input()
        self._building = True
        try:
            self._skills = list(skills)
            self._factors = list(factors)
            self._rebuild_ratings()
            self._rebuild_state()
            self._chain_focus()
            if state:
                self.set_state(state)
        finally:
            self._building = False
        if focused is not None:  # the input under the user's fingers survives the rebuild
            widgets = self.input_widgets()
            target = widgets[min(focused, len(widgets) - 1)]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            # new rows are shown by a queued call of their layout, and hiding the old ones may
            # have passed the focus on meanwhile: once shown, the focus goes back to the input
            QTimer.singleShot(0, target, lambda: self._refocus(target))

    def _refocus(self, target: QWidget) -> None:
        focus = QApplication.focusWidget()
        if focus is None or focus is self or self.isAncestorOf(focus):
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focused_input(self) -> int | None:
        """Index (in ``input_widgets``) of the input holding the keyboard focus, if any."""
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for i, widget in enumerate(self.input_widgets()):
            if widget is focus or widget.isAncestorOf(focus):
                return i
        return None

    def _fresh_grid(self, host: QWidget) -> QGridLayout:
        old = host.layout()
        if old is not None:
            direct = Qt.FindChildOption.FindDirectChildrenOnly
            for child in host.findChildren(QWidget, options=direct):
                child.hide()
                child.deleteLater()
            QWidget().setLayout(old)  # reparent the old layout so it is destroyed
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(2, 1)
        return grid

    def _rebuild_ratings(self) -> None:
        grid = self._fresh_grid(self._ratings_grid_host)
        for widget in self._scales.values():
            self.labels.pop(widget, None)
        self._scales = {}
        for row, skill in enumerate(self._skills):
            scale = ScaleInput(1, 10, parent=self._ratings_grid_host)
            scale.setAccessibleName(self.tr("%1: self-rating from 1 to 10").replace(
                "%1", skill.name))
            scale.valueChanged.connect(self._emit_changed)
            self._add_row(grid, row, self._ratings_grid_host, skill.name, scale,
                          anchors_html(skill))
            self._scales[skill.id] = scale
        self._no_skills.setVisible(not self._skills)

    def _rebuild_state(self) -> None:
        host = self._state_grid_host
        grid = self._fresh_grid(host)
        for old in self._factor_inputs.values():
            self.labels.pop(old, None)
        self._factor_inputs = {}
        for row, factor in enumerate(self._factors):
            name = factor_name(factor)
            widget = make_factor_input(factor, host)
            widget.valueChanged.connect(self._emit_changed)
            self._factor_inputs[factor.id] = widget
            if isinstance(widget, NumberInput):
                widget.lineEdit().textChanged.connect(self._emit_changed)
                if factor.unit:
                    holder = QWidget(host)
                    line = QHBoxLayout(holder)
                    line.setContentsMargins(0, 0, 0, 0)
                    line.setSpacing(6)
                    widget.setParent(holder)
                    line.addWidget(widget)
                    line.addWidget(QLabel(factor.unit, holder))
                    line.addStretch(1)
                    self._add_row(grid, row, host, name, widget, factor_hint(factor), holder)
                    continue
            self._add_row(grid, row, host, name, widget, factor_hint(factor))
        self._state_card.setVisible(bool(self._factors))

    def _add_row(
        self,
        grid: QGridLayout,
        row: int,
        host: QWidget,
        text: str,
        widget: QWidget,
        hint: str,
        container: QWidget | None = None,
    ) -> None:
        label = QLabel(text.replace("&", "&&"), host)  # a name's "&" is text, no mnemonic
        label.setBuddy(widget)
        label.setMinimumWidth(100)
        self.labels[widget] = label
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(container or widget, row, 1, Qt.AlignmentFlag.AlignVCenter)
        note = _hint("", host)
        rich = hint.startswith("<")
        note.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        note.setText(hint)
        note.setWordWrap(rich)
        note.setMinimumWidth(150)
        note.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        grid.addWidget(note, row, 2, Qt.AlignmentFlag.AlignVCenter)

    def _chain_focus(self) -> None:
        order = [*self.input_widgets(), self.clear_button, self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event) -> None:  # noqa: N802
        # reparenting (into a scroll area or dialog) can reshuffle the chain: set it again
        self._chain_focus()
        super().showEvent(event)

    def input_widgets(self) -> list[QWidget]:
        """Every input in visual (and Tab) order."""
        return [
            *self._scales.values(),
            *self._factor_inputs.values(),
            self.tags_edit,
            self.note_edit,
            self.time_input.edit,
        ]

    def rating_input(self, skill_id: str) -> ScaleInput:
        return self._scales[skill_id]

    def factor_input(self, factor_id: str) -> ScaleInput | NumberInput:
        return self._factor_inputs[factor_id]

    def set_known_tags(self, tags: Iterable[str]) -> None:
        self.tags_edit.set_known_tags(tags)

    def focus_first(self) -> None:
        widgets = self.input_widgets()
        widgets[0].setFocus(Qt.FocusReason.TabFocusReason)

    # reading ---------------------------------------------------------------------------
    def ratings(self) -> dict[str, int]:
        return {sid: v for sid, s in self._scales.items() if (v := s.value()) is not None}

    def values(self) -> dict[str, float]:
        """Entered factor values; raises ValidationError for an unreadable number."""
        by_id = {f.id: f for f in self._factors}
        return {fid: value for fid, widget in self._factor_inputs.items()
                if (value := read_factor_input(by_id[fid], widget)) is not None}

    def tags(self) -> list[str]:
        return self.tags_edit.tags()

    def note(self) -> str:
        return self.note_edit.toPlainText()

    def at(self) -> datetime | None:
        return self.time_input.at()

    def is_empty(self) -> bool:
        return not (
            any(s.value() is not None for s in self._scales.values())
            or any(
                (w.lineEdit().text().strip() if isinstance(w, NumberInput)
                 else w.value() is not None)
                for w in self._factor_inputs.values()
            )
            or self.tags_edit.text().strip()
            or self.note_edit.toPlainText().strip()
            or not self.time_input.is_now()
        )

    def word_for_editing(self, at: datetime) -> None:
        """Word the form for a saved check-in (the Edit dialog): its day, not "today" or "now"."""
        self._editing = True
        day = QLocale().toString(QDate(at.year, at.month, at.day), QLocale.FormatType.LongFormat)
        for layout, text, hint_text in (
            (self._ratings_heading, self.tr("How skilled were you on %1?").replace("%1", day),
             self.tr("Skip a skill you could not judge that day.")),
            (self._state_heading, self.tr("Your state then"),
             self.tr("Every answer is optional; empty is not zero.")),
        ):
            title, note = (item.widget() if (item := layout.itemAt(i)) else None for i in (0, 2))
            if isinstance(title, QLabel) and isinstance(note, QLabel):
                title.setText(text)
                note.setText(hint_text)
        self.time_hint.setText(self.time_input.hint(self._editing))

    # state (drafts) ----------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """A JSON-ready snapshot of everything typed; {} when the form is empty."""
        if self.is_empty():
            return {}
        try:
            at = self.at()
        except ValidationError:  # a time in a DST gap: kept as typed, refused when saving
            at = self.time_input.wall()
        return {
            "ratings": self.ratings(),
            "choices": {fid: w.value() for fid, w in self._factor_inputs.items()
                        if isinstance(w, ScaleInput) and w.value() is not None},
            "numbers": {fid: w.lineEdit().text() for fid, w in self._factor_inputs.items()
                        if isinstance(w, NumberInput) and w.lineEdit().text()},
            "tags": self.tags_edit.text(),
            "note": self.note(),
            "at": at.isoformat() if at is not None else None,
        }

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a snapshot from ``state()``; unknown ids and odd values are ignored."""
        self.blockSignals(True)
        try:
            self._clear_inputs()
            for sid, value in dict(state.get("ratings") or {}).items():
                if sid in self._scales and isinstance(value, int) and 1 <= value <= 10:
                    self._scales[sid].setValue(value)
            for fid, value in dict(state.get("choices") or {}).items():
                widget = self._factor_inputs.get(fid)
                if (isinstance(widget, ScaleInput) and isinstance(value, int)
                        and widget.minimum() <= value <= widget.maximum()):
                    widget.setValue(value)
            for fid, text in dict(state.get("numbers") or {}).items():
                widget = self._factor_inputs.get(fid)
                if isinstance(widget, NumberInput) and isinstance(text, str):
                    widget.lineEdit().setText(text)
            self.tags_edit.setText(str(state.get("tags") or ""))
            self.note_edit.setPlainText(str(state.get("note") or ""))
            at = state.get("at")
            when = None
            if isinstance(at, str):
                try:
                    when = datetime.fromisoformat(at)
                except ValueError:
                    when = None
            self.time_input.set_at(when)
        finally:
            self.blockSignals(False)
        self._emit_changed()

    def set_checkin(self, checkin: CheckIn) -> None:
        """Show a saved check-in (for editing)."""
        choices: dict[str, int] = {}
        numbers: dict[str, str] = {}
        for fid, value in checkin.values.items():
            widget = self._factor_inputs.get(fid)
            if isinstance(widget, NumberInput):
                numbers[fid] = format_number(value, 4, widget.locale())
            elif widget is not None:
                choices[fid] = int(value)
        self.set_state({
            "ratings": dict(checkin.ratings),
            "choices": choices,
            "numbers": numbers,
            "tags": ", ".join(checkin.tags),
            "note": checkin.note,
            "at": checkin.at.isoformat(),
        })

    # clearing ---------------------------------------------------------------------------
    def _clear_inputs(self) -> None:
        for scale in self._scales.values():
            scale.clear()
        for widget in self._factor_inputs.values():
            widget.clear()
        self.tags_edit.clear()
        self.note_edit.clear()
        self.time_input.reset()

    def clear(self) -> None:
        """Empty every field and put the focus back on the first rating."""
        self.blockSignals(True)
        try:
            self._clear_inputs()
        finally:
            self.blockSignals(False)
        self._emit_changed()
        if self.isVisible():
            self.focus_first()

    def request_clear(self) -> None:
        """Esc / Clear: ask before throwing away a non-empty form."""
        if self.is_empty():
            return
        from tracker.ui import dialogs  # message boxes load when first needed

        if dialogs.confirm(self, self.tr("Clear the form?"),
                           self.tr("Clear everything entered in this check-in?")):
            self.clear()

    def _emit_changed(self, *_args: object) -> None:
        if not self._building and not self.signalsBlocked():
            self.changed.emit()
