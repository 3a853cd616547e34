"""The journal's skills and factors as they were when the window last closed, so the next start
can draw the check-in form without loading SQLite (``Journal.open_deferred``).

Trusted only while the journal and its -wal are exactly as they were then (inode, size and
modification time of each); anything else falls back to the peek, which reads the file. Never
written for an encrypted journal, and removed when a journal is encrypted: it holds the names
and anchors of skills and factors.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from types import SimpleNamespace

from tracker.domain import Factor, Skill
from tracker.store.rows import factor_from_row, in_display_order, skill_from_row
from tracker.store.schema_version import SCHEMA_VERSION

CACHE_NAME = "definitions.json"
_VERSION = 1


def cache_path(db: Path) -> Path:
    return db.with_name(CACHE_NAME)


def _stamp(db: Path) -> list[list[int] | None]:
    """Inode, size and modification time of the journal and of its -wal (None if missing)."""
    stamps: list[list[int] | None] = []
    for path in (db, db.with_name(db.name + "-wal")):
        try:
            info = os.stat(path)
        except FileNotFoundError:
            stamps.append(None)
            continue
        stamps.append([info.st_ino, info.st_size, info.st_mtime_ns])
    return stamps


def save(db: Path, skills: list[Skill], factors: list[Factor]) -> None:
    """Keep every skill and factor (archived too) for the next start; the journal must be
    closed, so that its files are as the next start will find them."""
    from tracker.paths import write_private_text

    if not db.exists():
        return  # erased meanwhile: nothing to keep
    data = {"version": _VERSION, "schema": SCHEMA_VERSION, "journal": _stamp(db),
            "skills": [asdict(s) for s in skills],
            "factors": [{**asdict(f), "kind": f.kind.value} for f in factors]}
    write_private_text(cache_path(db), json.dumps(data, ensure_ascii=False))


def load(db: Path) -> tuple[list[Skill], list[Factor]] | None:
    """The kept definitions, in display order, or None when missing, unreadable or stale."""
    try:
        data = json.loads(cache_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return None
    if data.get("schema") != SCHEMA_VERSION:
        return None  # another Touchstone wrote it: the peek decides (a migration may be due)
    stamp = _stamp(db)
    if stamp[0] is None or data.get("journal") != stamp:
        return None  # no journal, or it changed since (or is another file)
    try:
        skills = [skill_from_row(SimpleNamespace(**row)) for row in data["skills"]]
        factors = [factor_from_row(SimpleNamespace(**row)) for row in data["factors"]]
    except (KeyError, TypeError, ValueError):
        return None
    return in_display_order(skills), in_display_order(factors)


def discard(db: Path) -> None:
    cache_path(db).unlink(missing_ok=True)
