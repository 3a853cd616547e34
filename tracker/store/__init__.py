"""The storage layer: SQLite through SQLAlchemy 2, schema versions, backups.

Only ``Store`` is meant for other layers; it takes and returns domain dataclasses.
"""

from tracker.store.repository import Store
from tracker.store.versioning import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store"]
