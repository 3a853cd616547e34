"""Counts in words: "1 check-in", "2 check-ins", "1,234 check-ins"."""

from __future__ import annotations


def count(n: int) -> str:
    """A whole number with thousands separators: 1234 → '1,234'."""
    return f"{n:,}"


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``n`` and the noun in the form it takes: ``plural(1, "check-in")`` → '1 check-in',
    ``plural(1234, "check-in")`` → '1,234 check-ins'; an irregular plural is given as
    ``many``: ``plural(2, "entry", "entries")`` → '2 entries'."""
    noun = singular if n == 1 else (many if many is not None else singular + "s")
    return f"{count(n)} {noun}"


def pick(n: int, one: str, many: str) -> str:
    """The template for ``n`` (``one`` when n is 1) with ``%1`` replaced by the count: for
    translated strings, e.g. ``pick(n, tr("%1 check-in"), tr("%1 check-ins"))``."""
    return (one if n == 1 else many).replace("%1", count(n))
