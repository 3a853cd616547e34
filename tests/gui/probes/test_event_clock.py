"""EventClock: key timestamps onto the monotonic clock by the smallest arrival − timestamp."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from tracker.ui.probes.timing import EventClock

pytestmark = pytest.mark.gui


def _key(timestamp: int) -> QKeyEvent:
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ")
    event.setTimestamp(timestamp)
    return event


def test_the_fastest_delivery_fixes_the_offset_and_late_keys_keep_their_time():
    now = [10_000.0]
    clock = EventClock(lambda: now[0])
    clock.observe(4_000, 10_006.0)  # delivered 6 ms late: offset 6006
    clock.observe(4_100, 10_101.0)  # 1 ms late: offset 6001, the smallest
    clock.observe(4_200, 10_230.0)
    assert clock.offset == 6001.0 and clock.samples == 3
    now[0] = 11_500.0  # pressed at 5_000 (11_001 on our clock), seen 499 ms later
    assert clock.time_of(_key(5_000)) == 11_001.0


def test_no_timestamp_falls_back_to_the_arrival_and_counts_it():
    clock = EventClock(lambda: 777.0)
    assert clock.time_of(_key(0)) == 777.0
    assert clock.fallbacks == 1 and clock.offset is None


def test_a_wrapped_32_bit_server_time_continues():
    now = [1_000.0]
    clock = EventClock(lambda: now[0])
    clock.observe(2**32 - 10, 1_000.0)  # 10 ms before the wrap
    now[0] = 1_030.0
    assert clock.time_of(_key(20)) == 1_030.0  # 20 ms after it: 30 ms later, not 49 days back
