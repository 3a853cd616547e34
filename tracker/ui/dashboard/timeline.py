"""View 1, timeline: ratings, their 7-day mean, the mood-adjusted mean with its band, a factor."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGraphicsPathItem, QLabel

from tracker.domain import CheckIn
from tracker.services.report_types import NoRegression, Point
from tracker.ui import lifetime
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.plots import (
    PlotView,
    break_gaps,
    brush,
    label_style,
    mark_lone_points,
    pen,
    scale_ticks,
    segments,
    set_title,
    style_plot,
)
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, num, tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.labels import factor_column

GAP_DAYS = 7  # lines break where a whole week has no check-in
DAY = 86400.0
LONG_LINE = 800  # vertices from which a line is drawn segment by segment
MIN_SPAN_DAYS = 7  # the narrowest date axis (a day or two of check-ins still reads as dates)
FEW_POINTS = 5  # fewer check-ins than this are drawn as large, solid dots


def rolling_mean_7d(days: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per check-in: mean of ``y`` over the check-ins of its day and the 6 days before, up to
    and including itself (``days`` are local day ordinals in time order)."""
    monotone = np.maximum.accumulate(days)
    start = np.searchsorted(monotone, monotone - 6, side="left")
    csum = np.concatenate([[0.0], np.cumsum(y)])
    idx = np.arange(len(y))
    return (csum[idx + 1] - csum[start]) / (idx + 1 - start)


def describe_checkin(c: CheckIn, skill_id: str, skill_name: str, factors) -> str:
    """The tooltip of one check-in: date, time, rating, recorded state, tags, note."""
    lines = [f"{c.at:%a %d %b %Y, %H:%M}", f"{skill_name}: {c.ratings.get(skill_id, '–')}"]
    for f in factors:
        if f.id in c.values:
            v = c.values[f.id]
            text = ("yes" if v else "no") if str(f.kind) == "yesno" else f"{v:g}"
            unit = f" {f.unit}" if f.unit else ""
            lines.append(f"{factor_column(f)}: {text}{unit}")
    if c.tags:
        lines.append(tr("Tags: ") + ", ".join(c.tags))
    if c.note:
        note = c.note if len(c.note) <= 120 else c.note[:117] + "…"
        lines.append(f"“{note}”")
    return "\n".join(lines)


def long_line(x: np.ndarray, y: np.ndarray, line_pen, name: str) -> pg.PlotDataItem:
    """A line broken at NaN; beyond ``LONG_LINE`` vertices drawn as separate segments: Qt
    strokes a long antialiased polyline with a wide pen several times slower (the joins
    overlap by a pixel, invisible at that density)."""
    item = pg.PlotDataItem(x, y, connect="finite", pen=line_pen, name=name)
    if len(x) > LONG_LINE:
        item.curve.setSegmentedLineMode("on")
    return item


def daily_ends(series: list[Point]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Instants, 7-day means and SEs of each local day's last check-in: the line is drawn
    through one point a day (the same curve with a third of the vertices to paint)."""
    days = [p.at[:10] for p in series]  # ISO local date
    last = [i for i in range(len(series)) if i + 1 == len(series) or days[i + 1] != days[i]]
    at = np.array([datetime.fromisoformat(series[i].at).timestamp() for i in last])
    mean = np.array([series[i].rolling7 for i in last], float)
    se = np.array([series[i].rolling7_se for i in last], float)
    return at, mean, se


def band_item(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, gap: float,
              fill) -> QGraphicsPathItem | None:
    """The area between ``lo`` and ``hi`` as one path item, a closed polygon per run of ``x``
    without a gap (built in numpy; pyqtgraph's FillBetweenItem is far slower on long series)."""
    xs, ys, joins = [], [], []
    for part in segments(x, gap):
        if part.stop - part.start < 2:
            continue
        xs += [x[part], x[part][::-1]]
        ys += [lo[part], hi[part][::-1]]
        join = np.ones(2 * (part.stop - part.start), dtype=bool)
        join[-1] = False  # the next polygon starts a new subpath
        joins.append(join)
    if not xs:
        return None
    path = pg.arrayToQPath(np.concatenate(xs), np.concatenate(ys), np.concatenate(joins))
    item = QGraphicsPathItem(path)
    item.setBrush(fill)
    item.setPen(pg.mkPen(None))
    return item


class TimelineView(PlotView):
    key = "timeline"
    title = tr("Timeline")
    blurb = tr("Each dot is one check-in. The blue line is your 7-day mean as you would have "
               "rated at your average state (mood, sleep …), with its 95 % interval.")
    footnote = tr("Lines break where a whole week has no check-in. The interval shows the "
                  "uncertainty of the state adjustment only. " + NOT_CAUSE + " Drag to pan, "
                  "scroll to zoom.")
    date_axis = True
    needs_report = "later"  # points at once, the adjusted line when the report is in

    def build_chart(self):
        chart = super().build_chart()
        self.factor_box = QComboBox(self)
        self.factor_box.setAccessibleName(tr("Factor on the right axis"))
        label = QLabel(tr("Right axis:"), self)
        label.setBuddy(self.factor_box)
        self.controls.addWidget(label)
        self.controls.addWidget(self.factor_box)
        self.factor_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.plot.setMouseEnabled(x=True, y=False)
        self.right_box = pg.ViewBox()
        self.right_box.setMouseEnabled(x=False, y=False)
        self.plot.scene().addItem(self.right_box)
        self.plot.getAxis("right").linkToView(self.right_box)
        self.right_box.setXLink(self.plot)
        self.plot.getViewBox().sigResized.connect(self._sync_right)
        self._generation = 0
        self._awaiting: tuple | None = None  # (key, ctx, theme, generation) until the report
        self.points: pg.ScatterPlotItem | None = None
        return chart

    def reload_choices(self) -> None:
        current = self.factor_box.currentData()
        self.factor_box.blockSignals(True)
        self.factor_box.clear()
        self.factor_box.addItem(tr("None"), None)
        for f in self.dashboard.data.factors():
            if not f.archived:
                self.factor_box.addItem(factor_column(f), f.id)
        index = self.factor_box.findData(current)
        self.factor_box.setCurrentIndex(max(index, 0))
        self.factor_box.blockSignals(False)

    def _sync_right(self) -> None:
        self.right_box.setGeometry(self.plot.getViewBox().sceneBoundingRect())
        self.right_box.linkedViewChanged(self.plot.getViewBox(), self.right_box.XAxis)

    # data ----------------------------------------------------------------------------------
    def arrays(self, ctx: SkillRange) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = ctx.checkins
        x = np.fromiter((c.at.timestamp() for c in rows), float, len(rows))
        y = np.fromiter((c.ratings[ctx.skill.id] for c in rows), float, len(rows))
        days = np.fromiter((c.at.toordinal() for c in rows), np.int64, len(rows))
        return x, y, days

    def x_range(self, ctx: SkillRange, x: np.ndarray) -> tuple[float, float]:
        """From the first check-in's day to the day after the last, at least ``MIN_SPAN_DAYS``
        wide (centred on the data): fitted to the data's dates, not to the range's."""
        first, last = ctx.checkins[0].at.date(), ctx.checkins[-1].at.date()
        start = datetime.combine(first, time(0)).astimezone().timestamp()
        end = datetime.combine(last + timedelta(days=1), time(0)).astimezone().timestamp()
        start, end = min(start, float(x[0])), max(end, float(x[-1]))
        short = MIN_SPAN_DAYS * DAY - (end - start)
        if short > 0:
            start, end = start - short / 2, end + short / 2
        return start, end

    # drawing -------------------------------------------------------------------------------
    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        self._generation += 1
        plot = self.plot
        plot.clear()
        plot.setTitle(None)
        self.right_box.clear()
        font = self.chart_font()
        style_plot(plot, self.plot_widget, theme, font)
        if plot.legend is None:
            added = plot.addLegend(offset=(8, 4), colCount=4, labelTextColor=theme.text,
                                   labelTextSize=f"{font.pointSizeF():.1f}pt")
            added.setParentItem(plot)  # above the axes, not inside the data's box
        legend = plot.legend
        legend.clear()
        legend.setLabelTextColor(theme.text)
        legend.setBrush(brush(theme.background, 220))
        legend.setPen(pen(theme.grid, 1))
        plot.showGrid(x=True, y=True, alpha=0.12)
        plot.setLabel("left", tr("Self-rating, %1 (1–10)").replace("%1", ctx.skill.name),
                      **label_style(theme, font))
        plot.setLabel("bottom", tr("Date"), **label_style(theme, font))

        x, y, days = self.arrays(ctx)
        rows = ctx.checkins
        factors = ctx.active_factors()
        skill_id, skill_name = ctx.skill.id, ctx.skill.name
        few = len(x) < FEW_POINTS  # a lone small pale dot is easily missed
        self.points = pg.ScatterPlotItem(
            x=x, y=y, size=9 if few else 5, pen=None,
            brush=brush(theme.points, 255 if few else 150),
            hoverable=True, hoverSize=10, hoverBrush=brush(theme.primary),
            hoverPen=pen(theme.text, 1), data=np.arange(len(rows)),
            tip=lambda x, y, data: describe_checkin(rows[int(data)], skill_id, skill_name,
                                                    factors),
            name=tr("Check-in"),
        )
        plot.addItem(self.points)
        rolling = rolling_mean_7d(days, y)
        ends = np.r_[days[1:] != days[:-1], True]  # one vertex a day: its last check-in
        lx, (ly,) = break_gaps(x[ends], [rolling[ends]], GAP_DAYS * DAY)
        raw_line = long_line(lx, ly, pen(theme.muted, 1.6), tr("7-day mean, as rated"))
        plot.addItem(raw_line)
        self._add_lone_marks(plot, raw_line, lx, ly, theme.muted)
        self.raw_rolling = rolling
        plot.setYRange(0.5, 10.5, padding=0)
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(1, 11)]])
        plot.setLimits(yMin=0, yMax=11)
        plot.setXRange(*self.x_range(ctx, x), padding=0.01)
        self._draw_factor(ctx, theme, x, days)
        self._fit_legend()
        # the adjusted line needs the report: right after this paint, or when it is computed
        if self._awaiting is not None:
            self._awaiting = None
            self._pending -= 1
        generation = self._generation
        self._pending += 1
        if ctx.data.has_report(ctx.skill.id, ctx.since):
            lifetime.later(self, ctx.data.journal,
                           lambda: self._draw_adjusted(ctx, theme, generation))
        else:
            self._awaiting = ((ctx.skill.id, ctx.since), ctx, theme, generation)

    def report_arrived(self, key: tuple) -> None:
        if self._awaiting is not None and self._awaiting[0] == key:
            _, ctx, theme, generation = self._awaiting
            self._awaiting = None
            self._draw_adjusted(ctx, theme, generation)

    def _draw_factor(self, ctx: SkillRange, theme: Theme, x: np.ndarray, days: np.ndarray) -> None:
        axis = self.plot.getAxis("right")
        factor_id = self.factor_box.currentData()
        factor = ctx.factor(factor_id) if factor_id else None
        if factor is None:
            axis.hide()
            return
        axis.show()
        values = np.array([c.values.get(factor.id, np.nan) for c in ctx.checkins], float)
        keep = ~np.isnan(values)
        if not keep.any():
            axis.hide()
            return
        # daily means of the factor, placed at noon of each local day
        d, v, xs = days[keep], values[keep], x[keep]
        uniq, first, inv = np.unique(d, return_index=True, return_inverse=True)
        means = np.bincount(inv, v) / np.bincount(inv)
        xd = xs[first]
        lx, (ly,) = break_gaps(xd, [means], GAP_DAYS * DAY)
        item = pg.PlotDataItem(lx, ly, connect="finite",
                               pen=pen(theme.secondary, 1.2, Qt.PenStyle.SolidLine))
        item.setOpacity(0.8)
        self.right_box.addItem(item)
        self._add_lone_marks(self.right_box, item, lx, ly, theme.secondary)
        unit = f" ({factor.unit})" if factor.unit else (
            f" ({factor.minimum:g}–{factor.maximum:g})" if factor.maximum is not None else "")
        font = self.chart_font()
        self.plot.setLabel("right", tr("%1, daily mean").replace("%1", factor_column(factor))
                           + unit, **{**label_style(theme, font), "color": theme.secondary.name()})
        axis.setTextPen(pen(theme.secondary, 1))
        lo = factor.minimum if factor.minimum is not None else float(np.nanmin(means))
        hi = factor.maximum if factor.maximum is not None else float(np.nanmax(means))
        if factor.unit == "h":
            lo, hi = float(np.nanmin(means)) - 0.5, float(np.nanmax(means)) + 0.5
        span = hi - lo or 1.0
        self.right_box.setYRange(lo - 0.05 * span, hi + 0.05 * span, padding=0)
        # ticks on the scale only
        if str(factor.kind) == "yesno":
            axis.setTicks([[(0.0, tr("no")), (1.0, tr("yes"))]])
        else:
            axis.setTicks([scale_ticks(lo, hi, whole=factor.is_integer,
                                       most=6 if factor.unit == "h" else 10)])
        self.plot.legend.addItem(item, factor_column(factor) + tr(" (right axis)"))
        self._sync_right()

    def _fit_legend(self) -> None:
        """Keep a margin above the plot as tall as the legend (its rows grow with its
        entries): the legend sits there, never over the data."""
        legend = self.plot.legend
        legend.updateSize()
        height = legend.boundingRect().height() if legend.items else 0.0
        self.plot.layout.setContentsMargins(8, 8 + height, 16, 8)

    @staticmethod
    def _add_lone_marks(target, line: pg.PlotDataItem, x: np.ndarray, y: np.ndarray,
                        color) -> None:
        """Dots where ``line`` has a vertex without a neighbour (one day of data): a line
        through one point draws nothing, but its legend entry would still be there."""
        dots = mark_lone_points(line, x, y, color)
        if dots is not None:
            target.addItem(dots)

    def _draw_adjusted(self, ctx: SkillRange, theme: Theme, generation: int) -> None:
        self._pending -= 1
        self.dashboard.update_indicator()  # drawn from a timer: nothing else hides "updating…"
        if generation != self._generation:
            return
        section = ctx.section
        series = section.adjusted.series if section else []
        if not series:
            self.adjusted_points = 0
            reg = section.regression if section else None
            reason = reg.reason if isinstance(reg, NoRegression) else None
            if reason:  # say why the blue line of the blurb is missing
                set_title(self.plot, tr("No 7-day mean at your average state yet: %1").replace(
                    "%1", reason), theme, self.chart_font())
            return
        at, mean, se = daily_ends(series)
        lo, hi = mean - 1.959964 * se, mean + 1.959964 * se
        band = brush(theme.primary, 60)
        fill = band_item(at, lo, hi, GAP_DAYS * DAY, band)
        if fill is not None:
            self.plot.addItem(fill)
        lx, (ly,) = break_gaps(at, [mean], GAP_DAYS * DAY)
        line = long_line(lx, ly, pen(theme.primary, 2.4), tr("7-day mean at your average state"))
        self.plot.addItem(line)
        self._add_lone_marks(self.plot, line, lx, ly, theme.primary)
        if fill is not None:
            # a stand-in sample: the legend cannot draw a FillBetweenItem
            proxy = pg.PlotDataItem([0, 1], [0, 0], pen=pg.mkPen(None), fillLevel=1,
                                    fillBrush=band)
            self._band_proxy = proxy
            self.plot.legend.addItem(proxy, tr("95 % interval"))
        self._fit_legend()
        self.adjusted_points = len(series)

    def table(self, ctx: SkillRange) -> Table:
        x, y, days = self.arrays(ctx)
        rolling = rolling_mean_7d(days, y)
        series = ctx.section.adjusted.series if ctx.section else []
        by_at = {p.at: p for p in series}
        rows: list[list[Cell]] = []
        for c, r in zip(ctx.checkins, rolling, strict=True):
            p = by_at.get(c.at.isoformat())
            rows.append([
                f"{c.at:%Y-%m-%d %H:%M}",
                c.ratings[ctx.skill.id],
                Num(float(r)),
                Num(p.rolling7 if p else None),
                Num(p.rolling7 - 1.959964 * p.rolling7_se if p else None),
                Num(p.rolling7 + 1.959964 * p.rolling7_se if p else None),
                Num(p.rolling7_raw if p else None),
            ])
        return Table(
            [tr("Check-in"), tr("Rating"), tr("7-day mean, as rated"),
             tr("7-day mean at average state"), tr("95 % CI low"), tr("95 % CI high"),
             tr("7-day mean, model rows")],
            rows,
        )


__all__ = ["TimelineView", "rolling_mean_7d", "num"]
