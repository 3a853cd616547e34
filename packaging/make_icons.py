"""Render the app icon from its SVG source: hicolor PNGs (16-512), a Windows .ico and a macOS .icns.

Run from the repository root after editing ``resources/icons/<APP_ID>.svg``:

    .venv/bin/python packaging/make_icons.py          # writes resources/icons/...
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if a committed PNG is stale

Rendering uses Qt's QSvgRenderer (PySide6-Essentials), so no other image library is needed. The
.ico and .icns containers are written here directly: both simply hold PNG images (ICO with PNG
entries is read by Windows Vista and later; ICNS ``icp4``-``ic14`` PNG entries by macOS 10.7+).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
APP_ID = "io.github.touchstone.Touchstone"
SVG = ICONS / f"{APP_ID}.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, and the pixel size of each
ICNS_TYPES = (
    (b"icp4", 16), (b"ic11", 32), (b"icp5", 32), (b"ic12", 64), (b"icp6", 64),
    (b"ic07", 128), (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512),
    (b"ic10", 1024),
)


def png_path(size: int, icons: Path = ICONS) -> Path:
    """Where the hicolor PNG of ``size`` pixels lives (the freedesktop icon theme layout)."""
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def _qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def render(size: int, svg: Path = SVG):
    """The SVG drawn into a transparent ``size`` x ``size`` QImage."""
    _qt()
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for Qt")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image) -> bytes:
    """``image`` encoded as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image per size (ICONDIR, ICONDIRENTRYs, then the images)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in the one-byte width/height fields
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: the ``icns`` magic, the total length, then (type, length, PNG) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def generate(icons: Path = ICONS, svg: Path = SVG) -> list[Path]:
    """Write every PNG, the .ico and the .icns under ``icons``; returns the files written."""
    wanted = set(PNG_SIZES) | set(ICO_SIZES) | {size for _, size in ICNS_TYPES}
    pngs = {size: png_bytes(render(size, svg)) for size in sorted(wanted)}
    written = []
    for size in PNG_SIZES:
        path = png_path(size, icons)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    for name, data in (("touchstone.ico", ico_bytes({s: pngs[s] for s in ICO_SIZES})),
                       ("touchstone.icns", icns_bytes(pngs))):
        (icons / name).write_bytes(data)
        written.append(icons / name)
    return written


def max_difference(a, b) -> int:
    """The largest difference of any colour or alpha channel between two same-size images."""
    from PySide6.QtGui import QImage

    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    if a.size() != b.size():
        return 255
    worst = 0
    for y in range(a.height()):
        row_a = bytes(a.constScanLine(y))[: a.width() * 4]
        row_b = bytes(b.constScanLine(y))[: b.width() * 4]
        worst = max(worst, max(abs(x - y) for x, y in zip(row_a, row_b, strict=True)))
    return worst


def stale_pngs(icons: Path = ICONS, svg: Path = SVG, tolerance: int = 8) -> list[Path]:
    """Committed PNGs that are missing or no longer match the SVG (beyond rounding noise)."""
    from PySide6.QtGui import QImage

    stale = []
    for size in PNG_SIZES:
        path = png_path(size, icons)
        committed = QImage(str(path))
        if committed.isNull() or max_difference(committed, render(size, svg)) > tolerance:
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare the committed PNGs with a fresh rendering")
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_pngs()
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run packaging/make_icons.py)")
        return 1 if stale else 0
    for path in generate():
        print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
