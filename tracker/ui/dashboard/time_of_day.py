"""View 5, time of day: mean rating per period and per hour, the cosinor curve, the peak."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QWidget

from tracker.services.report_types import Cosinor, TimeOfDay
from tracker.ui import counts
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.plots import PlotView, brush, label_style, pen, set_title
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, ci, clock, num, status_label, tr
from tracker.ui.dashboard.theme import Theme

SCALE = (1, 10)  # the rating scale: the y-axis always shows all of it
LABEL_BAND = 0.12  # share of the plot's height kept free for the part-of-day labels
PERIOD_NAMES = {"night": "Night", "morning": "Morning", "afternoon": "Afternoon",
                "evening": "Evening"}


def cosinor_curve(cos: Cosinor, hours: np.ndarray) -> np.ndarray:
    """M + A·cos(2π(h − peak)/24) (= M + β sin + γ cos, METHODS §6)."""
    return cos.mesor + cos.amplitude * np.cos(2 * np.pi * (hours - cos.peak_hour) / 24)


def section_of(ctx: SkillRange) -> TimeOfDay:
    """The time-of-day section (the report has one whenever the range has ratings)."""
    tod = ctx.report.time_of_day
    if tod is None:
        raise LookupError(f"no time-of-day section for {ctx.skill.name!r}")
    return tod


class TimeOfDayView(PlotView):
    key = "time_of_day"
    title = tr("Time of day")
    blurb = tr("Your mean self-rating by part of the day (boxes: 95 % intervals) and the "
               "fitted daily rhythm, on the whole 1–10 scale. 'Each hour' adds every clock "
               "hour's mean (dots, bigger = more check-ins).")
    footnote = tr("The curve is your fitted daily rhythm; the shaded column is the 95 % "
                  "interval of the peak hour. Hours are local clock time. " + NOT_CAUSE)
    details = tr("Rhythm: cosinor fit with trend, errors clustered by day; the title adds the "
                 "amplitude's interval and p.")

    def build_chart(self) -> QWidget:
        chart = super().build_chart()
        self.hours_box = QCheckBox(tr("Each h&our"), self)
        self.hours_box.setToolTip(tr("Also show each clock hour's mean rating"))
        self.hours_box.toggled.connect(lambda _on: self.redraw())
        self.controls.addWidget(self.hours_box)
        return chart

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        plot = self.plot
        font = self.prepare_plot(theme, grid_y=True)
        tod = section_of(ctx)
        cos = tod.cosinor
        values: list[float] = []
        labels = []
        for p in tod.periods:
            if p.mean is None or not p.ci95:
                continue
            lo, hi = p.ci95
            values += [lo, hi]
            box = pg.QtWidgets.QGraphicsRectItem(p.from_hour + 0.15, lo,
                                                 p.to_hour - p.from_hour - 0.3, hi - lo)
            box.setBrush(brush(theme.primary, 45))
            box.setPen(pen(theme.primary, 0.8))
            plot.addItem(box)
            plot.addItem(pg.PlotDataItem([p.from_hour + 0.15, p.to_hour - 0.15],
                                         [p.mean, p.mean], pen=pen(theme.primary, 2.4)))
            label = pg.TextItem(f"{tr(PERIOD_NAMES[p.period])}\n{num(p.mean)} · "
                                f"n = {p.n}", color=theme.muted, anchor=(0.5, 1))
            label.setFont(font)
            labels.append(((p.from_hour + p.to_hour) / 2, label))
            plot.addItem(label)
        bins = [b for b in tod.bins if b.n and b.mean is not None]
        if bins and self.hours_box.isChecked():
            hours = np.array([b.hour + 0.5 for b in bins])
            means = np.array([b.mean for b in bins])
            sizes = 4 + 10 * np.sqrt(np.array([b.n for b in bins]) / max(b.n for b in bins))
            plot.addItem(pg.ScatterPlotItem(hours, means, size=sizes, pen=pen(theme.text, 0.6),
                                            brush=brush(theme.points, 170)))
            values += means.tolist()
        title = tr("No daily rhythm can be fitted (%1)").replace(
            "%1", tod.cosinor_reason or tr("check-in hours hardly vary"))
        if cos:
            observed = [b.hour for b in bins] or [0, 23]
            grid = np.linspace(min(observed), max(observed) + 1, 200)
            faded = cos.status in ("no_evidence", "insufficient_data")
            color = theme.faint if faded else theme.secondary
            curve = cosinor_curve(cos, grid)
            values += curve.tolist()
            if cos.peak_hour_ci95:
                a, b = cos.peak_hour_ci95
                region = pg.LinearRegionItem((a, b), movable=False, brush=brush(color, 35),
                                             pen=pen(color, 0))
                plot.addItem(region)
            plot.addItem(pg.PlotDataItem(grid, curve, pen=pen(color, 2.6)))
            plot.addItem(pg.InfiniteLine(cos.peak_hour, angle=90,
                                         pen=pen(color, 1.4, Qt.PenStyle.DashLine)))
            title = (tr("Peak ≈ %1").replace("%1", clock(cos.peak_hour))
                     + (f" (95 % CI {clock(cos.peak_hour_ci95[0])}–"
                        f"{clock(cos.peak_hour_ci95[1])})" if cos.peak_hour_ci95
                        else tr(" (undetermined)"))
                     + (f" · {tr('amplitude')} {num(cos.amplitude)} "
                        f"({ci(cos.amplitude_ci95)}) · p {self._p(cos.p)} · "
                        if self.details_on else " · " + tr("%1 points above your daily mean · ")
                        .replace("%1", num(cos.amplitude)))
                     + status_label(cos.status))
        set_title(plot, title, theme, font)
        plot.getAxis("bottom").setTicks([[(h, f"{h:02d}:00") for h in range(0, 25, 3)]])
        plot.setLabel("bottom", tr("Local time of day (hours)"), **label_style(theme, font))
        plot.setLabel("left", tr("Mean self-rating, %1 (1–10)").replace("%1", ctx.skill.name),
                      **label_style(theme, font))
        plot.setXRange(0, 24, padding=0.01)
        # the whole rating scale (a range cut to the data makes a small difference look big);
        # an interval or curve reaching past it still shows
        top = max([SCALE[1] + 0.4, *(v + 0.1 for v in values)])
        data_bottom = min([SCALE[0] - 0.4, *(v - 0.1 for v in values)])
        # the part-of-day labels get a band of their own below every box, dot and curve
        band = LABEL_BAND * (top - data_bottom) / (1 - LABEL_BAND)
        plot.setYRange(data_bottom - band, top, padding=0)
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(SCALE[0], SCALE[1] + 1)]])
        for x, label in labels:
            label.setPos(x, data_bottom - 0.9 * band)

    @staticmethod
    def _p(p: float | None) -> str:
        if p is None:
            return "–"
        return "&lt; 0.001" if p < 0.001 else f"= {p:.3f}"

    def table(self, ctx: SkillRange) -> Table:
        tod = section_of(ctx)
        rows: list[list[Cell]] = []
        cos = tod.cosinor
        if cos:
            peak_ci = cos.peak_hour_ci95 or [None, None]
            rows.append([tr("Rhythm peak (hour)"), Num(cos.peak_hour, 2), Num(peak_ci[0], 2),
                         Num(peak_ci[1], 2), cos.n, status_label(cos.status)])
            rows.append([tr("Rhythm amplitude"), Num(cos.amplitude, 3),
                         Num(cos.amplitude_ci95[0], 3), Num(cos.amplitude_ci95[1], 3),
                         cos.n, f"p = {cos.p:.2g}"])
            rows.append([tr("Rhythm mesor"), Num(cos.mesor, 3), None, None, cos.n, ""])
        for p in tod.periods:
            lo, hi = p.ci95 or [None, None]
            rows.append([f"{tr(PERIOD_NAMES[p.period])} ({p.from_hour:02d}–"
                         f"{p.to_hour:02d} h)", Num(p.mean, 3), Num(lo, 3), Num(hi, 3),
                         p.n, counts.days(p.days)])
        for b in tod.bins:
            if b.n:
                rows.append([f"{b.hour:02d}:00–{b.hour:02d}:59", Num(b.mean, 3),
                             None, None, b.n, ""])
        return Table([tr("What"), tr("Estimate"), tr("95 % CI low"), tr("95 % CI high"),
                      tr("Check-ins"), tr("Note")], rows)
