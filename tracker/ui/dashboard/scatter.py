"""View 2, factor scatter: rating against one factor, fitted line with 95 % band, r with CI."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel

from tracker.domain import Factor
from tracker.domain.words import pick
from tracker.services.report_types import Association
from tracker.ui import counts
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.plots import PlotView, brush, label_style, pen, set_title
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, ci, link_words, num, status_label, tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.dashboard.timeline import describe_checkin
from tracker.ui.labels import factor_column


def daily_pairs(ctx: SkillRange, factor_id: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Per local day, the mean factor value and mean rating over the check-ins having both
    (METHODS §1); also how many check-ins are behind them."""
    pairs = [(c.at.toordinal(), c.values[factor_id], c.ratings[ctx.skill.id])
             for c in ctx.checkins if factor_id in c.values]
    if not pairs:
        return np.empty(0), np.empty(0), 0
    a = np.array(pairs, float)
    _, inv = np.unique(a[:, 0], return_inverse=True)
    count = np.bincount(inv)
    return np.bincount(inv, a[:, 1]) / count, np.bincount(inv, a[:, 2]) / count, len(pairs)


def fitted_band(x: np.ndarray, y: np.ndarray, n_eff: float, grid: np.ndarray):
    """Least-squares line of daily means with a 95 % band for the mean at the effective n.

    se(ŷ(x)) = s·√(1/n + (x − x̄)²/Sxx)·√(n/n_eff), s² = RSS/(n − 2), t with n_eff − 2 df.
    Returns (slope, intercept, fit, low, high) or None when x does not vary.
    """
    from tracker.services.report import t_quantile

    n = len(x)
    sxx = float(np.sum((x - x.mean()) ** 2))
    if n < 3 or sxx == 0:
        return None
    slope = float(np.sum((x - x.mean()) * (y - y.mean())) / sxx)
    intercept = float(y.mean() - slope * x.mean())
    resid = y - (intercept + slope * x)
    s = float(np.sqrt(np.sum(resid**2) / (n - 2)))
    inflate = np.sqrt(n / max(n_eff, 3.0))
    se = s * np.sqrt(1 / n + (grid - x.mean()) ** 2 / sxx) * inflate
    t = t_quantile(0.975, max(n_eff - 2, 1))
    fit = intercept + slope * grid
    return slope, intercept, fit, fit - t * se, fit + t * se


def factor_axis_label(factor: Factor) -> str:
    if str(factor.kind) == "yesno":
        return factor_column(factor) + tr(" (0 = no, 1 = yes)")
    if factor.unit:
        return f"{factor_column(factor)} ({factor.unit})"
    if factor.minimum is not None and factor.maximum is not None:
        return f"{factor_column(factor)} ({factor.minimum:g}–{factor.maximum:g})"
    return factor_column(factor)


def value_text(factor: Factor, value: float) -> str:
    """A factor's value as the check-in form shows it: 'yes', '5', '7.5 h'."""
    if str(factor.kind) == "yesno":
        return tr("yes") if value else tr("no")
    return f"{value:g} {factor.unit}" if factor.unit else f"{value:g}"


def never_varied(factor: Factor, value: float, n: int) -> str:
    """The title for a factor with one value throughout (nothing to relate to the rating)."""
    return pick(
        n, tr("%2 was %3 on the only check-in with it: one value cannot be related to your "
              "rating"),
        tr("%2 was %3 on all %1 check-ins with it: a factor that never varied cannot be "
           "related to your rating")).replace("%2", factor_column(factor)).replace(
        "%3", value_text(factor, value))


class ScatterView(PlotView):
    key = "scatter"
    title = tr("Factor scatter")
    blurb = tr("Your self-rating against one factor. Dots are check-ins, nudged a little "
               "apart because both are whole numbers; hover a dot to see the check-in.")
    footnote = tr("Line: the trend through your days, with its 95 % band. " + NOT_CAUSE)
    details = tr("Least-squares fit of daily means; r (Pearson) on daily means, with the "
                 "effective n (days, corrected for carry-over).")

    def build_chart(self):
        chart = super().build_chart()
        self.factor_box = QComboBox(self)
        self.factor_box.setAccessibleName(tr("Factor"))
        label = QLabel(tr("Factor:"), self)
        label.setBuddy(self.factor_box)
        self.controls.addWidget(label)
        self.controls.addWidget(self.factor_box)
        self.factor_box.currentIndexChanged.connect(lambda _i: self.redraw())
        return chart

    def reload_choices(self) -> None:
        current = self.factor_box.currentData() or "mood"
        self.factor_box.blockSignals(True)
        self.factor_box.clear()
        for f in self.dashboard.data.factors():
            if not f.archived:
                self.factor_box.addItem(factor_column(f), f.id)
        self.factor_box.setCurrentIndex(max(self.factor_box.findData(current), 0))
        self.factor_box.blockSignals(False)

    def association(self, ctx: SkillRange, factor_id: str) -> Association | None:
        for a in ctx.section.correlations if ctx.section else []:
            if a.factor == factor_id:
                return a
        return None

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        plot = self.plot
        font = self.prepare_plot(theme, grid_y=True, fixed=False)
        factor = ctx.factor(self.factor_box.currentData() or "")
        if factor is None:
            return
        rows = [c for c in ctx.checkins if factor.id in c.values]
        x = np.array([c.values[factor.id] for c in rows], float)
        y = np.array([c.ratings[ctx.skill.id] for c in rows], float)
        rng = np.random.default_rng(0)
        xj = x.copy()
        if factor.is_integer:
            xj += rng.uniform(-0.18, 0.18, len(x)) * (factor.step or 1)
        yj = y + rng.uniform(-0.2, 0.2, len(y))
        factors = ctx.active_factors()
        skill_id, skill_name = ctx.skill.id, ctx.skill.name
        plot.addItem(pg.ScatterPlotItem(
            x=xj, y=yj, size=5, pen=None, brush=brush(theme.points, 120), hoverable=True,
            hoverSize=10, hoverBrush=brush(theme.primary), data=np.arange(len(rows)),
            tip=lambda x, y, data: describe_checkin(rows[int(data)], skill_id, skill_name,
                                                    factors)))
        a = self.association(ctx, factor.id)
        dx, dy, _ = daily_pairs(ctx, factor.id)
        if a is not None and len(dx) >= 3:
            lo_x, hi_x = float(np.min(x)), float(np.max(x))
            grid = np.linspace(lo_x, hi_x, 60)
            fitted = fitted_band(dx, dy, a.n_eff, grid)
            if fitted is not None:
                _, _, fit, low, high = fitted
                faded = a.status in ("no_evidence", "insufficient_data")
                color = theme.faint if faded else theme.primary
                lower = pg.PlotCurveItem(grid, low, pen=pg.mkPen(None))
                upper = pg.PlotCurveItem(grid, high, pen=pg.mkPen(None))
                plot.addItem(pg.FillBetweenItem(lower, upper, brush=brush(color, 70)))
                plot.addItem(pg.PlotDataItem(grid, fit, pen=pen(color, 2.6)))
        plot.setLabel("bottom", factor_axis_label(factor), **label_style(theme, font))
        plot.setLabel("left", tr("Self-rating, %1 (1–10)").replace("%1", ctx.skill.name),
                      **label_style(theme, font))
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(1, 11)]])
        constant = len(x) > 0 and bool(np.all(x == x[0]))
        if constant:  # one tick at the value: the spread around it is only the nudging
            plot.getAxis("bottom").setTicks([[(float(x[0]), value_text(factor, x[0]))]])
        elif str(factor.kind) == "yesno":
            plot.getAxis("bottom").setTicks([[(0, tr("no")), (1, tr("yes"))]])
        else:
            plot.getAxis("bottom").setTicks(None)
        plot.setYRange(0.5, 10.5, padding=0)
        if len(x):
            pad = 0.5 * (factor.step or 1) if factor.is_integer else 0.3
            plot.setXRange(float(np.min(x)) - pad, float(np.max(x)) + pad, padding=0)
        title = never_varied(factor, x[0], len(x)) if constant else self.summary(a)
        set_title(plot, title, theme, font)

    def summary(self, a: Association | None) -> str:
        if a is None:
            return tr("Not enough days with both values and variation for a correlation yet")
        text = (f"r = {num(a.pearson.r)} (95 % CI {ci(a.pearson.ci95)}) · "
                f"n = {counts.days(a.n)}, n<sub>eff</sub> = {a.n_eff:.0f} · "
                f"{status_label(a.status)}" if self.details_on else
                f"{link_words(a.pearson.r)} · {counts.days(a.n)} · {status_label(a.status)}")
        if a.status == "insufficient_data" and a.more_days_needed:
            text += " · " + pick(a.more_days_needed, tr("about %1 more day needed"),
                                 tr("about %1 more days needed"))
        return text

    def table(self, ctx: SkillRange) -> Table:
        rows: list[list[Cell]] = []
        for a in ctx.section.correlations if ctx.section else []:
            dx, dy, _ = daily_pairs(ctx, a.factor)
            fitted = fitted_band(dx, dy, a.n_eff, np.array([0.0])) if len(dx) else None
            lo, hi = a.pearson.ci95 or (None, None)
            rows.append([
                a.name, a.n, a.n_checkins, Num(a.n_eff, 1),
                Num(a.pearson.r, 3), Num(lo, 3), Num(hi, 3), Num(a.spearman.r, 3),
                Num(fitted[0] if fitted else None, 3), status_label(a.status),
                a.more_days_needed or "",
            ])
        return Table([tr("Factor"), tr("Days (n)"), tr("Check-ins"), tr("n_eff"), tr("r"),
                      tr("95 % CI low"), tr("95 % CI high"), tr("Spearman r"),
                      tr("Slope of daily means"), tr("Status"), tr("More days needed")], rows)
