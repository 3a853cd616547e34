"""The drawings of the Felt vs measured view: the self-rating against the measured score
(scatter), both over time (standardised), and per factor its pull on the rating split into the
part that goes through measured performance and the clouding (a forest plot)."""

from __future__ import annotations

from datetime import datetime, time
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics

from tracker.services.headline import amount, natural_step
from tracker.services.report_measured_types import (
    Effect,
    MeasuredFactor,
    MeasuredRecord,
    PredictionFactor,
)
from tracker.ui.dashboard.plots import brush, label_style, pen, set_title, style_plot
from tracker.ui.dashboard.text import needs_more, num, tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.dashboard.timeline import rolling_mean_7d

SHOWN = ("claimed", "tentative")
PARTS = ("rating", "via_performance", "clouding")  # the rows of one factor, top to bottom
SUBROW = 0.27  # vertical offset of a factor's three rows
DATA_SHARE = 0.44  # of the forest's width, for the intervals; the rest for their words


def part_names() -> dict[str, str]:
    return {"rating": tr("Pull on your rating"),
            "via_performance": tr("Through measured performance"),
            "clouding": tr("Clouding (judgment)")}


def part_color(part: str, theme: Theme) -> QColor:
    return {"rating": theme.text, "via_performance": theme.secondary,
            "clouding": theme.primary}[part]


def instant(at: str) -> float:
    """A point's ``at`` (an ISO instant, or a day: its local noon) as a Unix time."""
    if len(at) == 10:
        return datetime.combine(datetime.fromisoformat(at).date(), time(12)).astimezone(
        ).timestamp()
    return datetime.fromisoformat(at).timestamp()


def point_arrays(record: MeasuredRecord) -> tuple[np.ndarray, ...]:
    """Time, standardised rating, standardised score and the practice flag of the points that
    have both values."""
    pts = [p for p in record.points if p.rating is not None and p.measured is not None]
    x = np.array([instant(p.at) for p in pts], float)
    rating = np.array([p.rating for p in pts], float)
    measured = np.array([p.measured for p in pts], float)
    practice = np.array([p.practice for p in pts], bool)
    return x, rating, measured, practice


def natural(f: MeasuredFactor | PredictionFactor) -> tuple[float, str]:
    """The factor's natural step and how it is said: "2 points more", "1 h more", "a yes"."""
    step = natural_step(f)  # type: ignore[arg-type]  # reads kind, unit and sd only
    if f.kind == "yesno":
        return step, tr("a yes")
    return step, amount(step, f) + tr(" more")  # type: ignore[arg-type]


def effect_text(part: str, effect: Effect, f: MeasuredFactor, details: bool = False) -> str:
    """"clouding +0.58 (+0.03 to +1.14)": per natural step of the factor (its row says which),
    the interval adjusted for the number of factors; or what is missing."""
    name = {"rating": tr("rating"), "via_performance": tr("via measured"),
            "clouding": tr("clouding")}[part]
    if effect.status == "insufficient_data" or effect.ci95_adjusted is None:
        return name + ": " + (tr("not enough data yet") + (
            ", " + needs_more(effect.more_days_needed) if effect.more_days_needed else ""))
    step, _ = natural(f)
    lo, hi = effect.ci95_adjusted
    text = (tr("%1 %2 (%3 to %4)").replace("%1", name)
            .replace("%2", f"{effect.estimate * step:+.2f}")
            .replace("%3", f"{lo * step:+.2f}").replace("%4", f"{hi * step:+.2f}"))
    return text + (" · " + tr("q = %1").replace("%1", num(effect.q, 3)) if details else "")


def row_name(f: MeasuredFactor) -> str:
    """A factor's row: its name, the step its numbers are for, and what one SD is."""
    _, said = natural(f)
    name = f.name + "\n" + tr("per %1").replace("%1", said)
    if f.kind != "yesno" and f.sd > 0:
        name += "\n" + tr("1 SD = %1").replace("%1", amount(f.sd, f))  # type: ignore[arg-type]
    return name


def _axis_font(plot: pg.PlotItem, widget: pg.PlotWidget, theme: Theme, font: QFont) -> None:
    plot.clear()
    style_plot(plot, widget, theme, font)
    plot.setMouseEnabled(x=False, y=False)


def draw_scatter(plot: pg.PlotItem, widget: pg.PlotWidget, record: MeasuredRecord,
                 skill: str, theme: Theme, font: QFont) -> int:
    """Each measured score against the rating beside it, both in SDs from their means (practice
    sessions hollow); the number of points drawn."""
    _axis_font(plot, widget, theme, font)
    plot.showGrid(x=True, y=True, alpha=0.12)
    _, rating, measured, practice = point_arrays(record)
    plot.addItem(pg.InfiniteLine(0, angle=90, pen=pen(theme.grid, 1)))
    plot.addItem(pg.InfiniteLine(0, angle=0, pen=pen(theme.grid, 1)))
    few = len(rating) < 12
    plot.addItem(pg.ScatterPlotItem(
        x=measured[~practice], y=rating[~practice], size=9 if few else 6, pen=None,
        brush=brush(theme.text, 255 if few else 110)))
    if practice.any():
        plot.addItem(pg.ScatterPlotItem(x=measured[practice], y=rating[practice], size=8,
                                        pen=pen(theme.muted, 1.2), brush=brush(theme.background)))
    plot.setLabel("bottom", tr("Measured %1 (SD from your mean)").replace(
        "%1", record.measure.name.lower()), **label_style(theme, font))
    plot.setLabel("left", tr("Self-rating (SD)"),
                  **label_style(theme, font))
    keep = ~practice
    title = tr("%1 measured scores").replace("%1", str(int(keep.sum())))
    if keep.sum() > 2 and np.std(measured[keep]) > 0 and np.std(rating[keep]) > 0:
        r = float(np.corrcoef(measured[keep], rating[keep])[0, 1])
        title += " · " + tr("r = %1").replace("%1", num(r))
    if practice.any():
        title += " · " + tr("hollow: practice")
    set_title(plot, title, theme, font)
    return len(rating)


def draw_over_time(plot: pg.PlotItem, widget: pg.PlotWidget, record: MeasuredRecord,
                   theme: Theme, font: QFont) -> None:
    """Both series standardised, as faint dots and their 7-day means; the legend is the title
    (coloured words above the data, never over it)."""
    _axis_font(plot, widget, theme, font)
    plot.showGrid(x=True, y=True, alpha=0.12)
    x, rating, measured, _ = point_arrays(record)
    days = np.array([int(v // 86400) for v in x], np.int64)
    keys = []
    for values, color, name in (
            (rating, theme.text, tr("Self-rating")),
            (measured, theme.secondary, tr("Measured"))):
        plot.addItem(pg.ScatterPlotItem(x=x, y=values, size=4, pen=None,
                                        brush=brush(color, 70)))
        if len(x):
            plot.addItem(pg.PlotDataItem(x, rolling_mean_7d(days, values), pen=pen(color, 2),
                                         name=name))
        keys.append(f"<span style='color:{color.name()}'>━</span> {escape(name)}")
    title = "&nbsp;&nbsp;".join(keys) + " " + escape(tr("(7-day means)"))
    plot.setTitle(title, color=theme.text.name(), size=f"{font.pointSizeF():.1f}pt")
    plot.setLabel("left", tr("SD"), **label_style(theme, font))


def draw_factors(plot: pg.PlotItem, widget: pg.PlotWidget, record: MeasuredRecord,
                 theme: Theme, font: QFont, details: bool = False) -> list[str]:
    """Per factor (largest pull on the rating first) three rows: its pull on the rating, the part
    through measured performance and the clouding, each per SD with its interval adjusted for
    the number of factors (faded without a claim); the labels, top to bottom. ``details``:
    each with its q too."""
    _axis_font(plot, widget, theme, font)
    plot.showGrid(x=True, y=False, alpha=0.12)
    factors = sorted(record.factors, key=lambda f: -abs(f.rating.per_sd))
    n = len(factors)
    ends = [end for f in factors for p in PARTS
            for end in (getattr(f, p).per_sd_ci95_adjusted or ())]
    lo, hi = min([*ends, -0.2]), max([*ends, 0.2])
    span = hi - lo
    plot.addItem(pg.InfiniteLine(0, angle=90, pen=pen(theme.muted, 1.2, Qt.PenStyle.DashLine)))
    ticks, labels, spots = [], [], []
    segs: dict[tuple[str, bool], list[tuple[float, float]]] = {}
    for i, f in enumerate(factors):
        y0 = n - 1 - i
        ticks.append((y0, row_name(f)))
        for j, part in enumerate(PARTS):
            y = y0 + SUBROW * (1 - j)
            effect: Effect = getattr(f, part)
            shown = effect.status in SHOWN
            color = part_color(part, theme) if shown else theme.faint
            text = effect_text(part, effect, f, details)
            labels.append(text)
            ci = effect.per_sd_ci95_adjusted
            if ci is not None and effect.status != "insufficient_data":
                seg = segs.setdefault((part, shown), [])
                seg += [(ci[0], y), (ci[1], y)]
                spots.append({"pos": (effect.per_sd, y),
                              "symbol": "d" if effect.status == "tentative" else "o",
                              "size": 10 if shown else 8, "pen": pen(color, 1.5),
                              "brush": brush(color) if shown else brush(theme.background)})
            item = pg.TextItem(text, color=part_color(part, theme) if shown else theme.muted,
                               anchor=(0, 0.5))
            item.setFont(font)
            item.setPos(hi + 0.04 * span if ci is not None else lo, y)
            plot.addItem(item)
    for (part, shown), seg in segs.items():
        xy = np.array(seg, float)
        plot.addItem(pg.PlotDataItem(xy[:, 0], xy[:, 1], connect="pairs",
                                     pen=pen(part_color(part, theme) if shown else theme.faint,
                                             2.5 if shown else 1.5)))
    plot.addItem(pg.ScatterPlotItem(spots=spots))
    axis = plot.getAxis("left")
    axis.setTicks([ticks])
    metrics = QFontMetrics(font)  # the axis' own widening misses two-line names
    axis.setWidth(max([metrics.horizontalAdvance(line) for _, t in ticks
                       for line in t.splitlines()] or [0]) + 18)
    plot.setLabel("bottom", tr("Rating points per 1 SD of the factor"),
                  **label_style(theme, font))
    plot.setYRange(-0.6, n - 0.4, padding=0)
    plot.setXRange(lo - 0.03 * span, lo + span / DATA_SHARE, padding=0)
    return labels
