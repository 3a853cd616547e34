"""The unfinished check-in form, kept on disk so it survives closing the window or a crash.

A plain journal's draft is a JSON file; an encrypted journal's is sealed under its key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.paths import DataPaths, write_private_text

if TYPE_CHECKING:
    from tracker.store.cipher import CipherKey


class DraftStore:
    """A single JSON draft file (0600, written atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or None when there is none or it cannot be read."""
        try:
            data = json.loads(self._read())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data else None

    def save(self, draft: dict[str, Any]) -> None:
        """Replace the draft; an empty dict clears it."""
        if not draft:
            self.clear()
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._write(json.dumps(draft, ensure_ascii=False, sort_keys=True))

    def clear(self) -> None:
        if self.path.exists():  # unlink, even of nothing, fails on read-only media
            self.path.unlink(missing_ok=True)

    def _read(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def _write(self, text: str) -> None:
        write_private_text(self.path, text)


class SealedDraftStore(DraftStore):
    """The draft of an encrypted journal: the same JSON, sealed under the journal's key."""

    def __init__(self, path: Path, key: CipherKey) -> None:
        super().__init__(path)
        self._key = key

    def _read(self) -> str:
        from tracker.store.sealed import read_sealed

        text = read_sealed(self.path, self._key)
        if text is None:
            raise OSError("no readable draft")
        return text

    def _write(self, text: str) -> None:
        from tracker.store.sealed import write_sealed

        write_sealed(self.path, text, self._key)


def drafts_for(paths: DataPaths) -> DraftStore:
    """The draft store for the journal in ``paths`` as it is now: sealed when encrypted."""
    from tracker.store.header import is_encrypted

    if not is_encrypted(paths.database):
        return DraftStore(paths.draft)
    from tracker.store import cipher

    key = cipher.key_for(paths.database)
    if key is None:
        raise cipher.LockedFile("The journal is locked.")
    sealed = drafts_under(paths, key)
    if paths.draft.exists():  # left by a switch interrupted before it moved the draft
        plain = DraftStore(paths.draft)
        draft = plain.load()
        if draft and not sealed.load():
            sealed.save(draft)
        plain.clear()
    return sealed


def drafts_under(paths: DataPaths, key: CipherKey | None) -> DraftStore:
    """The draft store for a journal under ``key`` (None: plain)."""
    return DraftStore(paths.draft) if key is None else SealedDraftStore(paths.sealed_draft, key)
