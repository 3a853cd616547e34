"""The documents the app opens (tracker/ui/methods_page.py), as PyInstaller datas: the guide,
the methods, and every picture the guide shows (docs/screenshots/, only those)."""

from __future__ import annotations

import re
from pathlib import Path

IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")  # markdown ![alt](path)


def guide_images(guide_text: str) -> list[str]:
    """The relative paths of the pictures in GUIDE.md, in order, without repeats."""
    return list(dict.fromkeys(IMAGE.findall(guide_text)))


def docs_datas(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle): docs/GUIDE.md, docs/METHODS.md, the guide's pictures."""
    docs = root / "docs"
    datas = [(str(docs / "GUIDE.md"), "docs"), (str(docs / "METHODS.md"), "docs")]
    for image in guide_images((docs / "GUIDE.md").read_text(encoding="utf-8")):
        datas.append((str(docs / image), str(Path("docs") / Path(image).parent)))
    return datas
