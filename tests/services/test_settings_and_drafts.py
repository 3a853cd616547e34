"""Settings (declared, typed, versioned) and the draft file."""

from __future__ import annotations

import json
import stat

from tracker import settings as settings_module
from tracker.services.drafts import DraftStore
from tracker.settings import Settings


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_defaults_when_missing(tmp_path):
    s = Settings.load(tmp_path / "settings.json")
    assert s.welcome_done is False and s.theme == "system" and s.last_tab == 0


def test_round_trip_and_private_mode(tmp_path):
    path = tmp_path / "settings.json"
    s = Settings.load(path)
    s.welcome_done, s.theme, s.hidden_factors = True, "dark", ["hunger"]
    s.save()
    assert mode(path) == 0o600
    again = Settings.load(path)
    assert (again.welcome_done, again.theme, again.hidden_factors) == (True, "dark", ["hunger"])
    assert json.loads(path.read_text())["version"] == settings_module.SETTINGS_VERSION


def test_wrong_types_and_garbage_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"welcome_done": "yes", "last_tab": True, "theme": 3}))
    s = Settings.load(path)
    assert (s.welcome_done, s.last_tab, s.theme) == (False, 0, "system")
    path.write_text("{not json")
    assert Settings.load(path).theme == "system"


def test_upgrade_steps_run_in_order(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 0, "dark_mode": True}))

    def v0_to_v1(raw):
        raw["theme"] = "dark" if raw.pop("dark_mode") else "light"
        return raw

    monkeypatch.setitem(settings_module.UPGRADES, 0, v0_to_v1)
    assert Settings.load(path).theme == "dark"


def test_draft_round_trip_and_clear(tmp_path):
    drafts = DraftStore(tmp_path / "draft.json")
    assert drafts.load() is None
    drafts.save({"ratings": {"s": 7}, "note": "half-typed"})
    assert mode(tmp_path / "draft.json") == 0o600
    assert DraftStore(tmp_path / "draft.json").load() == {"ratings": {"s": 7}, "note": "half-typed"}
    drafts.save({})
    assert drafts.load() is None and not (tmp_path / "draft.json").exists()


def test_corrupt_draft_is_ignored(tmp_path):
    (tmp_path / "draft.json").write_text("\x00garbage")
    assert DraftStore(tmp_path / "draft.json").load() is None
