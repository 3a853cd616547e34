"""Daylio's backup file (``.daylio``): a zip holding ``backup.daylio``, base64 of JSON.

Used: ``customMoods[]`` (``id``, ``custom_name``, ``mood_group_id`` 1 = best … 5 = worst,
``predefined_name_id``), ``tags[]`` (``id``, ``name``) and ``dayEntries[]`` (``datetime`` in
ms since the epoch, ``timeZoneOffset`` in ms, ``mood`` an id into ``customMoods``, ``tags`` ids
into ``tags``, ``note_title``, ``note``). Mood groups become mood 10, 8, 6, 3, 1 (group 1 …
5), shown to the user before importing. The source identity of an entry is its ``datetime``.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from tracker.errors import ExchangeError
from tracker.exchange.dataset import is_finite_number, located_error
from tracker.exchange.foreign.convert import LEVEL_LABELS, level_to_mood
from tracker.exchange.foreign.model import MAX_FILE_BYTES, KeyCounter, SourceData, SourceEntry

if TYPE_CHECKING:  # the checker's only: typing gains TypeIs in Python 3.13
    from typing_extensions import TypeIs

INNER_NAME = "backup.daylio"
MAX_ENTRIES = 1_000_000


def parse_daylio_backup(raw: bytes) -> SourceData:
    """Parse a ``.daylio`` backup; raise ``ExchangeError`` naming the first bad entry."""
    document = _document(raw)
    moods = _moods(document.get("customMoods", []))
    tag_names = _tags(document.get("tags", []))
    entries = document.get("dayEntries")
    if not isinstance(entries, list):
        raise ExchangeError("The backup has no 'dayEntries' list.")
    if len(entries) > MAX_ENTRIES:
        raise ExchangeError(f"The backup has more than {MAX_ENTRIES:,} entries.")
    source = SourceData("daylio")
    for label, level in moods.values():
        source.mood_labels.setdefault(label, level_to_mood(level))
        source.mood_levels.setdefault(label, level)
    unique = KeyCounter()
    for number, raw_entry in enumerate(entries, start=1):
        source.entries.append(_entry(number, raw_entry, moods, tag_names, unique))
    source.entries.sort(key=lambda e: e.at)
    if not source.entries:
        raise ExchangeError("The backup holds no entries.")
    return source


def _document(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_FILE_BYTES:
        raise ExchangeError(f"The backup is larger than {MAX_FILE_BYTES // 2**20} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if INNER_NAME not in names:
                raise ExchangeError(f"The zip holds no {INNER_NAME}: it is not a Daylio backup.")
            info = archive.getinfo(INNER_NAME)
            if info.file_size > 4 * MAX_FILE_BYTES:
                raise ExchangeError("The backup is too large to read.")
            payload = archive.read(INNER_NAME)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        if isinstance(exc, ExchangeError):
            raise
        raise ExchangeError("The file is not a readable zip: it is not a Daylio backup.") from None
    try:
        decoded = base64.b64decode(b"".join(payload.split()), validate=True)
        text = decoded.decode("utf-8")
    except (binascii.Error, ValueError):
        raise ExchangeError(f"{INNER_NAME} is not base64-encoded UTF-8 JSON.") from None
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        detail = getattr(exc, "msg", "too deeply nested")
        raise ExchangeError(f"{INNER_NAME} is not valid JSON ({detail}).") from None
    if not isinstance(document, dict):
        raise ExchangeError(f"{INNER_NAME} does not hold a JSON object.")
    return document


def _moods(raw: object) -> dict[int, tuple[str, int]]:
    """Mood id -> (label, level 1 = awful … 5 = rad)."""
    if not isinstance(raw, list):
        raise ExchangeError("'customMoods' must be a list.")
    moods: dict[int, tuple[str, int]] = {}
    for number, mood in enumerate(raw, start=1):
        where = f"customMoods {number}"
        if not isinstance(mood, dict):
            raise located_error(where, number, "expected an object.")
        ident, group = mood.get("id"), mood.get("mood_group_id")
        if not _whole(ident) or not _whole(group) or not 1 <= group <= 5:
            raise located_error(where, number, "needs an 'id' and a 'mood_group_id' 1-5.")
        name = mood.get("custom_name") or ""
        if not isinstance(name, str):
            raise located_error(where, number, "'custom_name' must be text.")
        level = 6 - group
        label = " ".join(name.split()) or LEVEL_LABELS[level]
        moods[ident] = (label, level)
    if not moods:  # a minimal backup: Daylio's five predefined moods, ids 1-5
        moods = {group: (LEVEL_LABELS[6 - group], 6 - group) for group in range(1, 6)}
    return moods


def _tags(raw: object) -> dict[int, str]:
    if not isinstance(raw, list):
        raise ExchangeError("'tags' must be a list.")
    names: dict[int, str] = {}
    for number, tag in enumerate(raw, start=1):
        if not isinstance(tag, dict) or not _whole(tag.get("id")):
            raise located_error(f"tags {number}", number, "needs an 'id' and a 'name'.")
        name = tag.get("name")
        if not isinstance(name, str):
            raise located_error(f"tags {number}", number, "'name' must be text.")
        names[tag["id"]] = name
    return names


def _entry(
    number: int,
    raw: object,
    moods: dict[int, tuple[str, int]],
    tag_names: dict[int, str],
    unique: KeyCounter,
) -> SourceEntry:
    def bad(detail: str) -> ExchangeError:
        return located_error(f"dayEntries {number}", number, detail)

    if not isinstance(raw, dict):
        raise bad("expected an object.")
    stamp, offset = raw.get("datetime"), raw.get("timeZoneOffset", 0)
    if not _whole(stamp) or not _whole(offset):
        raise bad("'datetime' and 'timeZoneOffset' must be whole milliseconds.")
    if abs(offset) >= 24 * 3_600_000 or offset % 60_000:
        raise bad(f"'timeZoneOffset' {offset} is not a whole-minute offset under 24 hours.")
    try:
        zone = timezone(timedelta(milliseconds=offset))
        at = datetime.fromtimestamp(stamp / 1000, UTC).astimezone(zone).replace(microsecond=0)
        at.astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        raise bad(f"'datetime' {stamp} is out of range.") from None
    mood_id = raw.get("mood")
    if not _whole(mood_id) or mood_id not in moods:
        raise bad(f"'mood' {mood_id!r} is not one of the backup's moods.")
    tag_ids = raw.get("tags", [])
    if not isinstance(tag_ids, list) or not all(_whole(t) for t in tag_ids):
        raise bad("'tags' must be a list of tag ids.")
    unknown = [t for t in tag_ids if t not in tag_names]
    if unknown:
        raise bad(f"tag id {unknown[0]} is not in the backup's 'tags'.")
    title, note = raw.get("note_title", ""), raw.get("note", "")
    if not isinstance(title, str) or not isinstance(note, str):
        raise bad("'note_title' and 'note' must be text.")
    note = f"{title.strip()}\n{note}".strip("\n") if title.strip() else note
    return SourceEntry(
        row=number,
        key=unique(str(stamp)),
        at=at,
        mood=moods[mood_id][0],
        tags=[tag_names[t] for t in tag_ids],
        note=note,
    )


def _whole(value: object) -> TypeIs[int]:
    # a whole float such as 3.0 passes too: it indexes, compares and computes as the int does
    return is_finite_number(value) and float(value).is_integer() and abs(value) < 2**62
