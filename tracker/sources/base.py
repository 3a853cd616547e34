"""What every outcome source reader implements, and what it returns.

A source is configured by the user (``SourceConfig``: its kind and kind-specific options, kept
in the settings, never logged). A reader turns it into per-day values of one or more measures:
``Reading.values[key][day]``, where ``key`` names one of the reader's ``MeasureSpec`` (git:
"commits", "lines_added", …). Days are local days in the journal's sense (METHODS §0): the
reader gets ``day_of`` from the framework, which maps an aware instant to the journal's local
day, and uses it for every timestamp it reads (git author times, Anki review times; Anki's own
rollover hour is the reader's business). ``state`` is a JSON-ready dict the reader may use for an
incremental refresh: the framework keeps the last one returned and passes it back (``None``
on a first read, or when the source was re-added); a reader must give the same values with or
without it. Bad input (not a repository, an unknown schema, a locked file, unparseable dates) is a
``SourceError`` with one clear sentence; nothing is then written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from tracker.errors import UserError

DayOf = Callable[[datetime], date]


class SourceError(UserError):
    """A source could not be read; the message says why in one sentence."""


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    """One measure a reader fills: ``key`` is stable (stored), ``name``/``unit`` are shown."""

    key: str
    name: str
    unit: str
    higher_is_better: bool = True


@dataclass(frozen=True, slots=True)
class SourceConfig:
    """A source the user added: ``kind`` picks the reader; ``options`` are the reader's own
    (git: paths, author e-mails, path filters; anki: the collection file; metric: file and
    column map). ``id`` is stable across renames; ``name`` is what the user calls it."""

    id: str
    kind: str
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Reading:
    """What one read gave: per measure key, per local day, the value; notes for the user
    ("repository /x moved or vanished: kept what was read before"); the reader's new state."""

    values: dict[str, dict[date, float]]
    notes: tuple[str, ...] = ()
    state: dict[str, Any] | None = None


class Reader(Protocol):
    """A source kind's reader (one module per kind in ``tracker.sources``)."""

    kind: str
    measures: tuple[MeasureSpec, ...]

    def check(self, options: dict[str, Any]) -> None:
        """Raise ``SourceError`` when ``options`` cannot work (checked when the user adds it)."""
        ...

    def read(self, options: dict[str, Any], day_of: DayOf,
             state: dict[str, Any] | None = None) -> Reading:
        """Read the source (never writing to it); ``SourceError`` on bad input."""
        ...
