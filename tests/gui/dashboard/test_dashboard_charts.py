"""Issue 16, charts and empty states: the time-of-day axis on the rating scale with the hourly
dots behind a check box, the timeline's axis fitted to the data and its legend off the data,
the Effects view saying how many days it still needs. Real widgets on real SQLite journals."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt

from tracker.services.journal import Journal

pytestmark = pytest.mark.gui

TZ = timezone(timedelta(hours=1))


def settled(qtbot, dash, key: str):
    view = dash.set_view(key)
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled() and not dash.worker.busy())
    return view


@pytest.fixture
def three(qtbot, journal: Journal):
    """Three check-ins on three recent days, every factor of the form recorded each time."""
    from tracker.ui.dashboard import create_dashboard

    skill = journal.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]
    for k in (3, 2, 1):
        journal.record(ratings={skill: 4 + k},
                       values={"mood": 3 + k, "sleep_hours": 6 + k, "sleep_quality": k,
                               "hunger": 1 + k, "energy": 2 + k, "stress": 5 - k},
                       at=datetime.combine(date.today() - timedelta(days=k), time(9 + k),
                                           tzinfo=TZ))
    widget = create_dashboard(journal)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.current_view().stamp is not None
                    and widget.current_view().settled())
    return widget


def test_time_of_day_shows_the_whole_rating_scale(qtbot, dash):
    view = settled(qtbot, dash, "time_of_day")
    bottom, top = view.plot.getViewBox().viewRange()[1]
    assert bottom <= 1 and top >= 10  # the demo's means lie within 5.5-7.5
    ticks = [v for v, _ in view.plot.getAxis("left")._tickLevels[0]]
    assert ticks == list(range(1, 11))


def test_time_of_day_hourly_dots_are_behind_a_check_box(qtbot, dash):
    view = settled(qtbot, dash, "time_of_day")

    def dots() -> int:
        return sum(isinstance(i, pg.ScatterPlotItem) for i in view.plot.items)

    assert dots() == 0
    assert not view.hours_box.isChecked()
    qtbot.mouseClick(view.hours_box, Qt.MouseButton.LeftButton,
                     pos=QPoint(4, view.hours_box.height() // 2))
    assert view.hours_box.isChecked()
    qtbot.waitUntil(lambda: dots() == 1)
    # and by keyboard: Alt+O (no other Alt+O on the dashboard or in the menus)
    dash.window().activateWindow()
    view.hours_box.setFocus()
    qtbot.waitUntil(lambda: view.hours_box.hasFocus())
    qtbot.keyClick(view.hours_box, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not view.hours_box.isChecked() and dots() == 0)


def test_timeline_axis_fits_a_few_days_of_data(qtbot, three):
    view = settled(qtbot, three, "timeline")
    start, end = view.plot.getViewBox().viewRange()[0]
    first, last = (c.at.timestamp() for c in (view.ctx.checkins[0], view.ctx.checkins[-1]))
    assert start <= first and end >= last
    assert (end - start) / 86400 < 10  # not the 12-month range with three dots at its edge


@pytest.mark.parametrize("width", [1100, 640])
def test_timeline_legend_is_never_over_the_data(qtbot, dash, width):
    view = settled(qtbot, dash, "timeline")
    # a factor on the right axis adds a fifth entry: the legend takes two rows
    view.factor_box.setCurrentIndex(view.factor_box.findText("Mood"))
    dash.resize(width, 760)
    qtbot.waitUntil(lambda: view.settled() and len(view.plot.legend.items) == 5)

    def apart() -> bool:  # once the layout has applied the legend's margin
        legend = view.plot.legend.sceneBoundingRect()
        data = view.plot.getViewBox().sceneBoundingRect()
        return legend.height() > 0 and not legend.intersects(data)

    qtbot.waitUntil(apart)


def test_effects_say_how_many_more_days_they_need(qtbot, three):
    view = settled(qtbot, three, "effects")
    text = view.empty_label.text()
    assert view.stack.currentWidget() is view.empty_label
    assert "about 27 more days with check-ins" in text, text
    assert "often enough" not in text


def test_calendar_tells_a_5_from_a_7_and_numbers_its_legend(qtbot, dash):
    view = settled(qtbot, dash, "calendar")
    grid = view.grid
    image = grid.grab().toImage()
    ratio = image.devicePixelRatio()

    def drawn(target: float):
        day = next(d for d, v in grid.values.items() if v == target)
        center = grid._cell_rect(day).center()
        return image.pixelColor(int(center.x() * ratio), int(center.y() * ratio))

    five, seven = drawn(5.0), drawn(7.0)
    distance = sum((a - b) ** 2 for a, b in zip(five.getRgb()[:3], seven.getRgb()[:3],
                                                 strict=True)) ** 0.5
    assert distance > 100, (five.name(), seven.name())  # 73 on the whole 1-10 scale
    assert {5.0, 7.0} <= {v for v, _ in grid.legend_steps()}


def test_share_whiskers_sit_on_their_own_segment(qtbot, dash):
    view = settled(qtbot, dash, "share")
    (bars,) = [i for i in view.plot.items if isinstance(i, pg.BarGraphItem)]
    o = bars.opts
    heights = o["height"] if hasattr(o["height"], "__len__") else [o["height"]] * 3
    segments = [(x0, x0 + w, y - h / 2, y + h / 2)
                for x0, w, y, h in zip(o["x0"], o["width"], o["y"], heights, strict=True)]
    whiskers = []
    for item in view.plot.items:
        if isinstance(item, pg.PlotDataItem):
            xs, ys = item.getData()
            if len(xs) == 2 and ys[0] == ys[1] and xs[0] != xs[1]:
                whiskers.append((min(xs), max(xs), ys[0]))
    assert len(whiskers) == 2  # the baseline's and the state's interval
    for (lo, hi, y), own in zip(sorted(whiskers, key=lambda w: -w[2]), segments[:2],
                                strict=True):
        # on its segment's row, around that segment's end, on no other segment's row
        rows = [s for s in segments if s[2] < y < s[3]]
        assert rows == [own], (y, segments)
        assert lo <= own[1] <= hi
