"""The storage layer: SQLite through SQLAlchemy 2, schema versions, backups.

Only ``Store`` is meant for other layers; it takes and returns domain dataclasses. Importing
this package is cheap: ``Store`` (and SQLAlchemy) load on first use, so ``peek`` can read the
form's definitions before the window appears.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.store.schema_version import SCHEMA_VERSION

if TYPE_CHECKING:
    from tracker.store.repository import Store

__all__ = ["SCHEMA_VERSION", "Store"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from tracker.store.repository import Store

        return Store
    raise AttributeError(name)
