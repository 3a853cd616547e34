"""Sample files for the foreign-import tests, and a builder for Daylio backups."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import timedelta, timezone
from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"
BERLIN_SUMMER = timezone(timedelta(hours=2))


def sample(name: str) -> Path:
    return SAMPLES / name


def daylio_backup(document: object, inner: str = "backup.daylio") -> bytes:
    """A ``.daylio`` file: a zip holding base64-encoded JSON."""
    payload = base64.b64encode(json.dumps(document).encode("utf-8"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, payload)
    return out.getvalue()


def backup_document() -> dict:
    """Five moods (one renamed, one extra 'content' in the 'good' group), tags, 4 entries."""
    return {
        "version": 15,
        "customMoods": [
            {"id": 1, "custom_name": "", "mood_group_id": 1, "predefined_name_id": 1},
            {"id": 2, "custom_name": "", "mood_group_id": 2, "predefined_name_id": 2},
            {"id": 3, "custom_name": "", "mood_group_id": 3, "predefined_name_id": 3},
            {"id": 4, "custom_name": "rough", "mood_group_id": 4, "predefined_name_id": 4},
            {"id": 5, "custom_name": "", "mood_group_id": 5, "predefined_name_id": 5},
            {"id": 6, "custom_name": "content", "mood_group_id": 2, "predefined_name_id": -1},
        ],
        "tags": [
            {"id": 1, "name": "work"},
            {"id": 2, "name": "sport"},
            {"id": 3, "name": "family; friends"},
        ],
        "dayEntries": [
            # 2024-02-01 08:30 UTC, shown at +01:00
            {
                "id": 1,
                "datetime": 1706776200000,
                "timeZoneOffset": 3600000,
                "mood": 1,
                "tags": [1, 2],
                "note_title": "",
                "note": "strong start",
            },
            {
                "id": 2,
                "datetime": 1706869800000,
                "timeZoneOffset": 3600000,
                "mood": 4,
                "tags": [1],
                "note_title": "Title",
                "note": "body",
            },
            {
                "id": 3,
                "datetime": 1706956200000,
                "timeZoneOffset": 3600000,
                "mood": 6,
                "tags": [3],
                "note": "",
            },
            {
                "id": 4,
                "datetime": 1707042600000,
                "timeZoneOffset": -18000000,
                "mood": 5,
                "tags": [],
            },
        ],
    }
