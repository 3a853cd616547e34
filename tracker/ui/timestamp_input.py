"""TimestampInput: when a check-in happened; shows "now" until the user touches it."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

_SENTINEL = QDateTime(QDate(1970, 1, 1), QTime(0, 0))
_EARLIEST = QDateTime(QDate(1970, 1, 2), QTime(0, 0))
_STEP_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_PASS_KEYS = {
    Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_Return,
    Qt.Key.Key_Enter, Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
}


def _python(value: QDateTime) -> datetime:
    """``value`` as a naive datetime (PySide6 types ``toPython`` as returning object)."""
    moment = value.toPython()
    assert isinstance(moment, datetime)
    return moment


class _DateTimeEdit(QDateTimeEdit):
    """A date-time edit whose untouched state means "now"."""

    touched = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd  HH:mm")
        self.setCalendarPopup(True)
        self.setSpecialValueText(self.tr("now"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00  00:00") + 44)
        self.reset_to_now()

    def is_now(self) -> bool:
        return self.dateTime() == _SENTINEL

    def reset_to_now(self) -> None:
        self.setMinimumDateTime(_SENTINEL)
        self.setDateTime(_SENTINEL)

    def touch(self, when: QDateTime | None = None) -> None:
        """Leave "now": show ``when`` (default: this minute) with the day section selected."""
        if not self.is_now() and when is None:
            return
        if when is None:
            when = QDateTime.currentDateTime()
            when.setTime(QTime(when.time().hour(), when.time().minute()))
        self.setMinimumDateTime(_EARLIEST)
        self.setDateTime(when)
        # the day, not the year: one arrow key then moves a day (a year was one key away)
        self.setCurrentSection(QDateTimeEdit.Section.DaySection)
        self.touched.emit()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002
        # Tab leaves the field (QDateTimeEdit would walk its sections instead)
        return QWidget.focusNextPrevChild(self, next)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.is_now() and event.key() not in _PASS_KEYS:
            self.touch()
            if event.key() in _STEP_KEYS:  # the first step only shows the time it starts from
                event.accept()
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.is_now():
            self.touch()
        super().mousePressEvent(event)

    def stepBy(self, steps: int) -> None:  # noqa: N802
        if self.is_now():  # a wheel turn on "now": show this minute first, step on the next
            self.touch()
            return
        super().stepBy(steps)

    def step_day(self, days: int) -> None:
        """Move the date by ``days`` (from this minute when it still says "now")."""
        self.touch()
        self.setDateTime(self.dateTime().addDays(days))
        self.setCurrentSection(QDateTimeEdit.Section.DaySection)


class TimestampInput(QWidget):
    """A date-time field plus a "Now" button. ``at()`` is None while it still means now."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _DateTimeEdit(self)
        self.now_button = QToolButton(self)
        self.now_button.setText(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Use the time of saving"))
        self.now_button.setAccessibleName(self.tr("Reset the time to now"))
        self.now_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.now_button.clicked.connect(self.reset)
        self.day_back_button = QToolButton(self)
        self.day_back_button.setText(self.tr("\u22121 day"))
        self.day_back_button.setToolTip(self.tr("One day earlier (yesterday, at this time)"))
        self.day_back_button.setAccessibleName(self.tr("Move the date one day back"))
        self.day_back_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.day_back_button.clicked.connect(lambda: self.edit.step_day(-1))
        # the field on its own row (the form's column is narrow), its buttons under it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addStretch(1)
        buttons.addWidget(self.day_back_button)
        buttons.addWidget(self.now_button)
        layout.addLayout(buttons)
        self.setFocusProxy(self.edit)
        self._original: datetime | None = None
        self.edit.dateTimeChanged.connect(lambda _dt: self.changed.emit())
        self._sync_button()
        self.edit.dateTimeChanged.connect(lambda _dt: self._sync_button())

    def _sync_button(self) -> None:
        self.now_button.setEnabled(not self.edit.is_now())

    def reset(self) -> None:
        """Back to "now" (and forget a loaded time)."""
        self._original = None
        self.edit.reset_to_now()

    def is_now(self) -> bool:
        return self.edit.is_now()

    def at(self) -> datetime | None:
        """The chosen moment with a UTC offset, or None for "now"."""
        if self.edit.is_now():
            return None
        wall = _python(self.edit.dateTime()).replace(second=0, microsecond=0)
        if self._original is not None:
            original = self._original
            if wall == original.replace(tzinfo=None, second=0, microsecond=0):
                return original
            return wall.replace(tzinfo=original.tzinfo)
        from tracker.domain.local_time import on_local_clock

        return on_local_clock(wall, self.tr("The time")).at  # a DST gap: ValidationError

    def repeated(self) -> datetime | None:
        """The moment saved when the chosen wall time happens twice (the clocks go back that
        night): the first; None otherwise."""
        if self.edit.is_now() or self._original is not None:
            return None
        from tracker.domain.local_time import on_local_clock
        from tracker.errors import ValidationError

        try:
            local = on_local_clock(self.wall() or datetime.min)
        except ValidationError:
            return None
        return local.at if local.note else None

    def hint(self, editing: bool = False) -> str:
        """The line shown under the field; in the repeated autumn hour, which of the two is
        saved."""
        taken = self.repeated()
        if taken is None:
            if editing:
                return self.tr("When this check-in happened; change it to move the check-in.")
            return self.tr("Change the time to record a missed moment.")
        return self.tr("%1 happens twice that night (the clocks go back): the first, at UTC "
                       "offset %2, is saved.").replace("%1", taken.strftime("%H:%M")).replace(
            "%2", taken.isoformat()[-6:])

    def wall(self) -> datetime | None:
        """The chosen wall-clock time without an offset, or None for "now"."""
        if self.edit.is_now():
            return None
        return _python(self.edit.dateTime()).replace(second=0, microsecond=0)

    def set_at(self, when: datetime | None) -> None:
        """Show ``when`` on its own clock (its offset is kept when saving), None for now."""
        if when is None:
            self.reset()
            return
        self._original = when if when.tzinfo is not None else None
        wall = when.replace(tzinfo=None)
        self.edit.touch(QDateTime(QDate(wall.year, wall.month, wall.day),
                                  QTime(wall.hour, wall.minute)))
