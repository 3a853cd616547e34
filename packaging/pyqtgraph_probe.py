"""Frozen probe (built with TOUCHSTONE_PROBE=1): pyqtgraph and Qt's text features in this bundle.

Proves that the trimmed bundle (QtOpenGL stubbed, QtTest left out, ICU data trimmed) still
imports pyqtgraph and renders a plot offscreen, and that what Qt asks ICU for still works at the
Qt level: locale collation (QCollator), locale case mapping, time-zone names, a legacy codec,
and word wrapping (Qt's own line breaker). Prints each failure; exit 0 only if none.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QCollator, QLocale, QStringDecoder, QTimeZone  # noqa: E402
from PySide6.QtGui import QColor, QFontMetrics, QTextLayout  # noqa: E402 - before pyqtgraph
from PySide6.QtWidgets import QApplication, QLabel  # noqa: E402

SENTENCE = "How sure you felt, and how it went: a check-in takes less than a minute each day."


def text_failures() -> list[str]:
    failures = []
    swedish, german = QCollator(QLocale("sv_SE")), QCollator(QLocale("de_DE"))
    if not (swedish.compare("ö", "z") > 0 and german.compare("ö", "z") < 0):
        failures.append("QCollator: sv/de do not sort ö after/before z")
    if sorted(["b", "ä", "a", "c"], key=german.sortKey) != ["a", "ä", "b", "c"]:
        failures.append("QCollator.sortKey: German order wrong")
    if QLocale("tr_TR").toUpper("istanbul") != "İSTANBUL":
        failures.append(f"QLocale tr toUpper: {QLocale('tr_TR').toUpper('istanbul')!r}")
    zone = QTimeZone(QByteArray(b"Europe/Berlin"))
    name = zone.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName,
                            QLocale("de_DE"))
    if name != "Mitteleuropäische Normalzeit":
        failures.append(f"QTimeZone.displayName de: {name!r}")
    # (PySide6's QStringDecoder cannot decode from Python; validity means ICU opened the table)
    if not QStringDecoder("windows-1252").isValid() or (
            "windows-1252" not in QStringDecoder.availableCodecs()):
        failures.append("QStringDecoder: no windows-1252")

    # word wrap: every line but the last ends after a space (Qt's own UAX #14 line breaking)
    label = QLabel(SENTENCE)
    label.setWordWrap(True)
    one_line = QFontMetrics(label.font()).height()
    if label.heightForWidth(120) < 3 * one_line:
        failures.append(f"QLabel word wrap: {label.heightForWidth(120)} px high at 120 px")
    layout = QTextLayout(SENTENCE, label.font())
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(120)
        lines.append(SENTENCE[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    if len(lines) < 3 or "".join(lines) != SENTENCE or not all(
            text.endswith(" ") for text in lines[:-1]):
        failures.append(f"QTextLayout wrapping: {lines!r}")
    return failures


def main() -> int:
    app = QApplication(sys.argv[:1])
    import numpy as np
    import pyqtgraph as pg

    widget = pg.PlotWidget(background="w")
    widget.resize(400, 300)
    widget.plot(np.arange(50.0), np.sin(np.arange(50.0) / 5) * 10, pen=pg.mkPen("#ff0000", width=3))
    widget.addItem(pg.ScatterPlotItem([10, 20], [0, 5], brush="b"))
    widget.show()
    app.processEvents()
    image = widget.grab().toImage()
    red = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if QColor(image.pixel(x, y)).red() > 200 and QColor(image.pixel(x, y)).green() < 80
    )
    opengl = type(pg.Qt.QtOpenGLWidgets).__name__
    print(f"pyqtgraph {pg.__version__} on {pg.Qt.QT_LIB}; QtOpenGLWidgets: {opengl}; "
          f"red curve pixels sampled: {red}")
    failures = text_failures()
    for failure in failures:
        print(f"FAIL {failure}")
    print("text: collation, case mapping, zone names, codec, word wrap" if not failures else "")
    return 0 if red > 20 and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
