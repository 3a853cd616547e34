"""Shared by the packaging tests: paths, the validators, loading scripts from packaging/."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

from tests.ci import skip_unless_ci
from tracker import APP_ID

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
PACKAGING = ROOT / "packaging"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"


def require_tool(name: str) -> str:
    """The tool's path; skip when it is absent, but fail under CI=true (.ci/run installs it)."""
    path = shutil.which(name)
    if path:
        return path
    skip_unless_ci(f"{name} not installed (apt-get install desktop-file-utils appstream)",
                   ".ci/run must install it")


def load_script(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` (the folder is not a package: it would shadow PyPI's)."""
    module_name = f"touchstone_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
