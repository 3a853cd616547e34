"""The app icon: PNGs rendered from the SVG at every size, and well-formed .ico / .icns files."""

from __future__ import annotations

import struct

import pytest
from packaging_support import RESOURCES, load_script

ICONS = RESOURCES / "icons"
make_icons = load_script("make_icons")


@pytest.mark.gui
@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_committed_png_has_its_size_and_matches_the_svg(qapp, size):
    from PySide6.QtGui import QImage

    image = QImage(str(make_icons.png_path(size)))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
    # a stale PNG (SVG edited, generator not re-run) differs by far more than rounding
    assert make_icons.max_difference(image, make_icons.render(size)) <= 8


@pytest.mark.gui
def test_icon_is_readable_at_16_px(qapp):
    """At 16 px the stone is still dark and the streak still gold (not a grey smudge)."""
    from PySide6.QtGui import QColor

    image = make_icons.render(16)
    pixels = [QColor(image.pixel(x, y)) for x in range(16) for y in range(16)]
    opaque = [c for c in pixels if c.alpha() > 200]
    gold = [c for c in opaque if c.red() > 180 and c.green() > 120 and c.blue() < 110]
    dark = [c for c in opaque if c.lightness() < 70]
    assert len(opaque) > 150  # the slab fills most of the square
    assert len(gold) >= 10 and len(dark) >= 60


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_ico_holds_one_png_per_windows_size():
    data = (ICONS / "touchstone.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _, _, planes, bits, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * i: 22 + 16 * i])
        png = data[offset: offset + length]
        assert len(png) == length and (planes, bits) == (1, 32)
        assert _png_size(png) == (w or 256, h or 256)
        sizes.append(w or 256)
    assert sorted(sizes) == list(make_icons.ICO_SIZES)


def test_icns_holds_every_macos_size_up_to_1024():
    data = (ICONS / "touchstone.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos: pos + 4], struct.unpack(">I", data[pos + 4: pos + 8])[0]
        found[kind] = _png_size(data[pos + 8: pos + length])[0]
        pos += length
    assert pos == len(data)
    assert found == {kind: size for kind, size in make_icons.ICNS_TYPES}


@pytest.mark.gui
def test_generator_writes_the_same_set_of_files(qapp, tmp_path):
    """``make_icons.generate`` into an empty folder: every size, .ico and .icns (the layout
    packaging/install_desktop.sh and the spec rely on)."""
    written = make_icons.generate(icons=tmp_path, svg=make_icons.SVG)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    committed = sorted(str(p.relative_to(ICONS)) for p in ICONS.rglob("*")
                       if p.is_file() and p.suffix in (".png", ".ico", ".icns"))
    assert names == committed
