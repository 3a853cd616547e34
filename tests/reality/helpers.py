"""Small helpers shared by the touch-reality tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

PLUS1 = timezone(timedelta(hours=1))


def days_ago(n: float, hour: int = 9) -> datetime:
    """Today at ``hour`` (UTC+1) minus ``n`` days."""
    now = datetime.now(PLUS1).replace(hour=hour, minute=0, second=0, microsecond=0)
    return now - timedelta(days=n)
