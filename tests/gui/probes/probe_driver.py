"""A fake clock and scheduler for probes, and keys with timestamps sent to the focused widget."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

EPOCH = 900_000.0  # the key timestamps' clock is the monotonic clock minus this


class FakeTime:
    """Monotonic and wall clocks that move only when told; callbacks fire when told."""

    def __init__(self) -> None:
        self.now = 1_000_000.0
        self.wall_offset = 1.8e12
        self.pending: list[tuple[float, int, Callable[[], None], object]] = []
        self._seq = 0

    def mono(self) -> float:
        return self.now

    def wall(self) -> float:
        return self.now + self.wall_offset

    def call_later(self, ms: float, fn: Callable[[], None]) -> object:
        handle = object()
        self._seq += 1
        self.pending.append((self.now + round(ms), self._seq, fn, handle))  # whole ms, as Qt
        return handle

    def cancel(self, handle: object) -> None:
        self.pending = [p for p in self.pending if p[3] is not handle]

    def fire_next(self) -> float:
        """Move the clock to the next callback and run it; returns the new time."""
        self.pending.sort(key=lambda p: (p[0], p[1]))
        due, _, fn, _ = self.pending.pop(0)
        self.now = max(self.now, due)
        fn()
        return self.now


def key(key: Qt.Key, text: str = "", *, pressed_at: float, time: FakeTime,
        arrives_after: float = 0.0) -> None:
    """A key pressed at ``pressed_at`` (monotonic ms) and released, stamped on the key clock,
    reaching the app ``arrives_after`` ms later, sent to the focused widget."""
    time.now = pressed_at + arrives_after
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
        event.setTimestamp(int(pressed_at - EPOCH))
        QApplication.sendEvent(widget, event)


def type_text(text: str, time: FakeTime) -> None:
    """Typed at once, delivered without delay (these keys fix the clocks' offset)."""
    keys = {".": Qt.Key.Key_Period, "\r": Qt.Key.Key_Return}
    for ch in text:
        k = keys.get(ch) or Qt.Key(Qt.Key.Key_0.value + int(ch))
        key(k, "" if ch == "\r" else ch, pressed_at=time.now, time=time)
