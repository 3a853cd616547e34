"""The three reality charts (pyqtgraph; imported only when the Reality tab is first shown):
reliability diagram, then-vs-now scatter, histogram of differences with limits."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tracker.ui.dashboard.plots import brush, label_style, pen, set_title, style_plot
from tracker.ui.dashboard.theme import Theme
from tracker.ui.reality.text import interval, no_skill_reason, num, tr
from tracker.ui.style import mark_hint

if TYPE_CHECKING:  # loaded with the first report (parse), not with the tab
    from tracker.services.report_types import Calibration, RevisitSkill


class Chart(QWidget):
    """A titled pyqtgraph plot with a footnote; ``draw(section)`` redraws it. The statistics'
    details (method names, the Brier score) join the footnote and title with ``details_on``."""

    title = ""
    details_on = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = pg.PlotWidget()
        self.plot_widget.setMinimumHeight(240)
        self.plot_widget.setAccessibleName(self.title)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.layout.setContentsMargins(8, 8, 16, 8)
        self.footnote = QLabel(self)
        mark_hint(self.footnote)
        self.footnote.setWordWrap(True)
        self.footnote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.footnote)

    def begin(self) -> tuple[Theme, QFont]:
        theme = Theme.from_palette(self.palette())
        font = QFont(self.font())
        self.plot.clear()
        style_plot(self.plot, self.plot_widget, theme, font)
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        return theme, font

    def say(self, plain: str, details: str) -> None:
        """The footnote: ``plain``, and ``details`` after it with Details on."""
        self.footnote.setText(plain + (" " + details if self.details_on else ""))


class ReliabilityChart(Chart):
    title = tr("Reliability diagram")

    def draw(self, cal: Calibration) -> None:
        theme, font = self.begin()
        self.plot.addItem(pg.PlotDataItem([0, 1], [0, 1], pen=pen(theme.muted, 1.2,
                                                                  Qt.PenStyle.DashLine)))
        bins = cal.reliability_bins
        if bins:
            x = np.array([b.mean_forecast for b in bins])
            y = np.array([b.observed for b in bins])
            lo = np.array([b.ci95[0] for b in bins])
            hi = np.array([b.ci95[1] for b in bins])
            self.plot.addItem(pg.ErrorBarItem(x=x, y=y, top=hi - y, bottom=y - lo, beam=0.02,
                                              pen=pen(theme.primary, 1.6)))
            sizes = 8 + 14 * np.sqrt(np.array([b.n for b in bins]) / max(b.n for b in bins))
            self.plot.addItem(pg.ScatterPlotItem(x=x, y=y, size=sizes, pen=pen(theme.background),
                                                 brush=brush(theme.primary)))
            for b in bins:
                label = pg.TextItem(f"n = {b.n}", color=theme.text, anchor=(-0.25, 0.5))
                label.setFont(font)
                label.setPos(b.mean_forecast, b.observed)
                self.plot.addItem(label)
        self.plot.setXRange(-0.03, 1.03, padding=0)
        self.plot.setYRange(-0.05, 1.07, padding=0)
        ticks = [[(v / 10, f"{v * 10} %") for v in range(0, 11, 2)]]
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.getAxis("left").setTicks(ticks)
        self.plot.setLabel("bottom", tr("Your predicted chance of a good outcome"),
                           **label_style(theme, font))
        self.plot.setLabel("left", tr("How often it was good"), **label_style(theme, font))
        if cal.n and not self.details_on:
            set_title(self.plot, tr("%1 predictions with outcomes").replace("%1", str(cal.n)),
                      theme, font)
        elif cal.n:
            reason = no_skill_reason(cal)
            text = (tr("Brier score %1 (base-rate forecast %2) · skill %3 · n = %4")
                    if reason is None
                    else tr("Brier score %1 (base-rate forecast %2) · %3 · n = %4"))
            set_title(self.plot, text.replace("%1", num(cal.brier, 3))
                      .replace("%2", num(cal.brier_reference, 3))
                      .replace("%3", reason or num(cal.brier_skill, 2))
                      .replace("%4", str(cal.n)), theme, font)
        else:
            set_title(self.plot, tr("No predictions with outcomes yet"), theme, font)
        self.say(tr("Dots: your forecasts, grouped (size = how many); bars: 95 % intervals. On "
                    "the dashed line you are calibrated. “No answer” counts as not good."),
                 tr("Bins of equal width, at their mean forecast; Wilson intervals. Brier score: "
                    "the mean squared gap between forecast and outcome (lower is better)."))


class ThenNowChart(Chart):
    title = tr("Then vs now")

    def draw(self, section: RevisitSkill | None) -> None:
        theme, font = self.begin()
        self.plot.addItem(pg.PlotDataItem([0.5, 10.5], [0.5, 10.5],
                                          pen=pen(theme.muted, 1.2, Qt.PenStyle.DashLine)))
        points = section.points if section else []
        if points:
            then = np.array([p.then for p in points], float)
            now = np.array([p.now for p in points], float)
            rng = np.random.default_rng(0)
            self.plot.addItem(pg.ScatterPlotItem(
                x=then + rng.uniform(-0.18, 0.18, len(then)),
                y=now + rng.uniform(-0.18, 0.18, len(now)),
                size=8, pen=None, brush=brush(theme.points, 170)))
        fit = section.later_on_earlier if section else None
        if fit:
            seen = [p.then for p in points] or [1, 10]
            grid = np.array([min(seen), max(seen)], float)  # only where there are data
            faded = fit.status in ("insufficient_data", "no_evidence")
            color = theme.faint if faded else theme.secondary
            self.plot.addItem(pg.PlotDataItem(grid, fit.intercept + fit.slope * grid,
                                              pen=pen(color, 2.6)))
            set_title(self.plot, tr("Fitted slope %1 (95 % CI %2) · n = %3 · %4")
                      .replace("%1", num(fit.slope)).replace("%2", interval(fit.ci95))
                      .replace("%3", str(fit.n)).replace("%4", _status(fit.status)),
                      theme, font)
        else:
            set_title(self.plot, tr("Re-rate a few past days to see this"), theme, font)
        ticks = [[(v, str(v)) for v in range(1, 11)]]
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.getAxis("left").setTicks(ticks)
        self.plot.setXRange(0.5, 10.5, padding=0)
        self.plot.setYRange(0.5, 10.5, padding=0)
        self.plot.setLabel("bottom", tr("Your rating then"), **label_style(theme, font))
        self.plot.setLabel("left", tr("Your blind re-rating now"), **label_style(theme, font))
        self.say(tr("Dashed: no change. Solid: the trend of now against then. A slope below 1 "
                    "means high ratings drift down and low ones up — regression to the mean, "
                    "expected whenever single ratings are noisy."),
                 tr("Solid: least-squares line of now on then; dashed: y = x."))


class DifferenceChart(Chart):
    title = tr("Differences now − then")

    def draw(self, section: RevisitSkill | None) -> None:
        theme, font = self.begin()
        d = section.differences if section else None
        hist = d.histogram if d else []
        if d is not None and hist:
            x = np.array([h.difference for h in hist], float)
            h = np.array([h.count for h in hist], float)
            self.plot.addItem(pg.BarGraphItem(x=x, height=h, width=0.8, brush=brush(theme.points),
                                              pen=pen(theme.background, 1)))
            top = float(h.max())
            # the mean's label hangs below the labels' line, the limits' stand on it: close
            # limits cannot cover it; limits on the mean itself (SD 0) are not drawn
            lines = [(d.mean, theme.primary, Qt.PenStyle.SolidLine, tr("mean"), (-0.04, 0))]
            if d.limits and d.limits[1] > d.limits[0]:
                lo, hi = d.limits
                lines += [(lo, theme.secondary, Qt.PenStyle.DashLine, tr("limit"), (1.04, 1)),
                          (hi, theme.secondary, Qt.PenStyle.DashLine, tr("limit"), (-0.04, 1))]
            for value, color, style, name, anchor in lines:
                self.plot.addItem(pg.InfiniteLine(value, angle=90, pen=pen(color, 2, style)))
                label = pg.TextItem(f"{name} {value:+.2f}", color=color, anchor=anchor)
                label.setFont(font)
                label.setPos(value, top * 1.12)
                self.plot.addItem(label)
            span = max(4.0, *(abs(v) for v in (d.limits or [0])), float(abs(x).max()))
            self.plot.setXRange(-span - 0.7, span + 0.7, padding=0)
            self.plot.setYRange(0, top * 1.25, padding=0)
            set_title(self.plot, tr("Mean %1 (95 % CI %2) · SD %3 · limits %4 · n = %5")
                      .replace("%1", num(d.mean)).replace("%2", interval(d.ci95))
                      .replace("%3", num(d.sd)).replace("%4", interval(d.limits))
                      .replace("%5", str(d.n)), theme, font)
        else:
            set_title(self.plot, tr("No re-ratings yet"), theme, font)
        self.plot.setLabel("bottom", tr("Now − then (rating points)"), **label_style(theme, font))
        self.plot.setLabel("left", tr("Re-ratings"), **label_style(theme, font))
        self.say(tr("The two limits: where 95 % of single re-ratings fall. A mean near 0 can "
                    "hide wide limits."),
                 tr("Bland–Altman limits of agreement: mean ± 1.96 SD."))


def _status(status: str) -> str:
    return {"claimed": tr("differs from y = x"), "tentative": tr("tentatively differs"),
            "no_evidence": tr("no clear drift"),
            "insufficient_data": tr("not enough re-ratings yet")}.get(status, status)
