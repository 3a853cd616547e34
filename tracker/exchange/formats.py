"""Choosing the file format of an export or import."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import ExchangeError

FORMATS = ("csv", "json")


def detect_format(path: Path, explicit: str | None) -> str:
    """``explicit`` when given (csv or json), else the format named by ``path``'s extension."""
    if explicit is not None:
        chosen = explicit.strip().casefold()
        if chosen not in FORMATS:
            raise ExchangeError(f"Unknown format {explicit!r}: use csv or json.")
        return chosen
    suffix = Path(path).suffix.casefold().removeprefix(".")
    if suffix in FORMATS:
        return suffix
    raise ExchangeError(
        f"Cannot tell the format of {Path(path).name!r} from its extension: "
        "name it .csv or .json, or give --format csv or --format json."
    )
