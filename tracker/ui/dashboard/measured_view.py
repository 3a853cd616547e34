"""View 8, felt vs measured: the self-rating against a measured score (a probe, or an outcome
entered by hand), and per factor how much of its pull on the rating goes through measured
performance and how much is judgment (clouding). The report's ``measured`` section, computed off
the UI thread (``measured_data``)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tracker.services.report_measured_types import (
    Effect,
    MeasuredFactor,
    MeasuredRecord,
    MeasuredSection,
    PredictionFactor,
)
from tracker.services.thresholds import MIN_NEFF
from tracker.ui.dashboard.base import EMPTY, View
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.measured_charts import (
    PARTS,
    draw_factors,
    draw_over_time,
    draw_scatter,
    natural,
    part_color,
    part_names,
)
from tracker.ui.dashboard.measured_data import NOT_CAUSE_TAIL, MeasuredReports
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import NOT_CAUSE, status_label, tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.style import mark_hint

DAYS_NEEDED = int(MIN_NEFF)  # METHODS §8: no claim below about 30 effective days


def plot_widget(date_axis: bool = False) -> pg.PlotWidget:
    axes = {"bottom": pg.DateAxisItem(orientation="bottom")} if date_axis else {}
    widget = pg.PlotWidget(axisItems=axes)
    widget.setMinimumHeight(120)
    plot = widget.getPlotItem()
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.layout.setContentsMargins(8, 8, 16, 8)
    return widget


def font_rows(widget: QWidget) -> int:
    """The height of one line of text in ``widget``'s font."""
    return widget.fontMetrics().lineSpacing()


def measured_days(record: MeasuredRecord) -> int:
    """Days with a measured score (practice sessions aside) and a rating beside it."""
    return len({p.at[:10] for p in record.points
                if p.rating is not None and p.measured is not None and not p.practice})


def what_is_needed(record: MeasuredRecord | None) -> str:
    """The empty state: what to do, and how far along it is."""
    if record is None or record.measure.kind == "probe":
        lead = tr("Run a probe after a check-in (Measure now, Ctrl+Shift+M)")
        unit = tr("days with probes")
    else:
        lead = tr("Enter %1 on the days you check in").replace("%1", record.measure.name)
        unit = tr("days with %1").replace("%1", record.measure.name)
    have = 0 if record is None else measured_days(record)
    text = (tr("%1: %2 of about %3 %4 needed.").replace("%1", lead).replace("%2", str(have))
            .replace("%3", str(max(DAYS_NEEDED, have + 1))).replace("%4", unit))
    if record is None:
        text += " " + tr("Or enter a measured outcome you already keep: touchstone outcome "
                         "add MEASURE VALUE.")
    elif record.reason and have >= DAYS_NEEDED:
        text += " (" + record.reason + ")"
    return text


class MeasuredView(View):
    key = "measured"
    title = tr("Felt vs measured")
    blurb = tr("Your self-rating beside a measured score on the same days, and for each factor "
               "how much of its pull on your rating goes through what you measurably did and "
               "how much is judgment (clouding). In natural units first, per SD on the axis.")
    footnote = tr("Faded: no claim — its interval crosses 0; diamond: tentative. The intervals "
                  "are widened for the number of factors. Scores and ratings are in SDs from "
                  "your own means; the first probe sessions are practice and left out. "
                  + NOT_CAUSE)
    details = tr("Clouding: the factor's pull on the rating with measured performance held "
                 "fixed, corrected for the probe's noise (errors in variables, METHODS §M); for "
                 "an outcome entered by hand there is no noise estimate, so its clouding is an "
                 "upper bound. Intervals: false coverage rate over the factors, errors "
                 "clustered by day and corrected for carry-over; q: Benjamini–Yekutieli.")
    needs_report = "later"  # its own section; the skill report only for the headline card

    def build_chart(self) -> QWidget:
        self.reports = MeasuredReports(self.dashboard.data, self)
        self.reports.arrived.connect(self._arrived)
        self._awaiting = False
        self.measure_box = QComboBox(self)
        self.measure_box.setAccessibleName(tr("Measure"))
        label = QLabel(tr("Meas&ure:"), self)
        label.setBuddy(self.measure_box)
        self.controls.addWidget(label)
        self.controls.addWidget(self.measure_box)
        self.measure_box.currentIndexChanged.connect(lambda _i: self.redraw())

        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.headline_label = QLabel(page)
        self.headline_label.setObjectName("measuredHeadline")
        self.headline_label.setWordWrap(True)
        font = self.headline_label.font()
        font.setWeight(font.Weight.DemiBold)
        self.headline_label.setFont(font)
        self.headline_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.headline_label)
        self.prediction_label = QLabel(page)
        self.prediction_label.setWordWrap(True)
        mark_hint(self.prediction_label)
        layout.addWidget(self.prediction_label)
        row = QHBoxLayout()
        row.setSpacing(8)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.scatter_widget = plot_widget()
        self.time_widget = plot_widget(date_axis=True)
        left.addWidget(self.scatter_widget, 1)
        left.addWidget(self.time_widget, 1)
        row.addLayout(left, 2)
        right = QVBoxLayout()
        right.setSpacing(2)
        self.legend_label = QLabel(page)
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        mark_hint(self.legend_label)
        right.addWidget(self.legend_label)
        self.factors_widget = plot_widget()
        self.factors_scroll = QScrollArea(page)  # many factors scroll, never squeezed
        self.factors_scroll.setWidgetResizable(True)
        self.factors_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.factors_scroll.setWidget(self.factors_widget)
        right.addWidget(self.factors_scroll, 1)
        row.addLayout(right, 3)
        layout.addLayout(row, 1)
        self.factor_labels: list[str] = []
        self.points_drawn = 0
        return page

    # data ----------------------------------------------------------------------------------
    def section(self, ctx: SkillRange) -> MeasuredSection | None:
        return self.reports.get(ctx.skill.id, ctx.since)

    def record(self, ctx: SkillRange) -> MeasuredRecord | None:
        """The measure chosen in the selector (the first with an answer by default)."""
        section = self.section(ctx)
        if section is None or not section.measures:
            return None
        wanted = self.measure_box.currentData()
        return next((m for m in section.measures if m.measure.id == wanted), section.measures[0])

    def _fill_measures(self, section: MeasuredSection | None) -> None:
        measures = section.measures if section else []
        ids = [m.measure.id for m in measures]
        if ids == [self.measure_box.itemData(i) for i in range(self.measure_box.count())]:
            return
        current = self.measure_box.currentData()
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        for m in measures:
            kind = tr("probe") if m.measure.kind == "probe" else tr("outcome")
            self.measure_box.addItem(f"{m.measure.name} ({kind})", m.measure.id)
        index = self.measure_box.findData(current)
        if index < 0:  # the first one with an answer
            index = next((i for i, m in enumerate(measures) if m.available), 0)
        self.measure_box.setCurrentIndex(index)
        self.measure_box.blockSignals(False)

    # driven by the dashboard ---------------------------------------------------------------
    def refresh(self, ctx: SkillRange, stamp: object) -> None:
        """Draw from the cached section, or ask for it and draw when it arrives."""
        if ctx.checkins and not self.reports.has(ctx.skill.id, ctx.since):
            self.ctx, self.stamp = ctx, stamp
            if not self._awaiting:
                self._awaiting = True
                self._pending += 1
            if self.stack.currentIndex() == EMPTY or not self.factor_labels:
                self.empty_label.setText(tr("Comparing your ratings with your measured "
                                            "scores…"))
                self.stack.setCurrentIndex(EMPTY)
            self.reports.request(ctx.skill.id, ctx.since)
            return
        self._fill_measures(self.section(ctx))
        super().refresh(ctx, stamp)

    def _arrived(self, key: tuple) -> None:
        """A section is in: draw it if this view waits for it; the card may add its claim."""
        dashboard = self.dashboard
        ctx = self.ctx
        if self._awaiting and ctx is not None and key[:2] == (ctx.skill.id, ctx.since):
            self._awaiting = False
            self._pending -= 1
            self.refresh(ctx, self.stamp)
            dashboard.view_drawn.emit(self.key)
        current = dashboard.context()
        if current is not None and key[:2] == (current.skill.id, current.since):
            dashboard.show_headline(current)
        dashboard.update_indicator()

    def empty_message(self, ctx: SkillRange) -> str | None:
        message = super().empty_message(ctx)
        if message:
            return message
        record = self.record(ctx)
        if record is None or not record.available:
            return what_is_needed(record)
        return None

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        section = self.section(ctx)
        record = self.record(ctx)
        if section is None or record is None:
            raise LookupError("no measured section (empty_message says why)")
        headline = section.headline.removesuffix(NOT_CAUSE_TAIL)
        self.headline_label.setText(headline)
        self.headline_label.setAccessibleName(headline)
        prediction = prediction_text(record)
        self.prediction_label.setText(prediction)
        self.prediction_label.setVisible(bool(prediction))
        font = self.chart_font()
        skill = ctx.skill.name
        self.points_drawn = draw_scatter(self.scatter_widget.getPlotItem(), self.scatter_widget,
                                         record, skill, theme, font)
        draw_over_time(self.time_widget.getPlotItem(), self.time_widget, record, theme, font)
        self.factor_labels = draw_factors(self.factors_widget.getPlotItem(),
                                          self.factors_widget, record, theme, font,
                                          getattr(self, "details_on", False))
        rows = max(len(record.factors), 1)
        self.factors_widget.setMinimumHeight(rows * 3 * (font_rows(self) + 6) + 60)
        names = part_names()
        self.legend_label.setText("&nbsp;&nbsp;&nbsp;".join(
            f"<span style='color:{part_color(p, theme).name()}'>●</span> {names[p]}"
            for p in PARTS))

    def chart_font(self):
        return self.font()

    def table(self, ctx: SkillRange) -> Table:
        """Per factor and part: natural units, per SD with the 95 % and the adjusted interval;
        then the prediction error by state (a probe's predicted minus measured score)."""
        record = self.record(ctx)
        rows: list[list[Cell]] = []
        if record is None:
            return Table(table_headers(), rows)
        names = part_names()
        parts = {"rating": (names["rating"], tr("rating points")),
                 "performance": (tr("Measured score"), tr("SDs of the score")),
                 "via_performance": (names["via_performance"], tr("rating points")),
                 "clouding": (names["clouding"], tr("rating points")),
                 "clouding_uncorrected": (tr("Clouding, not corrected for noise"),
                                          tr("rating points"))}
        name = record.measure.name
        for f in record.factors if record.available else []:
            for part, (label, unit) in parts.items():
                rows.append(table_row(name, f, label, unit, getattr(f, part)))
        pe = record.prediction_error
        if pe.available:
            unit = record.measure.unit or tr("score units")
            for pf in pe.factors:
                rows.append(table_row(name, pf, tr("Prediction error"), unit, pf))
        return Table(table_headers(), rows)


def table_headers() -> list[str]:
    return [tr("Measure"), tr("Factor"), tr("Part"), tr("Unit"), tr("Step"), tr("Per step"),
            tr("Per SD"), tr("95 % CI low"), tr("95 % CI high"), tr("Adj. CI low"),
            tr("Adj. CI high"), tr("Adj. level %"), tr("q"), tr("n_eff"), tr("Status"),
            tr("More days needed")]


def table_row(measure: str, f: MeasuredFactor | PredictionFactor, part: str, unit: str,
              e: Effect | PredictionFactor) -> list[Cell]:
    """One factor's number as a row of the table (exact values; the step of ``natural``)."""
    step, said = natural(f)
    adjusted = e.per_sd_ci95_adjusted
    return [measure, f.name, part, unit, said, Num(e.estimate * step, 3), Num(e.per_sd, 3),
            Num(e.per_sd_ci95[0], 3), Num(e.per_sd_ci95[1], 3),
            Num(adjusted[0] if adjusted else None, 3), Num(adjusted[1] if adjusted else None, 3),
            Num(100 * e.ci_adjusted_level if e.ci_adjusted_level else None, 2),
            Num(e.q, 4), Num(e.n_eff, 1), status_label(e.status), e.more_days_needed or ""]


def prediction_text(record: MeasuredRecord) -> str:
    """The probe's calibration in one line: the mean prediction error and the factor that
    moves it most clearly (or that none does), in the probe's units; "" without predictions."""
    pe = record.prediction_error
    if not pe.available or pe.mean is None:
        return ""
    unit = record.measure.unit
    mean = pe.mean
    lo, hi = mean.ci95
    text = (tr("Your predictions: on average %1 %2 from the score you got (95 % CI %3 to %4)")
            .replace("%1", f"{mean.estimate:+.2f}").replace("%2", unit)
            .replace("%3", f"{lo:+.2f}").replace("%4", f"{hi:+.2f}"))
    said = [f for f in pe.factors if f.status in ("claimed", "tentative")]
    if not said:
        return text + tr("; no factor of your state moves them clearly.")
    f = max(said, key=lambda f: abs(f.per_sd))
    step, what = natural(f)
    lo, hi = f.ci95_adjusted or f.ci95
    return text + (tr("; %1: %2 %3 for %4 (%5 to %6).").replace("%1", f.name)
                   .replace("%2", f"{f.estimate * step:+.2f}").replace("%3", unit)
                   .replace("%4", what).replace("%5", f"{lo * step:+.2f}")
                   .replace("%6", f"{hi * step:+.2f}"))
