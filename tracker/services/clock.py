"""The computer's clock, for the use cases that stamp a time (imports nothing of ours)."""

from __future__ import annotations

from datetime import UTC, datetime


def local_now() -> datetime:
    """Now, on the computer's clock, with its current UTC offset."""
    return datetime.now(UTC).astimezone().replace(microsecond=0)
