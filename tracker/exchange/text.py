"""Reading an imported file's bytes as text, with one answer for every format."""

from __future__ import annotations

from tracker.errors import ExchangeError


def decode_text(raw: str | bytes, name: str = "The file", advice: str = "") -> str:
    """UTF-8 text without its BOM, or ``ExchangeError`` naming the first bad byte (from 1);
    ``advice`` ends that message (e.g. how to save the file as UTF-8)."""
    if isinstance(raw, bytes | bytearray):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            tail = f"; {advice}" if advice else ""
            raise ExchangeError(f"{name} is not UTF-8 text (byte {exc.start + 1}){tail}.") from None
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: not text SQLite (or anyone) can store
        raise ExchangeError(f"{name} contains characters that are not valid text.") from None
    return raw.removeprefix("\ufeff")
