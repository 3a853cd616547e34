"""View 3, effects: each factor's per-SD partial effect with its interval (forest plot).

The chart draws the intervals adjusted for the number of factors (false coverage rate,
METHODS §4a), which cross 0 exactly when there is no claim; the table keeps the 95 % ones too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from tracker.services.headline import amount, natural_step
from tracker.services.report_types import RegressionFactor, RegressionFit
from tracker.ui import counts
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.plots import PlotView, brush, label_style, pen, set_title
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, needs_more, num, status_label, tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.labels import factor_column

SYMBOLS = {"claimed": "o", "tentative": "d", "no_evidence": "o"}
TWO_LINE_ROWS = 8  # rows that leave room for a second tick line ("1 SD = 1.9 points")


@dataclass(frozen=True)
class Excluded:
    """A factor the regression left out (a row without a bar)."""

    factor: str
    name: str
    status: str = "excluded"


def days_needed(ctx: SkillRange) -> str | None:
    """Without a model, when a factor is recorded often enough but the days are too few for
    any claim (effective n 30, METHODS §8): how many more days with check-ins that takes.
    None when the analysis' own reason says more: nothing varied yet (rating or factors)."""
    from tracker.services.thresholds import MIN_COVERAGE, MIN_NEFF

    counts_ = ctx.report.counts
    recorded = [f for f, n in counts_.per_factor.items()
                if n and n >= MIN_COVERAGE * counts_.checkins]
    if not recorded or counts_.days >= MIN_NEFF:
        return None
    rows = ctx.checkins
    if len(rows) > 1:
        varied = any(len({c.values[f] for c in rows if f in c.values}) > 1 for f in recorded)
        if len({c.ratings[ctx.skill.id] for c in rows}) < 2 or not varied:
            return None
    more = MIN_NEFF - counts_.days
    return tr("No effects yet: Touchstone says something about a factor from about %1 days "
              "with check-ins on; you have %2, so %3.").replace(
        "%1", str(MIN_NEFF)).replace("%2", counts.days(counts_.days)).replace(
        "%3", needs_more(more))


class EffectsView(PlotView):
    key = "effects"
    title = tr("Effects")
    blurb = tr("How much your self-rating moves when one factor is one standard deviation "
               "higher and the others are held fixed, with intervals widened for the number of "
               "factors looked at. Largest first.")
    footnote = tr("Faded: no claim — its interval crosses 0. Diamond: tentative (fewer than "
                  "60 days' worth of data). Rows without a bar need more data. " + NOT_CAUSE)
    details = tr("Faded when q ≥ 0.05 (q: Benjamini–Yekutieli); the intervals are adjusted "
                 "for the number of factors (false coverage rate, matching q), the table also "
                 "lists the plain 95 % ones. Diamond: effective n 30–59. Errors clustered by "
                 "day and corrected for carry-over.")

    def empty_message(self, ctx: SkillRange) -> str | None:
        message = super().empty_message(ctx)
        if message:
            return message
        reg = ctx.section.regression if ctx.section else None
        if not isinstance(reg, RegressionFit):
            return days_needed(ctx) or tr("No effects yet: %1").replace(
                "%1", reg.reason if reg else "")
        return None

    @staticmethod
    def regression(ctx: SkillRange) -> RegressionFit:
        reg = ctx.report.regression
        if not isinstance(reg, RegressionFit):
            raise LookupError("no regression (empty_message says why)")
        return reg

    def rows(self, ctx: SkillRange) -> list[RegressionFactor | Excluded]:
        """Entered factors by |per-SD effect| (claims first within ties), then absent ones."""
        reg = self.regression(ctx)
        shown = [f for f in reg.factors if f.status != "insufficient_data"]
        # the state factors, then the tags: two multiplicity families (METHODS §4b)
        shown.sort(key=lambda f: (f.kind == "tag", -abs(f.per_sd)))
        absent = [f for f in reg.factors if f.status == "insufficient_data"]
        excluded = []
        for fid in reg.excluded_factors:
            factor = ctx.factor(fid)
            excluded.append(Excluded(fid, factor_column(factor) if factor else fid))
        return [*shown, *absent, *excluded]

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        plot = self.plot
        font = self.prepare_plot(theme, grid_y=False)
        reg = self.regression(ctx)
        rows = self.rows(ctx)
        n = len(rows)
        ticks = []
        drawn = [r.per_sd_ci95_adjusted for r in rows
                 if isinstance(r, RegressionFactor) and r.per_sd_ci95_adjusted]
        lows = [ci[0] for ci in drawn]
        highs = [ci[1] for ci in drawn]
        lo = min([*lows, -0.2])
        hi = max([*highs, 0.2])
        span = hi - lo
        text_x = hi + 0.04 * span
        plot.addItem(pg.InfiniteLine(0, angle=90, pen=pen(theme.muted, 1.2, Qt.PenStyle.DashLine)))
        spots: list[dict] = []
        bars: dict[str, list[tuple[float, float]]] = {}
        two_lines = n <= TWO_LINE_ROWS  # else the SD goes beside the effect: rows too close
        for i, r in enumerate(rows):
            yv = n - 1 - i
            name = self.label(ctx, r)
            sd_said = ""
            if isinstance(r, RegressionFactor) and r.kind not in ("yesno", "tag") and r.sd > 0:
                sd_said = tr("1 SD = %1").replace("%1", amount(r.sd, r))
                if two_lines:
                    name += "\n" + sd_said
            ticks.append((yv, name))
            status = r.status
            if isinstance(r, RegressionFactor) and r.per_sd_ci95_adjusted and status in (
                    "claimed", "tentative", "no_evidence"):
                color = self._color(status, theme)
                lo_ci, hi_ci = r.per_sd_ci95_adjusted
                segs = bars.setdefault(status, [])
                segs += [(lo_ci, yv), (hi_ci, yv)]
                for end in (lo_ci, hi_ci):
                    segs += [(end, yv - 0.12), (end, yv + 0.12)]
                filled = status != "no_evidence"
                spots.append({"pos": (r.per_sd, yv), "symbol": SYMBOLS[status],
                              "size": 13 if filled else 11, "pen": pen(color, 2),
                              "brush": brush(color) if filled else brush(theme.background)})
                step = natural_step(r)
                if r.kind == "tag":
                    label = (tr("%1 on days tagged %2 · q = %3 · %4") if self.details_on
                             else tr("%1 on days tagged %2 · %4"))
                else:  # per SD: the axis
                    label = (tr("%1 for %2 · q = %3 · %4") if self.details_on
                             else tr("%1 for %2 · %4"))
                said = f"{r.estimate * step:+.2f}".replace("-0.00", "+0.00")  # no "−0.00"
                label = (label.replace("%1", said)
                         .replace("%2", r.name if r.kind == "tag" else tr("a yes")
                                  if r.kind == "yesno" else amount(step, r) + tr(" more")
                                  + ("" if two_lines or not sd_said else f" ({sd_said})"))
                         .replace("%3", num(r.q, 3)).replace("%4", status_label(status)))
                x_text = text_x
            elif isinstance(r, RegressionFactor):  # insufficient data
                label = tr("not enough data yet: ") + needs_more(r.more_days_needed)
                x_text = lo
            else:
                label = tr("not in the model (recorded on too few check-ins or constant)")
                x_text = lo
            text = pg.TextItem(label, color=theme.text if status in ("claimed", "tentative")
                               else theme.muted, anchor=(0, 0.5))
            text.setFont(font)
            text.setPos(x_text, yv)
            plot.addItem(text)
        for status, segs in bars.items():
            xy = np.array(segs, float)
            plot.addItem(pg.PlotDataItem(xy[:, 0], xy[:, 1], connect="pairs",
                                         pen=pen(self._color(status, theme),
                                                 2 if status == "no_evidence" else 3)))
        plot.addItem(pg.ScatterPlotItem(spots=spots))
        plot.getAxis("left").setTicks([ticks])
        plot.hideAxis("top")
        tags = sum(f.kind == "tag" for f in reg.factors)
        adjusted = counts.factors(len(reg.factors) - tags) + (
            tr(" and, apart, %1").replace("%1", counts.tags(tags)) if tags else "")
        plot.setLabel("bottom", tr("Change in self-rating per 1 SD of the factor (rating "
                                   "points), interval adjusted for %1").replace(
            "%1", adjusted), **label_style(theme, font))
        plot.setYRange(-0.7, n - 0.3, padding=0)
        room = 0.85 if two_lines else 1.3  # the text beside the bars is longer with the SD
        plot.setXRange(lo - 0.03 * span, hi + room * span, padding=0)
        set_title(plot, (tr("%1, n = %2 on %3 · R² %4") if self.details_on
                         else tr("%1, n = %2 on %3")).replace(
            "%1", ctx.skill.name).replace("%2", counts.checkins(reg.n)).replace(
            "%3", counts.days(reg.days)).replace("%4", num(reg.r2)), theme, font)

    @staticmethod
    def label(ctx: SkillRange, r: RegressionFactor | Excluded) -> str:
        """A row's name: the factor's column name, or "tagged gym" for a tag (METHODS §4b)."""
        if isinstance(r, RegressionFactor) and r.kind == "tag":
            return tr("tagged %1").replace("%1", r.name)
        factor = ctx.factor(r.factor)
        return factor_column(factor) if factor else r.name

    @staticmethod
    def _color(status: str, theme: Theme):
        return {"claimed": theme.primary, "tentative": theme.secondary}.get(status, theme.faint)

    def table(self, ctx: SkillRange) -> Table:
        """The plain 95 % interval, then the chart's adjusted one and its level, then the rest."""
        out: list[list[Cell]] = []
        for r in self.rows(ctx):
            if isinstance(r, Excluded):
                out.append([r.name, *([None] * 11), tr("not in the model"), ""])
                continue
            out.append([
                self.label(ctx, r), Num(r.per_sd, 3), Num(r.per_sd_ci95[0], 3),
                Num(r.per_sd_ci95[1], 3), *self._adjusted_cells(r), Num(r.estimate, 3),
                Num(r.sd, 3), Num(r.p, 4), Num(r.q, 4), Num(r.n_eff, 1),
                status_label(r.status), r.more_days_needed or "",
            ])
        return Table([tr("Factor"), tr("Per SD"), tr("95 % CI low"), tr("95 % CI high"),
                      tr("Adj. CI low"), tr("Adj. CI high"), tr("Adj. level %"),
                      tr("Per unit"), tr("SD"), tr("p"), tr("q"), tr("n_eff"), tr("Status"),
                      tr("More days needed")], out)

    @staticmethod
    def _adjusted_cells(r: RegressionFactor) -> list[Num | None]:
        """The chart's interval (per SD, adjusted for the number of factors) and its level."""
        ci, level = r.per_sd_ci95_adjusted, r.ci_adjusted_level
        if ci is None or level is None:
            return [None, None, None]
        return [Num(ci[0], 3), Num(ci[1], 3), Num(100 * level, 2)]

