"""View 4, how much state explains: the out-of-sample share with its interval, in one bar."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from tracker.ui.dashboard.data import Context
from tracker.ui.dashboard.plots import PlotView, brush, label_style, pen, set_title, style_plot
from tracker.ui.dashboard.table import Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, num, tr
from tracker.ui.dashboard.theme import Theme


class ShareView(PlotView):
    key = "share"
    title = tr("How much state explains")
    blurb = tr("Of the ups and downs in your self-rating, the share your recorded state "
               "(mood, sleep, …) predicts on days the model has not seen, beyond your long-run "
               "trend and time of day.")
    footnote = tr("Out of sample: the model is fitted on earlier days and tested on later ones "
                  "(rolling origin, 5 folds); interval by block bootstrap over test days. The "
                  "in-sample bar (R²) always looks better. " + NOT_CAUSE)

    def empty_message(self, ctx: Context) -> str | None:
        message = super().empty_message(ctx)
        if message:
            return message
        reg = (ctx.section or {}).get("regression") or {}
        if not reg.get("available"):
            return tr("Not yet: %1").replace("%1", reg.get("reason", ""))
        if reg.get("share_explained") is None:
            days = reg.get("days", 0)
            return tr("The share needs at least 20 days with complete check-ins; you have %1, "
                      "so about %2 more.").replace("%1", str(days)).replace(
                "%2", str(max(20 - days, 1)))
        return None

    def draw(self, ctx: Context, theme: Theme) -> None:
        plot = self.plot
        plot.clear()
        font = self.chart_font()
        style_plot(plot, self.plot_widget, theme, font)
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=True, y=False, alpha=0.12)
        reg = ctx.section["regression"]
        share = reg["share_explained"]
        pct = share["share_percent"] or 0.0
        lo, hi = share["share_ci95_percent"]
        r2 = 100 * max(reg["r2"], 0.0)
        state_color = theme.primary if share["detectable"] else theme.faint
        rest = theme.grid
        # row 1: out-of-sample share of state; row 0: in-sample R² of the whole model
        bars = pg.BarGraphItem(x0=[0, pct, 0, r2], y=[1, 1, 0, 0], height=0.46,
                               width=[pct, 100 - pct, r2, 100 - r2],
                               brushes=[brush(state_color), brush(rest),
                                        brush(theme.muted, 140), brush(rest)],
                               pens=[pen(theme.background, 1)] * 4)
        plot.addItem(bars)
        plot.addItem(pg.PlotDataItem([lo, hi], [1, 1], pen=pen(theme.text, 2)))
        for end in (lo, hi):
            plot.addItem(pg.PlotDataItem([end, end], [0.88, 1.12], pen=pen(theme.text, 2)))
        big = self.chart_font()
        big.setPointSizeF(big.pointSizeF() * 1.15)
        big.setBold(True)
        if share["share_percent"] is None:
            label = tr("no detectable share (95 % CI up to %1 %)").replace("%1", f"{hi:.0f}")
        else:
            label = tr("about %1 % (95 % CI %2 to %3 %)").replace("%1", f"{pct:.0f}").replace(
                "%2", f"{lo:.0f}").replace("%3", f"{hi:.0f}")
        text = pg.TextItem(label, color=theme.text, anchor=(0, 1.15))
        text.setFont(big)
        text.setPos(0, 1.23)
        plot.addItem(text)
        rest_text = pg.TextItem(tr("the rest: trend, time of day, other influences, noise"),
                                color=theme.muted, anchor=(1, 0.5))
        rest_text.setFont(font)
        rest_text.setPos(98, 1)
        plot.addItem(rest_text)
        r2_text = pg.TextItem(tr("whole model in sample: R² = %1 %").replace(
            "%1", f"{r2:.0f}"), color=theme.text, anchor=(0, 1.15))
        r2_text.setFont(font)
        r2_text.setPos(0, 0.23)
        plot.addItem(r2_text)
        plot.getAxis("left").setTicks([[(1, tr("State, out of sample")),
                                        (0, tr("Everything, in sample"))]])
        plot.setLabel("bottom", tr("Share of the variation in your self-rating (%)"),
                      **label_style(theme, font))
        plot.getAxis("bottom").setTicks([[(v, f"{v}") for v in range(0, 101, 10)]])
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(-0.45, 1.75, padding=0)
        plot.addItem(pg.InfiniteLine(0, angle=90, pen=pen(theme.muted, 1, Qt.PenStyle.SolidLine)))
        set_title(plot, tr("%1: %2 test days in %3 folds · blocks of %4 days").replace(
            "%1", ctx.skill.name).replace("%2", str(share["test_days"])).replace(
            "%3", str(share["folds"])).replace("%4", str(share["block_days"])), theme, font)

    def table(self, ctx: Context) -> Table:
        reg = ctx.section["regression"]
        share = reg["share_explained"]
        lo, hi = share["share_ci95_percent"]
        return Table([tr("Quantity"), tr("Estimate"), tr("95 % CI low"), tr("95 % CI high"),
                      tr("Note")], [
            [tr("State's share, out of sample (%)"), Num(share["share_percent"], 1),
             Num(lo, 1), Num(hi, 1),
             tr("detectable") if share["detectable"] else tr("no detectable share")],
            [tr("Gain in out-of-sample R²"), Num(share["gain"], 4), Num(share["ci95"][0], 4),
             Num(share["ci95"][1], 4), f"{share['test_days']} test days"],
            [tr("Whole model R², in sample"), Num(reg["r2"], 4), None, None,
             tr("adjusted R² %1").replace("%1", num(reg["adj_r2"], 3))],
        ])
