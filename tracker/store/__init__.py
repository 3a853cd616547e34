"""SQLite through SQLAlchemy 2: the ``Store`` repository, schema versions, backups, encryption.
May import ``tracker.domain``, ``errors`` and ``paths``; no Qt. Other layers use only ``Store``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.store.schema_version import SCHEMA_VERSION

if TYPE_CHECKING:
    from tracker.store.repository import Store

__all__ = ["SCHEMA_VERSION", "Store"]


def __getattr__(name: str) -> Any:
    # cheap to import: Store (and SQLAlchemy) load on first use, so ``peek`` can read the form's
    # definitions before the window appears
    if name == "Store":
        from tracker.store.repository import Store

        return Store
    raise AttributeError(name)
