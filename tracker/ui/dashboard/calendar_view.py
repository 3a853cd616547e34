"""View 6, calendar: a year in pixels, one cell a day, coloured by mean rating or mood."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import CheckIn
from tracker.ui.counts import checkins
from tracker.ui.dashboard.base import View
from tracker.ui.dashboard.data import SkillRange
from tracker.ui.dashboard.table import Cell, Num, Table
from tracker.ui.dashboard.text import tr
from tracker.ui.dashboard.theme import Theme, cividis, with_alpha
from tracker.ui.style import mark_title

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MIN_SPAN = 4  # the colour scale covers at least this many scale points
MAX_STEPS = 12  # a legend of numbered swatches up to this many whole values, else a gradient


def colour_span(values: list[float], lo: float, hi: float) -> tuple[float, float]:
    """The values the colours run from and to: the whole numbers around the middle 90 % of
    the days shown (the rarest 5 % each side take the end colours), at least ``MIN_SPAN``
    apart, within the scale ``lo``..``hi``. Spread over the data, not the whole scale, a 5
    and a 7 get clearly different colours (the legend numbers them)."""
    if not values:
        return lo, hi
    ordered = sorted(values)
    tail = int(0.05 * len(ordered))
    a = max(lo, math.floor(ordered[tail]))
    b = min(hi, math.ceil(ordered[len(ordered) - 1 - tail]))
    while b - a < MIN_SPAN and (a > lo or b < hi):
        a, b = (a - 1 if a > lo else a), (b + 1 if b < hi else b)
    return max(lo, a), min(hi, b)


class CalendarGrid(QWidget):
    """53 week columns × 7 weekday rows for one year; click a day to select it."""

    day_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = date.today()
        self.start, self.end = date(today.year, 1, 1), date(today.year, 12, 31)
        self.values: dict[date, float] = {}
        self.counts: dict[date, int] = {}
        self.vmin, self.vmax = 1.0, 10.0
        self.first: date | None = None
        self.last: date | None = None
        self.selected: date | None = None
        self.theme: Theme | None = None
        self.value_name = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        fm = self.fontMetrics()
        self.setMinimumSize(560, fm.height() * 3 + 20 + 7 * 24)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = self.fontMetrics()
        return QSize(980, fm.height() * 3 + 20 + 7 * 24)

    def set_data(self, window: tuple[date, date], values: dict[date, float],
                 counts: dict[date, int], vmin: float, vmax: float, first: date | None,
                 last: date, theme: Theme, value_name: str) -> None:
        """Show the days of ``window`` (inclusive); days outside first..last are faded."""
        (self.start, self.end), self.values, self.counts = window, values, counts
        self.vmin, self.vmax, self.first, self.last = vmin, vmax, first, last
        self.theme, self.value_name = theme, value_name
        self.update()

    # geometry -------------------------------------------------------------------------------
    def _metrics(self) -> tuple[float, float, float]:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("Wed") + 10
        top = fm.height() + 6
        legend = fm.height() * 2 + 14
        cell = min((self.width() - left - 4) / 54, (self.height() - top - legend) / 7)
        return left, top, max(6.0, min(cell, 24.0))

    def _start(self) -> date:
        return self.start - timedelta(days=self.start.weekday())

    def _cell_rect(self, day: date) -> QRectF:
        left, top, cell = self._metrics()
        offset = (day - self._start()).days
        col, row = divmod(offset, 7)
        return QRectF(left + col * cell, top + row * cell, cell - 2, cell - 2)

    def day_at(self, pos: QPoint) -> date | None:
        left, top, cell = self._metrics()
        col = int((pos.x() - left) // cell)
        row = int((pos.y() - top) // cell)
        if not (0 <= row < 7 and 0 <= col < 54):
            return None
        day = self._start() + timedelta(days=col * 7 + row)
        return day if self.start <= day <= self.end else None

    # colours --------------------------------------------------------------------------------
    def color_for(self, value: float) -> QColor:
        """A day's colour: cividis from ``vmin`` (darkest) to ``vmax`` (lightest)."""
        return cividis((value - self.vmin) / ((self.vmax - self.vmin) or 1.0))

    def legend_steps(self) -> list[tuple[float, QColor]]:
        """The legend's numbered swatches (each whole value of the colour span), or [] when
        there are too many for swatches (the legend is a gradient then)."""
        if self.vmax - self.vmin + 1 > MAX_STEPS or self.vmin != int(self.vmin):
            return []
        return [(float(v), self.color_for(v))
                for v in range(int(self.vmin), int(math.floor(self.vmax)) + 1)]

    # painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        theme = self.theme or Theme.from_palette(self.palette())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        left, top, cell = self._metrics()
        fm = self.fontMetrics()
        p.setPen(theme.muted)
        for row, name in enumerate(WEEKDAYS):
            if name:
                p.drawText(QRectF(0, top + row * cell, left - 6, cell - 2),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, tr(name))
        month = date(self.start.year, self.start.month, 1)
        while month <= self.end:
            shown = max(month, self.start)
            rect = self._cell_rect(shown)
            text = str(month.year) if month.month == 1 else tr(MONTHS[month.month - 1])
            if month < self.start and (self.start - month).days > 10:
                text = ""  # too little of this month is shown to label it
            p.drawText(QRectF(rect.left(), 0, cell * 5, top - 4),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        day = self.start
        radius = max(1.5, cell * 0.18)
        while day <= self.end:
            rect = self._cell_rect(day)
            outside = (self.first is not None and day < self.first) or (
                self.last is not None and day > self.last)
            value = self.values.get(day)
            if value is None:
                p.setPen(QPen(with_alpha(theme.grid, 120 if outside else 255), 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                color = self.color_for(value)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(with_alpha(color, 70 if outside else 255))
            p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            if day == self.selected:
                p.setPen(QPen(theme.text, 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), radius, radius)
            day += timedelta(days=1)
        # legend: a numbered swatch per whole value (or a gradient), the empty-cell swatch
        y = top + 7 * cell + 10
        bar = QRectF(left, y, min(260.0, 20 * cell), fm.height() * 0.8)
        steps = self.legend_steps()
        if steps:
            width = max(fm.horizontalAdvance("10") + 8.0, bar.height() * 1.6)
            bar.setWidth(width * len(steps))
            for i, (value, color) in enumerate(steps):
                box = QRectF(bar.left() + i * width, bar.top(), width - 2, bar.height())
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRoundedRect(box, 2, 2)
                p.setPen(theme.text)
                text = f"{value:g}"
                if i == 0 and any(v < value for v in self.values.values()):
                    text = "≤" + text
                elif i == len(steps) - 1 and any(v > value for v in self.values.values()):
                    text = "≥" + text
                p.drawText(QRectF(box.left() - 4, box.bottom() + 1, box.width() + 8,
                                  fm.height()),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)
        else:
            gradient = QLinearGradient(bar.topLeft(), bar.topRight())
            for i in range(11):
                gradient.setColorAt(i / 10, cividis(i / 10))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(gradient)
            p.drawRoundedRect(bar, 3, 3)
            p.setPen(theme.text)
            p.drawText(QRectF(bar.left() - left, bar.top(), left - 6, bar.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{self.vmin:g}")
        after = bar.right() + 6
        label = (f"{self.value_name}, " + tr("daily mean") if steps
                 else f"{self.vmax:g}  {self.value_name}, " + tr("daily mean"))
        p.drawText(QRectF(after, bar.top() - 4, fm.horizontalAdvance(label) + 4,
                          bar.height() + 8), Qt.AlignmentFlag.AlignVCenter, label)
        swatch_x = after + fm.horizontalAdvance(label) + 24
        p.setPen(QPen(theme.grid, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(QRectF(swatch_x, bar.top(), bar.height(), bar.height()), 2, 2)
        p.setPen(theme.muted)
        empty = tr("no check-in")
        p.drawText(QRectF(swatch_x + bar.height() + 6, bar.top() - 4,
                          fm.horizontalAdvance(empty) + 4, bar.height() + 8),
                   Qt.AlignmentFlag.AlignVCenter, empty)
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.selected = day
            self.update()
            self.day_clicked.emit(day)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        day = self.day_at(event.position().toPoint())
        if day is None:
            self.setToolTip("")
            return
        value = self.values.get(day)
        self.setToolTip(f"{day:%a %d %b %Y}: " + (
            tr("no check-in") if value is None else
            f"{self.value_name} {value:.1f} ({checkins(self.counts.get(day, 0))})"))


class CalendarView(View):
    key = "calendar"
    needs_report = "none"
    title = tr("Calendar")
    blurb = tr("A year in pixels: one square a day, coloured by that day's mean. Click a day "
               "to list its check-ins.")
    footnote = tr("Colours: darker = lower (readable with any colour vision), spread over the "
                  "values shown, as the legend numbers them. Faded squares are outside the "
                  "chosen range.")
    details = tr("Colour map: cividis.")

    def build_chart(self) -> QWidget:
        chart = QWidget(self)
        layout = QVBoxLayout(chart)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = CalendarGrid(chart)
        self.grid.day_clicked.connect(self.show_day)
        self.day_title = QLabel(tr("Click a day to see its check-ins."), chart)
        mark_title(self.day_title)
        self.day_list = QListWidget(chart)
        self.day_list.setAccessibleName(tr("Check-ins of the selected day"))
        layout.addWidget(self.grid)
        layout.addWidget(self.day_title)
        layout.addWidget(self.day_list, 1)
        self.year_box = QComboBox(self)
        self.year_box.setAccessibleName(tr("Year"))
        # filled when drawn, after the first show: sized then, it would cut "Last 12 months"
        self.year_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.value_box = QComboBox(self)
        self.value_box.setAccessibleName(tr("Colour by"))
        self.value_box.addItem(tr("Rating"), "rating")
        self.value_box.addItem(tr("Mood"), "mood")
        for w in (QLabel(tr("Year:"), self), self.year_box, QLabel(tr("Colour by:"), self),
                  self.value_box):
            self.controls.addWidget(w)
        self.year_box.currentIndexChanged.connect(lambda _i: self.redraw())
        self.value_box.currentIndexChanged.connect(lambda _i: self.redraw())
        return chart

    def by_day(self, ctx: SkillRange) -> dict[date, list[CheckIn]]:
        days: dict[date, list[CheckIn]] = defaultdict(list)
        for c in ctx.checkins:
            days[c.at.date()].append(c)
        return days

    def _values(self, ctx: SkillRange, days: dict[date, list[CheckIn]],
                what: str) -> tuple[dict[date, float], dict[date, int]]:
        values: dict[date, float] = {}
        counts: dict[date, int] = {}
        for day, rows in days.items():
            xs: list[float]
            if what == "rating":
                xs = [c.ratings[ctx.skill.id] for c in rows]
            else:
                xs = [c.values[what] for c in rows if what in c.values]
            if xs:
                values[day] = sum(xs) / len(xs)
                counts[day] = len(xs)
        return values, counts

    def draw(self, ctx: SkillRange, theme: Theme) -> None:
        days = self.by_day(ctx)
        first = ctx.since or min(days)
        years = list(range(ctx.until.year, first.year - 1, -1))
        chosen = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem(tr("Last 12 months"), "rolling")
        for y in years:
            self.year_box.addItem(str(y), y)
        self.year_box.setCurrentIndex(max(self.year_box.findData(chosen), 0))
        self.year_box.blockSignals(False)
        year = self.year_box.currentData()
        if year == "rolling":
            window = (ctx.until - timedelta(days=364), ctx.until)
        else:
            window = (date(year, 1, 1), date(year, 12, 31))
        what = self.value_box.currentData()
        values, counts = self._values(ctx, days, what)
        factor = ctx.factor(what) if what != "rating" else None
        lo = factor.minimum if factor and factor.minimum is not None else 1
        hi = factor.maximum if factor and factor.maximum is not None else 10
        name = ctx.skill.name if what == "rating" else self.value_box.currentText()
        shown = {d: v for d, v in values.items() if window[0] <= d <= window[1]}
        lo, hi = colour_span(list(shown.values()), lo, hi)
        self.grid.set_data(window, shown, counts, lo, hi, ctx.since, ctx.until, theme, name)
        self._days = days
        selected = self.grid.selected
        if selected is None or not window[0] <= selected <= window[1]:
            selected = max(shown) if shown else None
        if selected is not None:
            self.show_day(selected)
        else:  # no day of the window has a value: say where they are
            self.grid.selected = None
            self.day_list.clear()
            years = sorted({d.year for d in values}, reverse=True)
            self.day_title.setText(
                tr("No check-in in the days shown. Years with check-ins: %1.").replace(
                    "%1", ", ".join(map(str, years))) if years
                else tr("No check-in in this range has a value for %1.").replace("%1", name))

    def show_day(self, day: date) -> None:
        if self.ctx is None:
            return
        rows = getattr(self, "_days", {}).get(day, [])
        self.grid.selected = day
        self.grid.update()
        self.day_title.setText(f"{day:%A %d %B %Y}: " + (
            checkins(len(rows)) if rows else tr("no check-in")))
        self.day_list.clear()
        for c in rows:
            parts = [f"{c.at:%H:%M}", f"{self.ctx.skill.name} {c.ratings[self.ctx.skill.id]}"]
            if "mood" in c.values:
                parts.append(tr("mood") + f" {c.values['mood']:g}")
            if "sleep_hours" in c.values:
                parts.append(tr("sleep") + f" {c.values['sleep_hours']:g} h")
            if c.note:
                parts.append(f"“{c.note}”")
            self.day_list.addItem(" · ".join(parts))

    def table(self, ctx: SkillRange) -> Table:
        days = self.by_day(ctx)
        ratings, counts = self._values(ctx, days, "rating")
        moods, _ = self._values(ctx, days, "mood")
        rows: list[list[Cell]] = [[d.isoformat(), counts[d], Num(ratings[d]), Num(moods.get(d))]
                for d in sorted(ratings)]
        return Table([tr("Day"), tr("Check-ins"), tr("Mean rating"), tr("Mean mood")], rows)


__all__ = ["CalendarView", "CalendarGrid", "QColor", "QFont"]
