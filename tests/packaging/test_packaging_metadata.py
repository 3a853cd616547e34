"""The .desktop file and AppStream metainfo: valid for the freedesktop tools, consistent ids."""

from __future__ import annotations

import configparser
import subprocess
import tomllib
import xml.etree.ElementTree as ET

from packaging_support import (
    DESKTOP_FILE,
    METAINFO_FILE,
    RESOURCES,
    ROOT,
    require_tool,
)

from tracker import APP_ID, APP_NAME


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_passes_desktop_file_validate():
    tool = require_tool("desktop-file-validate")
    result = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True)
    # errors fail with a non-zero exit; warnings and hints only print: accept none of them
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


def test_metainfo_passes_appstreamcli_validate_without_network():
    tool = require_tool("appstreamcli")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO_FILE)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    problems = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == [], result.stdout


def test_desktop_entry_names_the_app_its_icon_and_command():
    entry = _desktop_entry()
    assert DESKTOP_FILE.name == f"{APP_ID}.desktop"
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "touchstone"  # the console script of pyproject.toml
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == APP_NAME  # Qt's X11 WM_CLASS class is applicationName


def test_metainfo_uses_the_same_id_icon_launcher_and_current_version():
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.find("launchable").text == DESKTOP_FILE.name
    assert root.find("icon").text == APP_ID
    assert root.find("provides/binary").text == "touchstone"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    newest = root.find("releases/release")
    assert newest.get("version") == project["version"], "add a <release> for the new version"
    licence = project["license"]
    assert root.findtext("project_license") == (licence if isinstance(licence, str)
                                                else licence["text"])


def test_every_resource_the_launcher_names_is_shipped():
    assert (RESOURCES / "icons" / f"{APP_ID}.svg").is_file()
    for size in (16, 32, 48, 128, 256, 512):
        assert (RESOURCES / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
                ).is_file()


def test_the_validators_do_reject_broken_files(tmp_path):
    """The two checks above can fail: a launcher without Name, metainfo without a summary."""
    desktop_tool = require_tool("desktop-file-validate")
    appstream_tool = require_tool("appstreamcli")
    broken_desktop = tmp_path / f"{APP_ID}.desktop"
    broken_desktop.write_text(
        "\n".join(line for line in DESKTOP_FILE.read_text(encoding="utf-8").splitlines()
                  if not line.startswith("Name=")) + "\n", encoding="utf-8")
    result = subprocess.run([desktop_tool, str(broken_desktop)], capture_output=True, text=True)
    assert result.returncode != 0 and "Name" in result.stdout
    broken_meta = tmp_path / f"{APP_ID}.metainfo.xml"
    text = METAINFO_FILE.read_text(encoding="utf-8")
    start, end = text.index("<summary>"), text.index("</summary>") + len("</summary>")
    broken_meta.write_text(text[:start] + text[end:], encoding="utf-8")
    result = subprocess.run([appstream_tool, "validate", "--no-net", str(broken_meta)],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "summary" in result.stdout
