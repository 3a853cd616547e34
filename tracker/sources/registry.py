"""Source kind -> reader. Each kind's module (``tracker.sources.<kind>``) is imported only when
that kind is read, so a missing or broken module costs only its own sources, and nothing of
the sources is imported at start-up."""

from __future__ import annotations

import importlib
from typing import cast

from tracker.sources.base import Reader, SourceError

KINDS = ("git", "anki", "metric")
KIND_NAMES = {"git": "git repositories", "anki": "Anki", "metric": "daily-metric file"}
_extra: dict[str, Reader] = {}


def register(reader: Reader) -> None:
    """Make ``reader`` the reader of its kind (tests: a fake kind; plug-ins later)."""
    _extra[reader.kind] = reader


def unregister(kind: str) -> None:
    _extra.pop(kind, None)


def known_kinds() -> tuple[str, ...]:
    return KINDS + tuple(k for k in _extra if k not in KINDS)


def reader_for(kind: str) -> Reader:
    """The reader of ``kind``; ``SourceError`` for an unknown kind or a module not there."""
    if kind in _extra:
        return _extra[kind]
    if kind not in KINDS:
        raise SourceError(f"{kind!r} is not a kind of source (kinds: {', '.join(KINDS)}).")
    try:
        module = importlib.import_module(f"tracker.sources.{kind}")
    except ImportError:
        raise SourceError(f"Sources of kind {kind!r} cannot be read by this version of "
                          "Touchstone.") from None
    found = getattr(module, "reader", None)
    if found is None:  # a module that names its reader class only
        found = next((v() for v in vars(module).values() if isinstance(v, type)
                      and getattr(v, "kind", None) == kind and hasattr(v, "read")), None)
    if found is None or not hasattr(found, "read"):
        raise SourceError(f"Sources of kind {kind!r} cannot be read by this version of "
                          "Touchstone.")
    return cast(Reader, found)
