"""packaging/install_desktop.sh installs launcher, icons and metainfo for one user; --uninstall."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_support import PACKAGING, require_tool

from tracker import APP_ID

SCRIPT = PACKAGING / "install_desktop.sh"
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _run(tmp_path: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "share"))
    if path is not None:
        env["PATH"] = path
    env.pop("TOUCHSTONE_EXEC", None)
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=env)


def _exec_line(tmp_path: Path) -> str:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("="))
    parser.optionxform = str
    parser.read(tmp_path / "share" / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    return parser["Desktop Entry"]["Exec"]


def _installed(tmp_path: Path) -> set[str]:
    share = tmp_path / "share"
    return {str(p.relative_to(share)) for p in share.rglob(f"{APP_ID}*") if p.is_file()}


def test_installs_launcher_every_icon_size_and_metainfo(tmp_path):
    result = _run(tmp_path, "--exec", "/opt/touchstone/touchstone")
    assert result.returncode == 0, result.stderr
    expected = {f"applications/{APP_ID}.desktop", f"metainfo/{APP_ID}.metainfo.xml",
                f"icons/hicolor/scalable/apps/{APP_ID}.svg"}
    expected |= {f"icons/hicolor/{s}x{s}/apps/{APP_ID}.png"
                 for s in (16, 24, 32, 48, 64, 128, 256, 512)}
    assert _installed(tmp_path) == expected
    assert _exec_line(tmp_path) == "/opt/touchstone/touchstone"


def test_installed_launcher_is_still_valid(tmp_path):
    tool = require_tool("desktop-file-validate")
    assert _run(tmp_path, "--exec", "/opt/my apps/touchstone").returncode == 0
    assert _exec_line(tmp_path) == '"/opt/my apps/touchstone"'  # quoted: it has a space
    desktop = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    result = subprocess.run([tool, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout


def test_uses_touchstone_from_path_when_there(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "touchstone"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    system_path = os.pathsep.join([str(bin_dir), "/usr/bin", "/bin"])
    assert _run(tmp_path, path=system_path).returncode == 0
    assert _exec_line(tmp_path) == "touchstone"


def test_uninstall_removes_every_file_it_installed(tmp_path):
    assert _run(tmp_path, "--exec", "touchstone").returncode == 0
    assert _installed(tmp_path)
    result = _run(tmp_path, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert _installed(tmp_path) == set()


@pytest.mark.parametrize("command", ['/opt/a"b', "/opt/$HOME/x", "/opt/`id`"])
def test_refuses_a_command_it_cannot_quote(tmp_path, command):
    result = _run(tmp_path, "--exec", command)
    assert result.returncode == 2
    assert "cannot put this command in a launcher" in result.stderr
    assert _installed(tmp_path) == set()


def test_unknown_option_is_a_clear_error(tmp_path):
    result = _run(tmp_path, "--frobnicate")
    assert result.returncode == 2
    assert "unknown option '--frobnicate'" in result.stderr
