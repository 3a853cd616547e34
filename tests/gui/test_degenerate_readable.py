"""What a sparse or degenerate journal shows reads right on the real window: counts in the
singular ("1 check-in"), a lone check-in or day of data is drawn with a visible mark, the
right axis stops at the factor's scale, a factor that never varied is named with its value,
and a missing calibration skill score is explained."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication

from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.ui.dashboard import create_dashboard

pytestmark = pytest.mark.gui

TZ = timezone(timedelta(hours=1))


def at(days_ago: int, hour: int) -> datetime:
    return datetime.combine(date.today() - timedelta(days=days_ago), time(hour), tzinfo=TZ)


def writing(j: Journal) -> str:
    return j.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]


def shown_dashboard(qtbot, journal: Journal, view: str, factor: str | None = None):
    """A dashboard over all time showing ``view`` (with ``factor`` chosen in its selector)."""
    dash = create_dashboard(journal)
    qtbot.addWidget(dash)
    dash.resize(1100, 760)
    dash.show()
    dash.set_range("all")
    dash.set_view(view)
    if factor is not None:
        box = dash.current_view().factor_box
        box.setCurrentIndex(box.findData(factor))
    qtbot.waitUntil(lambda: dash.current_view().settled() and not dash.worker.busy())
    QApplication.processEvents()
    qtbot.waitUntil(lambda: dash.current_view().settled())
    return dash


def daily(journal: Journal, days_ago) -> None:
    """One check-in at 09:00 on each day ``days_ago``, mood running through 1–10."""
    s = writing(journal)
    for d in days_ago:
        journal.record(ratings={s: 3 + d % 6}, values={"mood": 1 + d % 10}, at=at(d, 9))


def right_axis_ticks(view) -> list[float]:
    """Every tick value the right axis draws for its current range (set or automatic)."""
    axis = view.plot.getAxis("right")
    if axis._tickLevels is not None:
        return [v for level in axis._tickLevels for v, _ in level]
    lo, hi = view.right_box.viewRange()[1]
    return [v for _, values in axis.tickValues(lo, hi, axis.size().height()) for v in values]


def marked_items(box: pg.ViewBox) -> list[pg.PlotDataItem]:
    """The data items of ``box`` that draw their points with a symbol."""
    return [i for i in box.addedItems
            if isinstance(i, pg.PlotDataItem) and i.opts.get("symbol") is not None]


# plurals -------------------------------------------------------------------------------------
def test_status_bar_says_1_check_in_after_one_save(make_window, journal):
    skill = writing(journal)
    window = make_window()
    assert window.count_label.text() == "0 check-ins"
    for rating, wanted in ((6, "1 check-in"), (7, "2 check-ins")):
        window.form.rating_input(skill).setValue(rating)
        assert window.save_checkin()
        assert window.count_label.text() == wanted


def test_insights_heading_of_one_check_in_is_singular(qtbot, journal):
    journal.record(ratings={writing(journal): 6}, values={"mood": 5}, at=at(1, 9))
    dash = shown_dashboard(qtbot, journal, "insights")
    assert dash.current_view().browser.toPlainText().startswith("Writing: 1 check-in on 1 day,")


# the timeline ---------------------------------------------------------------------------------
def test_right_axis_ticks_stop_at_the_end_of_the_scale(qtbot, journal):
    daily(journal, range(20, 0, -1))
    view = shown_dashboard(qtbot, journal, "timeline", "mood").current_view()
    ticks = right_axis_ticks(view)
    assert ticks == list(range(1, 11)), ticks  # not 11, nor a minor tick below 1


def test_a_single_check_in_is_a_plain_visible_dot(qtbot, journal):
    journal.record(ratings={writing(journal): 6}, values={"mood": 5}, at=at(1, 9))
    view = shown_dashboard(qtbot, journal, "timeline", "mood").current_view()
    spot = view.points.points()[0]
    assert spot.size() >= 8 and spot.brush().color().alpha() == 255
    # the one-vertex 7-day mean and the one-day factor mean each draw their point
    assert len(marked_items(view.plot.getViewBox())) == 1
    assert len(marked_items(view.right_box)) == 1


def test_one_day_of_data_marks_the_factor_on_the_right_axis(qtbot, journal):
    s = writing(journal)
    for hour in range(7, 22):
        journal.record(ratings={s: 3 + hour % 5}, values={"mood": 2 + hour % 7}, at=at(2, hour))
    view = shown_dashboard(qtbot, journal, "timeline", "mood").current_view()
    (item,) = marked_items(view.right_box)
    x, y = item.getData()
    assert len(x) == 1 and y[0] == pytest.approx(np.mean([2 + h % 7 for h in range(7, 22)]))
    assert view.points.points()[0].size() == 5  # fifteen dots: the usual small ones


def test_a_lone_day_between_gaps_gets_a_dot_and_the_lines_none(qtbot, journal):
    daily(journal, [*range(40, 30, -1), 20, *range(10, 0, -1)])
    view = shown_dashboard(qtbot, journal, "timeline", "mood").current_view()
    qtbot.waitUntil(lambda: view.adjusted_points > 0)
    # each line (as rated, at average state, the factor) gets one dot there, as a separate
    # item: the lines themselves draw no symbols
    assert [len(marked_items(box)) for box in (view.plot.getViewBox(), view.right_box)] == [2, 1]
    for dots in marked_items(view.plot.getViewBox()) + marked_items(view.right_box):
        x, _ = dots.getData()
        assert dots.opts["pen"] is None
        assert len(x) == 1 and x[0] == pytest.approx(at(20, 9).timestamp())


def test_a_series_without_gaps_draws_lines_without_markers(qtbot, journal):
    daily(journal, range(30, 0, -1))
    view = shown_dashboard(qtbot, journal, "timeline", "mood").current_view()
    assert marked_items(view.plot.getViewBox()) == marked_items(view.right_box) == []


# the scatter ---------------------------------------------------------------------------------
def test_scatter_of_a_factor_that_never_varied_says_so(qtbot, journal):
    s = writing(journal)
    for d in range(30, 0, -1):
        journal.record(ratings={s: 3 + d % 6}, values={"mood": 5, "sleep_hours": 6 + d % 3},
                       at=at(d, 9))
    dash = shown_dashboard(qtbot, journal, "scatter")
    view = dash.current_view()
    view.factor_box.setCurrentIndex(view.factor_box.findData("mood"))
    qtbot.waitUntil(view.settled)
    assert view.plot.titleLabel.text == ("Mood was 5 on all 30 check-ins with it: a factor "
                                         "that never varied cannot be related to your rating")
    ticks = view.plot.getAxis("bottom")._tickLevels
    assert ticks == [[(5.0, "5")]]
    view.factor_box.setCurrentIndex(view.factor_box.findData("sleep_hours"))
    qtbot.waitUntil(view.settled)
    assert view.plot.titleLabel.text.startswith("A moderate link (higher together) · 30 days")
    assert view.plot.getAxis("bottom")._tickLevels is None
    dash.details_button.setChecked(True)  # the statistics behind the words
    qtbot.waitUntil(lambda: view.plot.titleLabel.text.startswith("r = "))


# reality -------------------------------------------------------------------------------------
def test_reality_explains_a_missing_skill_score_and_counts_in_the_singular(qtbot, make_window,
                                                                            journal):
    writing(journal)
    reality = Reality(journal)
    for i in range(2):
        reality.log_evaluation(kind="interview", evaluator=f"Org {i}", probability=0.4)
    reality.resolve(reality.evaluations()[0].id, "accepted")
    window = make_window()
    window.resize(1200, 860)
    panel = window.reality.panel
    panel.details_button.setChecked(True)  # the Brier score is a detail
    window.tabs.setCurrentWidget(panel.parentWidget())
    qtbot.waitUntil(lambda: len(panel.charts) == 3)
    summary = panel.summary.text()
    assert summary.startswith("Calibration: 1 prediction with an outcome, Brier 0.360")
    assert "no skill score while every outcome is good (it needs good and bad ones)" in summary
    assert "skill –" not in summary
    title = panel.charts["reliability"].plot.titleLabel.text
    assert "no skill score while every outcome is good" in title and "skill –" not in title
    # the evaluations fill the table's width
    table = panel.table
    QApplication.processEvents()
    used = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert used >= table.viewport().width() - 2

