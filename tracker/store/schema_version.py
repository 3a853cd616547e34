"""The schema version this code reads and writes (``PRAGMA user_version``), and the refusal
of a newer one. Imports nothing of ours, so the opening, migration and backup code all can."""

from __future__ import annotations

from pathlib import Path

SCHEMA_VERSION = 3  # == len(migrations.MIGRATIONS)


def too_new_message(path: Path, version: int) -> str:
    """Why a journal of schema ``version`` (newer than this code's) is not opened."""
    return (
        f"The journal {path} was made by a newer Touchstone (schema version {version}; this "
        f"version reads up to {SCHEMA_VERSION}). Update Touchstone to open it. "
        "The file was left untouched."
    )
