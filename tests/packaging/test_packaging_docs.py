"""The frozen app carries what F1 opens: the guide, the methods and every picture of the guide."""

from __future__ import annotations

from pathlib import Path

from packaging_support import PACKAGING, ROOT, load_script

docs_data = load_script("docs_data")


def test_the_bundle_gets_the_guide_the_methods_and_the_guides_pictures():
    datas = docs_data.docs_datas(ROOT)
    guide = (ROOT / "docs" / "GUIDE.md").read_text(encoding="utf-8")
    images = docs_data.guide_images(guide)
    assert len(images) >= 12 and all(i.startswith("screenshots/") for i in images)
    wanted = {("docs/GUIDE.md", "docs"), ("docs/METHODS.md", "docs")}
    wanted |= {(f"docs/{i}", "docs/screenshots") for i in images}
    assert {(str(Path(src).relative_to(ROOT)), dest) for src, dest in datas} == wanted
    assert all(Path(src).is_file() for src, _ in datas)
    assert "about-dark.png" not in str(datas)  # only the pictures the guide shows
    assert "docs_data.docs_datas(ROOT)" in (PACKAGING / "touchstone.spec").read_text()
