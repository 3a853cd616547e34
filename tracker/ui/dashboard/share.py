"""View 4, how much state explains: baseline | state added | rest, out of sample, one bar."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from tracker.services.report_types import BaselineShare, RegressionFit, ShareExplained
from tracker.ui import counts
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.plots import PlotView, brush, label_style, pen, set_title
from tracker.ui.dashboard.table import Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, num, tr
from tracker.ui.dashboard.theme import Theme

ROWS = (0.3, 0.0, -0.3)  # the bar rows: baseline, state added, the rest (out of sample)
ROW_HEIGHT = 0.24


def parts(share: ShareExplained) -> tuple[float, float, float]:
    """The three widths of the bar in %: baseline, state added, rest (each ≥ 0, sum 100)."""
    base = share.baseline.share_percent or 0.0
    state = min(share.share_percent or 0.0, 100.0 - base)
    return base, state, max(100.0 - base - state, 0.0)


def share_words(share: ShareExplained | BaselineShare, digits: int = 0) -> str:
    """"about 12 % (95 % CI 8 to 16 %)" or "no detectable share (95 % CI up to 3 %)"."""
    lo, hi = share.share_ci95_percent
    if share.share_percent is None:
        return tr("no detectable share (95 % CI up to %1 %)").replace("%1", f"{hi:.{digits}f}")
    return tr("about %1 % (95 % CI %2 to %3 %)").replace(
        "%1", f"{share.share_percent:.{digits}f}").replace(
        "%2", f"{lo:.{digits}f}").replace("%3", f"{hi:.{digits}f}")


class ShareView(PlotView):
    key = "share"
    title = tr("How much state explains")
    blurb = tr("Of the ups and downs in your self-rating: the share your long-run trend and "
               "time of day predict, the share your recorded state (mood, sleep, …) adds on "
               "top, and the rest — all judged on later days the model was not fitted to.")
    footnote = tr("Every bar is judged as a forecast: learnt from earlier days, scored on "
                  "later ones. Each whisker, on its own part's bar, is a 95 % interval; a share "
                  "whose interval reaches zero is shown as none. " + NOT_CAUSE)
    details = tr("Out of sample: rolling origin, 5 folds, against simply forecasting your "
                 "mean; the intervals by block bootstrap over test days. The title says how "
                 "many days were held out; the line under the chart, the in-sample R².")

    def empty_message(self, ctx: SkillRange) -> str | None:
        message = super().empty_message(ctx)
        if message:
            return message
        reg = ctx.section.regression if ctx.section else None
        if not isinstance(reg, RegressionFit):
            return tr("Not yet: %1").replace("%1", reg.reason if reg else "")
        if reg.share_explained is None and all(f.kind == "tag" for f in reg.factors):
            return tr("Not yet: the share is about your state, and no state factor is recorded "
                      "often enough (tags are not part of it).")
        if reg.share_explained is None:
            days = reg.days
            return tr("The share needs at least 20 days with complete check-ins; you have %1, "
                      "so about %2 more.").replace("%1", str(days)).replace(
                "%2", str(max(20 - days, 1)))
        return None

    @staticmethod
    def fit(ctx: SkillRange) -> tuple[RegressionFit, ShareExplained]:
        reg = ctx.report.regression
        if not isinstance(reg, RegressionFit) or reg.share_explained is None:
            raise LookupError("no share (empty_message says why)")
        return reg, reg.share_explained

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        plot = self.plot
        font = self.prepare_plot(theme, grid_y=False)
        reg, share = self.fit(ctx)
        base_share = share.baseline
        base, state, rest = parts(share)
        colors = (theme.secondary if base_share.detectable else theme.faint,
                  theme.primary if share.detectable else theme.faint, theme.grid)
        # one row per part, each starting where the one before ends (they still add up to
        # 100 %), so that each whisker sits on the part it belongs to
        plot.addItem(pg.BarGraphItem(x0=[0, base, base + state], y=list(ROWS),
                                     height=ROW_HEIGHT, width=[base, state, rest],
                                     brushes=[brush(c) for c in colors],
                                     pens=[pen(theme.background, 1)] * 3))
        for x in (base, base + state):  # where one part hands over to the next
            plot.addItem(pg.PlotDataItem([x, x], [ROWS[2] - ROW_HEIGHT / 2,
                                                  ROWS[0] + ROW_HEIGHT / 2],
                                         pen=pen(theme.muted, 1, Qt.PenStyle.DotLine)))
        # whiskers: the baseline's interval around its end, the state's around the total
        b_lo, b_hi = base_share.share_ci95_percent
        s_lo, s_hi = share.share_ci95_percent
        for (lo, hi), y in (((b_lo, b_hi), ROWS[0]), ((base + s_lo, base + s_hi), ROWS[1])):
            plot.addItem(pg.PlotDataItem([lo, hi], [y, y], pen=pen(theme.text, 2)))
            for end in (lo, hi):
                plot.addItem(pg.PlotDataItem([end, end], [y - 0.06, y + 0.06],
                                             pen=pen(theme.text, 2)))
        big = self.chart_font()
        big.setPointSizeF(big.pointSizeF() * 1.1)
        lines = (
            (colors[0], tr("Trend and time of day: %1").replace("%1", share_words(base_share))),
            (colors[1], tr("Your state, added on top: %1").replace("%1", share_words(share))),
            (theme.muted, tr("The rest (other influences, noise): %1 %").replace(
                "%1", f"{rest:.0f}")),
        )
        for i, (color, words) in enumerate(lines):
            swatch = pg.TextItem(html=f'<span style="color:{color.name()}">&#9632;</span>',
                                 anchor=(0, 0.5))
            swatch.setFont(big)
            swatch.setPos(0, 1.42 - 0.3 * i)
            plot.addItem(swatch)
            text = pg.TextItem(words, color=theme.text, anchor=(0, 0.5))
            text.setFont(big)
            text.setPos(3.2, 1.42 - 0.3 * i)
            plot.addItem(text)
        r2 = 100 * max(reg.r2, 0.0)
        in_sample = tr("For comparison, in sample (judged on the same check-ins it was fitted "
                       "to) the whole model's R² is %1 % — that always looks better.")
        note = pg.TextItem(in_sample.replace("%1", f"{r2:.0f}") if self.details_on else "",
                           color=theme.muted, anchor=(0, 0.5))
        note.setFont(font)
        note.setPos(0, -0.72)
        plot.addItem(note)
        plot.getAxis("left").setTicks([[(ROWS[0], tr("Trend, time")), (ROWS[1], tr("State")),
                                        (ROWS[2], tr("Rest"))]])
        plot.setLabel("bottom", tr("Share of the variation in your self-rating (%)"),
                      **label_style(theme, font))
        plot.getAxis("bottom").setTicks([[(v, f"{v}") for v in range(0, 101, 10)]])
        plot.setXRange(0, 100, padding=0.02)
        plot.setYRange(-0.9, 1.65, padding=0)
        set_title(plot, ctx.skill.name if not self.details_on else tr(
            "%1: %2 in %3 · blocks of %4").replace(
            "%1", ctx.skill.name).replace("%2", counts.held_out_days(share.test_days)).replace(
            "%3", counts.folds(share.folds)).replace("%4", counts.days(share.block_days)),
            theme, font)

    def table(self, ctx: SkillRange) -> Table:
        reg, share = self.fit(ctx)
        base = share.baseline
        _, _, rest = parts(share)

        def note(s: ShareExplained | BaselineShare) -> str:
            return tr("detectable") if s.detectable else tr("no detectable share")

        return Table([tr("Quantity"), tr("Estimate"), tr("95 % CI low"), tr("95 % CI high"),
                      tr("Note")], [
            [tr("Trend and time of day, out of sample (%)"), Num(base.share_percent, 1),
             Num(base.share_ci95_percent[0], 1), Num(base.share_ci95_percent[1], 1),
             note(base)],
            [tr("State's added share, out of sample (%)"), Num(share.share_percent, 1),
             Num(share.share_ci95_percent[0], 1), Num(share.share_ci95_percent[1], 1),
             note(share)],
            [tr("The rest (%)"), Num(rest, 1), None, None, ""],
            [tr("Baseline out-of-sample R²"), Num(base.r2, 4), Num(base.ci95[0], 4),
             Num(base.ci95[1], 4), tr("vs forecasting the mean")],
            [tr("Gain in out-of-sample R² from state"), Num(share.gain, 4),
             Num(share.ci95[0], 4), Num(share.ci95[1], 4),
             counts.held_out_days(share.test_days)],
            [tr("Whole model out-of-sample R²"), Num(share.full_r2, 4), None, None, ""],
            [tr("Whole model R², in sample"), Num(reg.r2, 4), None, None,
             tr("adjusted R² %1").replace("%1", num(reg.adj_r2, 3))],
        ])
