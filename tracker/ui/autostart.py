"""Start at login: an XDG autostart entry on Linux (docs/DESKTOP.md: Windows and macOS).

Writes ``$XDG_CONFIG_HOME/autostart/<APP_ID>.desktop`` (``~/.config`` when unset); turning it
off removes that file. No Qt here: plain files.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from tracker import APP_ID, APP_NAME
from tracker.errors import UserError
from tracker.paths import default_data_dir


def supported(platform: str | None = None) -> bool:
    """True where Touchstone can manage start at login itself (Linux and other XDG desktops)."""
    platform = platform or sys.platform
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def autostart_file(config_home: Path | None = None) -> Path:
    """Where the autostart entry lives."""
    if config_home is None:
        env = os.environ.get("XDG_CONFIG_HOME", "")
        config_home = Path(env) if env and Path(env).is_absolute() else Path.home() / ".config"
    return config_home / "autostart" / f"{APP_ID}.desktop"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """The command that starts the GUI: the frozen app, the installed script, or ``-m tracker``."""
    if getattr(sys, "frozen", False):
        command = [sys.executable]
    elif script := shutil.which("touchstone"):
        command = [script]
    else:
        command = [sys.executable, "-m", "tracker"]
    if data_dir is not None and Path(data_dir).resolve() != default_data_dir().resolve():
        command += ["--data-dir", str(Path(data_dir).resolve())]
    return command


def quote_exec(args: Sequence[str]) -> str:
    """An ``Exec=`` value per the Desktop Entry spec (quoting, escapes, ``%%``)."""
    out = []
    for arg in args:
        arg = arg.replace("%", "%%")
        if any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
            arg = f'"{escaped}"'
        out.append(arg)
    # a backslash in a desktop-file string value is itself escaped
    return " ".join(out).replace("\\", "\\\\")


def desktop_entry(command: Sequence[str]) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Check in: how skilled you feel today, and the state you are in",
        f"Exec={quote_exec(command)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def is_enabled(config_home: Path | None = None) -> bool:
    return autostart_file(config_home).is_file()


def remove_entry_for(data_dir: Path, config_home: Path | None = None) -> Path | None:
    """Remove the autostart entry when it starts Touchstone on ``data_dir`` ("Delete all my
    data"); the path removed, or None (no entry, or one for another folder)."""
    path = autostart_file(config_home)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    exec_line = next((line for line in text.splitlines() if line.startswith("Exec=")), "")
    if "--data-dir" in exec_line:
        folder = quote_exec([str(Path(data_dir).resolve())])
        ours = exec_line.endswith(f" --data-dir {folder}")  # launch_command puts it last
    else:
        ours = Path(data_dir).resolve() == default_data_dir().resolve()
    if not ours:
        return None
    try:
        path.unlink()
    except OSError as exc:
        raise UserError(f"Could not remove start at login ({path}): {exc.strerror or exc}.") \
            from None
    return path


def set_enabled(enabled: bool, data_dir: Path | None = None,
                config_home: Path | None = None) -> Path:
    """Create or remove the autostart entry; a UserError when the file cannot be written."""
    path = autostart_file(config_home)
    try:
        if enabled:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(desktop_entry(launch_command(data_dir)), encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(
            f"Cannot change start at login ({path}): {exc.strerror or exc}.") from None
    return path
