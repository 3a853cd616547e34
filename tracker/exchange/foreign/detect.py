"""Which app made a file: from its content first, then its extension."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from tracker.errors import ExchangeError
from tracker.exchange.foreign.model import APPS


def detect_app(path: Path, head: bytes) -> str:
    """``daylio``, ``bearable``, ``trackandgraph`` or ``csv`` for a file starting with ``head``.

    A zip holding ``backup.daylio`` (or a ``.daylio`` name) is a Daylio backup; otherwise the
    CSV header decides; any other CSV is ``csv`` (it needs a column mapping).
    """
    name = Path(path).name
    if head.startswith(b"PK"):
        if Path(path).suffix.casefold() == ".daylio" or _zip_has_backup(head):
            return "daylio"
        raise ExchangeError(f"{name} is a zip file but not a Daylio backup.")
    if Path(path).suffix.casefold() == ".daylio":
        return "daylio"
    header = _header(head)
    if {"full_date", "mood", "activities"} <= header or {"year", "mood", "activities"} <= header:
        return "daylio"
    if {"category", "rating/amount", "time of day"} <= header:
        return "bearable"
    if {"featurename", "timestamp", "value"} <= header:
        return "trackandgraph"
    if header:
        return "csv"
    raise ExchangeError(
        f"Cannot tell which app made {name!r}: choose one of {', '.join(APPS)} (--from)."
    )


def _zip_has_backup(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "backup.daylio" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _header(head: bytes) -> set[str]:
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    try:
        cells = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return set()
    return {" ".join(c.split()).casefold() for c in cells if c.strip()}
