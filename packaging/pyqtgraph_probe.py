"""Frozen probe: does pyqtgraph start and draw in this bundle? (built with TOUCHSTONE_PROBE=1)

Until the dashboard lands in ``touchstone self-test``, this proves that the trimmed bundle (without
QtOpenGL and QtTest) still imports pyqtgraph and renders a plot offscreen. Exit 0 only if it does.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor  # noqa: E402 - PySide6 before pyqtgraph picks the binding
from PySide6.QtWidgets import QApplication  # noqa: E402


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
    return 0 if red > 20 else 1


if __name__ == "__main__":
    sys.exit(main())
