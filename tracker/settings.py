"""Declared settings: each has a type and a default; the file carries a version with upgrades.

Stored as JSON in the data dir (0600), never in the database, so a broken settings file never
endangers the journal: an unreadable file or a wrong-typed value falls back to the default.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.paths import write_private_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tracker.domain import Factor

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1

# version -> function upgrading a raw dict from that version to the next one
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass
class Settings:
    """All user settings with their defaults."""

    welcome_done: bool = False
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    last_tab: int = 0
    theme: str = "system"  # system | light | dark
    hidden_factors: list[str] = field(default_factory=list)
    week_starts_monday: bool = True
    backup_dir: str = ""  # empty: the data dir's backups/ folder
    # daily habit (tracker.services.reminders parses and checks these; odd values mean default)
    reminder_mode: str = "random"  # random (inside a window) | fixed | off
    reminder_twice: bool = False  # a morning and an evening reminder instead of one
    reminder_window: str = "09:00-21:00"  # random mode, once a day
    reminder_morning: str = "08:00-12:00"  # random mode, twice a day
    reminder_evening: str = "17:00-22:00"
    reminder_time: str = "20:00"  # fixed mode, once a day (the evening one when twice)
    reminder_morning_time: str = "09:00"  # fixed mode, twice a day
    reminder_snooze_minutes: int = 15
    close_to_tray: bool = False  # closing the window keeps Touchstone in the tray
    start_at_login: bool = False
    rerate_frequency: str = "weekly"  # off | weekly | fortnightly | monthly (blind re-rating)
    rerate_last_offered: str = ""  # ISO date the blind re-rating was last offered
    probe_offer: str = "third"  # never | every | third: offer a probe after a check-in
    # encryption (only used when the journal is encrypted)
    remember_key: bool = False  # keep the derived key in the OS keyring (never the passphrase)
    auto_lock_minutes: int = 0  # lock the window after this long without input; 0 = never
    show_details: bool = False  # Dashboard and Reality: the statistics' details shown
    # outcome sources (tracker.services.outcome_sources): id, kind, name, unit, options (paths,
    # e-mails: never logged) and the measure id per reader key
    outcome_sources: list[Any] = field(default_factory=list)
    path: Path | None = field(default=None, repr=False, compare=False)

    def shown_factors(self, factors: Sequence[Factor]) -> list[Factor]:
        """The factors the check-in form asks for: those of ``factors`` not hidden here."""
        hidden = set(self.hidden_factors)
        return [f for f in factors if f.id not in hidden]

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings from ``path``; missing, unreadable or odd values get defaults."""
        raw: dict[str, Any] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                raw = loaded
        except FileNotFoundError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("settings file unreadable, using defaults: %s", type(exc).__name__)
        version = raw.get("version", SETTINGS_VERSION)
        if not isinstance(version, int):
            version = SETTINGS_VERSION
        while version < SETTINGS_VERSION:
            raw = UPGRADES[version](raw)
            version += 1
        settings = cls(path=path)
        for f in fields(cls):
            if f.name == "path" or f.name not in raw:
                continue
            default = getattr(settings, f.name)
            value = raw[f.name]
            same_kind = isinstance(value, bool) == isinstance(default, bool)
            if isinstance(value, type(default)) and same_kind:
                setattr(settings, f.name, value)
        return settings

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "path"}
        data["version"] = SETTINGS_VERSION
        return data

    def save(self) -> None:
        """Write atomically to the file it was loaded from (0600)."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private_text(self.path, json.dumps(self.to_dict(), indent=2, sort_keys=True))
