"""A dashboard view: title, explanation, its own controls, chart or table, footnote, export.

The footnote says in plain words how to read the view; ``details`` (method names, q, n_eff, r)
show below it only with the dashboard's Details button on, and a view that draws such numbers
into its chart draws them only then (``details_on``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.export import Caption, captioned, widget_png, widget_svg
from tracker.ui.dashboard.table import Table, fill_table, make_table_widget, table_csv
from tracker.ui.dashboard.text import tr
from tracker.ui.dashboard.theme import Theme
from tracker.ui.image_files import save_image
from tracker.ui.style import mark_hint

CHART, TABLE, EMPTY = 0, 1, 2


class View(QWidget):
    """Subclasses set ``key``/``title``/``blurb`` and implement ``build_chart``, ``draw``
    and ``table``; ``refresh`` is called by the dashboard only when the view is visible and
    its data changed."""

    key = ""
    title = ""
    blurb = ""
    footnote = ""
    details = ""  # the statistics behind the footnote, shown with Details on
    details_on = False
    needs_report = "first"  # "first": draws from the report; "later": draws, then adds it;
    # "none": never uses it (the dashboard computes reports only for views that need them)

    def __init__(self, dashboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dashboard = dashboard
        self.ctx: SkillRange | None = None
        self.stamp: object = None
        self.table_mode = False
        self._table_stale = True
        self._pending = 0  # deferred drawing still to run
        self.waiting: object = None  # the stamp this view waits to draw until its report is in

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.setSpacing(12)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title_label = QLabel(self.title, self)
        self.title_label.setObjectName("viewTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(font.Weight.DemiBold)
        self.title_label.setFont(font)
        self.blurb_label = QLabel(self.blurb, self)
        mark_hint(self.blurb_label)
        self.blurb_label.setWordWrap(True)
        texts.addWidget(self.title_label)
        texts.addWidget(self.blurb_label)
        head.addLayout(texts, 1)
        self.controls = QHBoxLayout()
        self.controls.setSpacing(8)
        head.addLayout(self.controls)
        layout.addLayout(head)

        self.stack = QStackedWidget(self)
        self.chart = self.build_chart()
        self.table_widget = make_table_widget(self)
        self.table_widget.setAccessibleName(self.title + " " + tr("table"))
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        mark_hint(self.empty_label)
        self.stack.addWidget(self.chart)
        self.stack.addWidget(self.table_widget)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)
        self.footnote_label = QLabel(self.footnote, self)
        mark_hint(self.footnote_label)
        self.footnote_label.setWordWrap(True)
        layout.addWidget(self.footnote_label)
        self.details_label = QLabel(self.details, self)
        self.details_label.setObjectName("details")
        mark_hint(self.details_label)
        self.details_label.setWordWrap(True)
        self.details_label.hide()
        layout.addWidget(self.details_label)

    # to implement ---------------------------------------------------------------------------
    def build_chart(self) -> QWidget:
        raise NotImplementedError

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        raise NotImplementedError

    def table(self, ctx: SkillRange) -> Table:
        raise NotImplementedError

    def empty_message(self, ctx: SkillRange) -> str | None:
        """A message instead of the chart (and the table), or None when there is data."""
        if not ctx.checkins:
            return tr("No check-ins rating %1 in this range yet. Each check-in you save "
                      "appears here.").replace("%1", ctx.skill.name)
        return None

    def reload_choices(self) -> None:
        """Skills or factors changed: refill the view's own selectors."""

    def report_arrived(self, key: tuple) -> None:
        """The report for ``key`` = (skill id, since) was computed (views that draw it later)."""

    # driven by the dashboard ----------------------------------------------------------------
    def refresh(self, ctx: SkillRange, stamp: object) -> None:
        self.ctx = ctx
        self.stamp = stamp
        self._table_stale = True
        message = self.empty_message(ctx)
        if message:
            self.empty_label.setText(message)
            self.stack.setCurrentIndex(EMPTY)
            return
        self.draw(ctx, Theme.from_palette(self.palette()))
        self._show_page()

    def set_details(self, on: bool) -> None:
        """Show or hide the statistics' details (the dashboard redraws the chart)."""
        self.details_on = on
        self.details_label.setVisible(on and bool(self.details))

    def redraw(self) -> None:
        """Redraw with the current context (a view-local option changed)."""
        if self.ctx is not None:
            self.refresh(self.ctx, self.stamp)

    def set_table_mode(self, on: bool) -> None:
        self.table_mode = on
        if self.ctx is not None and self.stack.currentIndex() != EMPTY:
            self._show_page()

    def _show_page(self) -> None:
        if self.table_mode:
            if self._table_stale and self.ctx is not None:
                fill_table(self.table_widget, self.table(self.ctx))
                self._table_stale = False
            self.stack.setCurrentIndex(TABLE)
        else:
            self.stack.setCurrentIndex(CHART)

    def current_table(self) -> Table:
        """The numbers of the table (computed now if needed)."""
        if self.ctx is None:
            return Table([], [])
        return self.table(self.ctx)

    def settled(self) -> bool:
        """True when no deferred drawing is pending and no report is awaited."""
        return self._pending == 0 and self.waiting is None

    def current_page(self) -> QWidget:
        """The page the stack shows: the chart, the table or the empty message."""
        pages: tuple[QWidget, ...] = (self.chart, self.table_widget, self.empty_label)
        return pages[self.stack.currentIndex()]

    # export -----------------------------------------------------------------------------------
    def export(self, path: Path) -> Path:
        """Write what the view shows (chart or table) to ``path``, PNG or SVG by its suffix;
        a .csv file gets the view's numbers (its table), exact, whatever the view shows. A PNG
        of the chart keeps the view's title and explanation above it."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return table_csv(self.current_table(), path)
        if suffix not in (".png", ".svg"):
            raise UserError(tr("Export to a .png, .svg or .csv file (not %1).").replace(
                "%1", path.suffix or tr("a file without extension")))
        page = self.current_page()
        if page is self.chart:
            return (save_image(self.captioned(self.chart_image()), path) if suffix == ".png"
                    else self.export_svg(path))
        return widget_png(page, path) if suffix == ".png" else widget_svg(page, path, self.title)

    def chart_image(self) -> QImage:
        """The chart as pixels, at ``export_size``."""
        return self.chart.grab().toImage()

    def caption(self) -> Caption:
        """The view's title and explanation, in its fonts and colours (above an export)."""
        theme = Theme.from_palette(self.palette())
        return [(self.title_label.text(), self.title_label.font(), theme.text),
                (self.blurb_label.text(), self.blurb_label.font(), theme.muted)]

    def captioned(self, chart: QImage) -> QImage:
        """``chart`` under the view's title and explanation."""
        return captioned(chart, self.chart.devicePixelRatioF(), self.caption(),
                         Theme.from_palette(self.palette()).background)

    def export_svg(self, path: Path) -> Path:
        """The chart as SVG, below the view's title and explanation."""
        return widget_svg(self.chart, path, self.title, self.caption(),
                          Theme.from_palette(self.palette()).background)

    def export_size(self) -> tuple[int, int]:
        """The pixel size an exported PNG of the current page has."""
        page = self.current_page()
        ratio = page.devicePixelRatioF()
        return round(page.width() * ratio), round(page.height() * ratio)
