"""pyqtgraph helpers: a themed PlotWidget view, exported by pyqtgraph's PNG exporter."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph import exporters
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QWidget

from tracker.ui.dashboard.base import View
from tracker.ui.dashboard.theme import Theme

pg.setConfigOptions(antialias=True, leftButtonPan=True)


def pen(color: QColor, width: float = 1.5, style=None) -> pg.QtGui.QPen:
    p = pg.mkPen(color=color, width=width)
    p.setCosmetic(True)
    if style is not None:
        p.setStyle(style)
    return p


def brush(color: QColor, alpha: int = 255) -> pg.QtGui.QBrush:
    c = QColor(color)
    c.setAlpha(alpha)
    return pg.mkBrush(c)


def label_style(theme: Theme, font: QFont) -> dict:
    return {"color": theme.text.name(), "font-size": f"{font.pointSizeF():.1f}pt"}


def style_plot(plot: pg.PlotItem, widget: pg.PlotWidget, theme: Theme, font: QFont) -> None:
    """Background, axis colours and fonts from the palette."""
    widget.setBackground(theme.background)
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setPen(pen(theme.muted, 1))
        axis.setTextPen(pen(theme.text, 1))
        axis.setTickFont(font)
        axis.setStyle(tickTextOffset=6, autoExpandTextSpace=True)
        axis.label.setFont(font)
    plot.titleLabel.item.setFont(font)


def set_title(plot: pg.PlotItem, text: str, theme: Theme, font: QFont) -> None:
    plot.setTitle(text, color=theme.text.name(), size=f"{font.pointSizeF():.1f}pt")


def break_gaps(x: np.ndarray, ys: list[np.ndarray], gap: float) -> tuple[np.ndarray, list]:
    """Insert a NaN row wherever consecutive x differ by more than ``gap``."""
    if len(x) < 2:
        return x, ys
    cut = np.nonzero(np.diff(x) > gap)[0] + 1
    if not len(cut):
        return x, ys
    x2 = np.insert(x.astype(float), cut, np.nan)
    return x2, [np.insert(y.astype(float), cut, np.nan) for y in ys]


def scale_ticks(lo: float, hi: float, *, whole: bool = False,
                most: int = 10) -> list[tuple[float, str]]:
    """Round ticks from ``lo`` to ``hi`` and none beyond (about ``most`` of them; whole
    numbers only when ``whole``): the axis of a 1–10 scale stops at 10."""
    span = hi - lo
    if span <= 0:
        return [(float(lo), f"{lo:g}")]
    raw = span / most
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    if whole:
        step = max(step, 1.0)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [(k * step, f"{round(k * step, 9):g}") for k in range(first, last + 1)]


def lone_points(y: np.ndarray) -> np.ndarray:
    """Which values of a line broken at NaN have no finite neighbour: a line shows nothing
    there (one day of data, or a day between two week-long gaps)."""
    ok = np.isfinite(np.asarray(y, float))
    before = np.r_[False, ok[:-1]]
    after = np.r_[ok[1:], False]
    return ok & ~before & ~after


def mark_lone_points(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, color: QColor,
                     size: float = 8) -> pg.PlotDataItem | None:
    """Make the points of ``item``'s line that no segment shows visible as dots: when the
    line is nothing but such points, ``item`` itself draws them (its legend entry too);
    otherwise a new unnamed item of dots for them is returned, for the caller to add."""
    lone = lone_points(y)
    if not lone.any():
        return None
    style = {"symbol": "o", "symbolSize": size, "symbolBrush": brush(color),
             "symbolPen": pg.mkPen(None)}
    if lone.sum() == np.isfinite(np.asarray(y, float)).sum():
        item.setSymbol(style["symbol"])
        item.setSymbolSize(size)
        item.setSymbolBrush(style["symbolBrush"])
        item.setSymbolPen(style["symbolPen"])
        return None
    return pg.PlotDataItem(np.asarray(x)[lone], np.asarray(y)[lone], pen=None, **style)


def segments(x: np.ndarray, gap: float) -> list[slice]:
    """Runs of x without a gap larger than ``gap``."""
    if not len(x):
        return []
    cut = [0, *(np.nonzero(np.diff(x) > gap)[0] + 1).tolist(), len(x)]
    return [slice(a, b) for a, b in zip(cut, cut[1:], strict=False) if b > a]


class PlotView(View):
    """A view drawn on one pyqtgraph PlotItem."""

    date_axis = False

    def build_chart(self) -> QWidget:
        axes = {"bottom": pg.DateAxisItem(orientation="bottom")} if self.date_axis else {}
        self.plot_widget = pg.PlotWidget(axisItems=axes)
        self.plot_widget.setMinimumHeight(260)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.layout.setContentsMargins(8, 8, 16, 8)
        return self.plot_widget

    def chart_font(self) -> QFont:
        return QFont(self.font())

    def prepare_plot(self, theme: Theme, *, grid_y: bool, fixed: bool = True) -> QFont:
        """Clear and style the plot for a redraw; returns the chart font.

        ``grid_y`` adds horizontal grid lines; ``fixed`` turns off mouse pan and zoom (charts
        whose axes mean categories or a fixed range)."""
        self.plot.clear()
        font = self.chart_font()
        style_plot(self.plot, self.plot_widget, theme, font)
        self.plot.showGrid(x=True, y=grid_y, alpha=0.12)
        if fixed:
            self.plot.setMouseEnabled(x=False, y=False)
        return font

    def chart_image(self) -> QImage:
        exporter = exporters.ImageExporter(self.plot_widget.scene())
        width, height = self.export_size()
        exporter.parameters()["width"] = width
        exporter.parameters()["height"] = height
        return exporter.export(toBytes=True)

    def view_rect(self) -> QRectF:
        return self.plot.getViewBox().viewRect()
