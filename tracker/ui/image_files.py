"""Images the user asked for (chart exports, screenshots), written like every other export:
whole or not at all, mode 0600, never through a link or into a pipe (``write_output``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPixmap

from tracker.errors import UserError


def image_bytes(image: QImage | QPixmap, fmt: str = "PNG") -> bytes:
    """``image`` encoded as ``fmt`` in memory."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buffer, fmt)  # type: ignore[call-overload]  # QImage.save refuses the bytes its stub asks for; str works
    buffer.close()
    if not ok or data.isEmpty():
        raise UserError(f"Could not encode the image as {fmt}.")
    return bytes(data.data())


def save_image(image: QImage | QPixmap, path: Path, fmt: str = "PNG") -> Path:
    """Write ``image`` to ``path`` as ``fmt`` (0600, replaced whole)."""
    write_file(path, image_bytes(image, fmt))
    return path


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to the file the user named (see ``services.transfer.write_output``)."""
    from tracker.services.transfer import write_output

    write_output(Path(path), data, "export onto")
    return path
