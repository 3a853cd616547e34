"""What a factor's recorded values say about a new range for it (counted by the store)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RecordedValues:
    """``recorded``: check-ins with a value for the factor; ``outside``: how many of them lie
    outside the range asked about, from ``lowest_outside`` to ``highest_outside``; ``example``:
    one recorded value (the highest), or None when none is."""

    recorded: int
    outside: int
    lowest_outside: float | None
    highest_outside: float | None
    example: float | None
