"""Start at login: the XDG autostart entry is written, valid, and removed again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import APP_ID
from tracker.errors import UserError
from tracker.ui import autostart


def test_entry_written_valid_and_removed(tmp_path):
    home = tmp_path / "config"
    data = tmp_path / "my data"
    path = autostart.set_enabled(True, data, home)
    assert path == home / "autostart" / f"{APP_ID}.desktop" and autostart.is_enabled(home)
    text = path.read_text()
    assert "Type=Application" in text and f"Icon={APP_ID}" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert f'--data-dir "{data.resolve()}"' in exec_line
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert r.returncode == 0 and "error" not in r.stdout.lower(), r.stdout
    autostart.set_enabled(False, data, home)
    assert not path.exists() and not autostart.is_enabled(home)
    autostart.set_enabled(False, data, home)  # removing twice is fine


def test_default_data_dir_is_not_repeated(monkeypatch, tmp_path):
    monkeypatch.setattr(autostart, "default_data_dir", lambda: tmp_path)
    assert "--data-dir" not in autostart.launch_command(tmp_path)


def test_frozen_app_starts_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert autostart.launch_command()[0] == sys.executable


def test_xdg_config_home_is_honoured(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert autostart.autostart_file() == tmp_path / "autostart" / f"{APP_ID}.desktop"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")
    assert autostart.autostart_file() == Path.home() / ".config" / "autostart" / (
        f"{APP_ID}.desktop")


def test_exec_quoting_follows_the_desktop_entry_spec():
    assert autostart.quote_exec(["/usr/bin/touchstone"]) == "/usr/bin/touchstone"
    assert autostart.quote_exec(["/opt/my app/t", "100%"]) == '"/opt/my app/t" 100%%'
    assert autostart.quote_exec(['a"b$c']) == '"a\\\\"b\\\\$c"'


def test_unwritable_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(UserError, match=r"^Cannot change start at login \("):
        autostart.set_enabled(True, None, blocker)


def test_only_xdg_platforms_are_managed():
    assert autostart.supported("linux") and not autostart.supported("win32")
    assert not autostart.supported("darwin")


@pytest.mark.gui
def test_settings_checkbox_writes_and_removes_it(qtbot, journal, data_dir, tmp_path, boxes):
    from tracker.settings import Settings
    from tracker.ui.settings_dialog import SettingsDialog

    home = tmp_path / "config"

    def dialog():
        d = SettingsDialog(Settings.load(data_dir / "settings.json"), journal, lambda c: None,
                           autostart_home=home)
        qtbot.addWidget(d)
        return d

    d = dialog()
    d.start_at_login.setChecked(True)
    d.accept()
    assert autostart.is_enabled(home)
    d = dialog()
    assert d.start_at_login.isChecked()
    d.start_at_login.setChecked(False)
    d.accept()
    assert not autostart.is_enabled(home) and boxes.shown == []
    # an unwritable folder: a message, the dialog stays open, the setting unchanged
    shutil.rmtree(home, ignore_errors=True)
    home.write_text("not a folder")
    d = dialog()
    d.start_at_login.setChecked(True)
    d.accept()
    assert d.result() != d.DialogCode.Accepted and d.tabs.currentIndex() == 2
    assert boxes.texts("warning")[0].startswith("Cannot change start at login (")
    assert Settings.load(data_dir / "settings.json").start_at_login is False
