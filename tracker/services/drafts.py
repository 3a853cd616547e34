"""The unfinished check-in form, kept on disk so it survives closing the window or a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tracker.paths import write_private_text


class DraftStore:
    """A single JSON draft file (0600, written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data else None

    def save(self, draft: dict[str, Any]) -> None:
        """Replace the draft; an empty dict clears it."""
        if not draft:
            self.clear()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private_text(self.path, json.dumps(draft, ensure_ascii=False, sort_keys=True))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
