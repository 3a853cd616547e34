"""Timing you can trust: response times from the input events' own timestamps.

**The method.** A reaction time is *key time − stimulus onset*, both on one monotonic clock.

- *Key time* is not when Python got round to the key event (that adds whatever the event loop
  was busy with), but the event's own timestamp, ``QKeyEvent.timestamp()``: the windowing
  system stamps it when the key reaches it (the X server's time on X11, the compositor's on
  Wayland, the message time on Windows, the event time on macOS), in milliseconds on a clock
  Qt does not name. ``EventClock`` relates that clock to ours: every key event that arrives
  gives ``arrival − timestamp`` = the clocks' offset + that event's delivery delay, and the
  smallest of these (over every key pressed and released while the probe is open, the
  prediction's typing included) is the offset plus the fastest delivery, which we take as the
  offset — a minimum filter, as NTP's clock filter does. ``timestamp + offset`` is then the key
  time on our clock; a timestamp of 0 (synthetic events without one) falls back to the arrival.
- *Stimulus onset* is stamped after the stimulus was painted *and* handed to the window
  system: the probe dialog stamps it when its ``UpdateRequest`` (which paints and flushes the
  backing store) has returned, not when the stimulus was scheduled.
- *Blocked loop*: a heartbeat (``Heartbeat``, every 10 ms) measures gaps in the event loop. A
  gap over ``BLOCK_BOUND_MS`` while a vigilance stimulus is requested or on screen makes the
  onset stamp untrustworthy (the paint or the flush may have been held up), so that probe is
  not scored (``DiscardReason.EVENT_LOOP_BLOCKED``).
- *Clock jump*: the same heartbeat compares the wall clock with the monotonic clock; when they
  disagree by more than ``JUMP_BOUND_MS`` between two beats the computer was suspended (the
  monotonic clock stops during a suspend on Linux) or its clock was set:
  ``DiscardReason.CLOCK_JUMP``.

``benchmarks/bench_probe_timing.py`` measures the bias and SD of the result against reaction
times injected at known times (in process, and through a real X server under Xvfb).
Everything that reads a clock or waits goes through ``Timing``, so tests drive a probe with a
fake clock and scheduler while the code that turns event timestamps into reaction times is the
real one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent

BLOCK_BOUND_MS = 50.0  # a longer gap in the event loop during a vigilance trial: not scored
JUMP_BOUND_MS = 1000.0  # wall and monotonic clocks disagreeing by more: suspended
HEARTBEAT_MS = 10
_WRAP = 2**32  # X server timestamps are 32-bit milliseconds


class Scheduler(Protocol):
    def call_later(self, ms: float, fn: Callable[[], None]) -> object: ...

    def cancel(self, handle: object) -> None: ...


class QtScheduler:
    """Single-shot precise timers, parented to ``owner``."""

    def __init__(self, owner: QObject) -> None:
        self.owner = owner

    def call_later(self, ms: float, fn: Callable[[], None]) -> object:
        timer = QTimer(self.owner)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(fn)  # kept (stopped) until the owner goes: cancel stays safe
        timer.start(max(0, round(ms)))
        return timer

    def cancel(self, handle: object) -> None:
        if isinstance(handle, QTimer):
            handle.stop()


def monotonic_ms() -> float:
    return time.monotonic_ns() / 1e6


def wall_ms() -> float:
    return time.time_ns() / 1e6


@dataclass
class Timing:
    """The clocks and the waiting a probe uses; tests pass fakes. ``heartbeat`` False: no
    heartbeat timer (a test calls ``Heartbeat.beat`` itself)."""

    mono: Callable[[], float] = monotonic_ms
    wall: Callable[[], float] = wall_ms
    scheduler: Scheduler | None = None  # None: a QtScheduler on the dialog
    heartbeat: bool = True
    seed: int | None = None  # the random intervals and symbols (None: fresh)
    durations: dict[str, float] = field(default_factory=dict)  # kind -> seconds (benchmarks)


class EventClock:
    """Turns input-event timestamps into times on the monotonic clock (minimum filter)."""

    def __init__(self, mono: Callable[[], float]) -> None:
        self.mono = mono
        self.offset: float | None = None
        self.samples = 0
        self.fallbacks = 0  # events without a timestamp: their arrival was used
        self._last_raw: int | None = None
        self._wraps = 0

    def _unwrap(self, raw: int) -> float:
        if self._last_raw is not None and raw < self._last_raw - _WRAP // 2:
            self._wraps += 1
        self._last_raw = raw
        return float(raw + self._wraps * _WRAP)

    def observe(self, timestamp: int, arrival: float | None = None) -> None:
        """An input event stamped ``timestamp`` arrived now (or at ``arrival``)."""
        if timestamp <= 0:
            return
        arrival = self.mono() if arrival is None else arrival
        offset = arrival - self._unwrap(timestamp)
        self.samples += 1
        if self.offset is None or offset < self.offset:
            self.offset = offset

    def time_of(self, event: QKeyEvent) -> float:
        """When ``event`` happened, on the monotonic clock (ms)."""
        raw = event.timestamp()
        arrival = self.mono()
        if raw <= 0:
            self.fallbacks += 1
            return arrival
        self.observe(raw, arrival)
        assert self.offset is not None
        return self._unwrap(raw) + self.offset


class KeyStamps(QObject):
    """An application event filter feeding every spontaneous key event to an ``EventClock``
    (the more events, the better the minimum)."""

    def __init__(self, clock: EventClock, parent: QObject) -> None:
        super().__init__(parent)
        self.clock = clock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease) and isinstance(
                event, QKeyEvent) and watched.isWidgetType():
            self.clock.observe(event.timestamp())
        return False


class Heartbeat:
    """Gaps in the event loop and disagreements of the two clocks, beat by beat."""

    def __init__(self, timing: Timing, on_block: Callable[[float], None],
                 on_jump: Callable[[float], None]) -> None:
        self.timing = timing
        self.on_block = on_block
        self.on_jump = on_jump
        self.longest_gap = 0.0
        self._last: tuple[float, float] | None = None
        self.timer: QTimer | None = None

    def start(self, owner: QObject) -> None:
        self._last = (self.timing.mono(), self.timing.wall())
        if self.timing.heartbeat:
            self.timer = QTimer(owner)
            self.timer.setTimerType(Qt.TimerType.PreciseTimer)
            self.timer.timeout.connect(self.beat)
            self.timer.start(HEARTBEAT_MS)

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self._last = None

    def beat(self) -> None:
        if self._last is None:
            return
        mono, wall = self.timing.mono(), self.timing.wall()
        last_mono, last_wall = self._last
        self._last = (mono, wall)
        gap = mono - last_mono
        if abs((wall - last_wall) - gap) > JUMP_BOUND_MS:
            self.on_jump(wall - last_wall - gap)
            return
        late = gap - HEARTBEAT_MS
        self.longest_gap = max(self.longest_gap, late)
        if late > BLOCK_BOUND_MS:
            self.on_block(late)
