"""What a mutation changed, so each screen can decide whether to redraw."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("checkins", "skills", "factors", "all")


@dataclass(frozen=True, slots=True)
class Change:
    """The result of a service call that changed data.

    ``kind`` is one of ``KINDS``; ``ids`` are the affected records; ``message`` is a short,
    translatable confirmation for the status bar.
    """

    kind: str
    ids: tuple[str, ...] = ()
    message: str = ""
