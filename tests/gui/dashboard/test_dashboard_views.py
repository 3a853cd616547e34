"""The dashboard's views: skills, ranges, live updates, table mode, empty states, calendar."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, time, timedelta

import pytest
from conftest import point_count, raw_column
from PySide6.QtCore import QPoint, Qt

from tracker.services.clock import local_now
from tracker.services.journal import Journal
from tracker.ui.dashboard.data import since_for

pytestmark = pytest.mark.gui


def test_importing_the_package_does_not_import_pyqtgraph():
    code = ("import sys, tracker.ui.dashboard; "
            "assert callable(tracker.ui.dashboard.create_dashboard); "
            "print('pyqtgraph' in sys.modules, 'scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_timeline_shows_the_range_and_switches_skill_and_range(qtbot, dash, seeded):
    skills = {s.name: s.id for s in seeded.skills()}
    today = date.today()
    everything = [c for c in seeded.checkins() if skills["Overall"] in c.ratings]
    assert point_count(dash) == len(everything)  # the demo year lies within 'Last 12 months'

    dash.set_range("90d")
    since = since_for("90d", today)
    kept = [c for c in everything if c.at.date() >= since]
    assert 0 < len(kept) < len(everything)
    qtbot.waitUntil(lambda: point_count(dash) == len(kept))
    rect = dash.views["timeline"].view_rect()
    left, right = rect.left(), rect.right()
    start = datetime.combine(since, time(0)).astimezone().timestamp()
    assert abs(left - start) < 2 * 86400 and right >= kept[-1].at.timestamp()

    dash.set_skill(skills["Coding"])
    coding = [c for c in seeded.checkins() if skills["Coding"] in c.ratings
              and c.at.date() >= since]
    assert len(coding) != len(kept)
    qtbot.waitUntil(lambda: point_count(dash) == len(coding))
    assert "Coding" in dash.views["timeline"].plot.getAxis("left").labelText


def test_reports_are_cached_per_skill_and_range(qtbot, dash, seeded):
    overall = seeded.skill_by_name("Overall").id
    coding = seeded.skill_by_name("Coding").id
    qtbot.waitUntil(lambda: dash.current_view().settled())
    calls = dash.data.report_calls
    dash.set_skill(coding)
    qtbot.waitUntil(lambda: dash.current_view().settled())
    assert dash.data.report_calls == calls + 1
    dash.set_skill(overall)  # back to a (skill, range) already computed
    dash.set_view("effects")
    qtbot.waitUntil(lambda: dash.current_view().settled())
    assert dash.data.report_calls == calls + 1
    dash.set_view("calendar")  # the calendar needs no report at all
    dash.set_range("30d")
    assert dash.data.report_calls == calls + 1


def test_a_new_checkin_appears_in_the_timeline_without_reopening(qtbot, dash, seeded):
    overall = seeded.skill_by_name("Overall").id
    before = point_count(dash)
    at = local_now()
    seeded.record(ratings={overall: 9}, values={"mood": 8, "sleep_hours": 7.5}, at=at,
                  note="Nailed the talk.")
    assert point_count(dash) == before  # nothing redraws until told
    dash.on_data_changed("checkins")
    qtbot.waitUntil(lambda: point_count(dash) == before + 1)
    xs, ys = dash.views["timeline"].points.getData()
    assert xs[-1] == pytest.approx(at.timestamp()) and ys[-1] == 9


def test_a_hidden_dashboard_computes_nothing_until_shown(qtbot, dash, seeded):
    dash.hide()
    calls = dash.data.report_calls
    seeded.record(ratings={seeded.skill_by_name("Overall").id: 3})
    dash.on_data_changed("checkins")
    assert not dash._refresh_timer.isActive() and dash.data.report_calls == calls
    with qtbot.waitSignal(dash.view_drawn, timeout=10000):
        dash.show()
    qtbot.waitUntil(lambda: dash.current_view().settled())
    assert dash.data.report_calls == calls + 1


def test_new_skill_appears_in_the_selector(qtbot, dash, seeded):
    seeded.add_skill("Writing")
    assert dash.skill_box.findText("Writing") < 0
    dash.on_data_changed("skills")
    assert dash.skill_box.findText("Writing") >= 0
    dash.set_skill(seeded.skill_by_name("Writing").id)
    qtbot.waitUntil(lambda: dash.current_view().stack.currentWidget()
                    is dash.current_view().empty_label)
    assert "No check-ins rating Writing" in dash.current_view().empty_label.text()


def test_show_as_table_lists_the_effects(qtbot, dash, seeded):
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    qtbot.mouseClick(dash.table_button, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.table_widget
    factors = view.ctx.section.regression.factors
    assert view.table_widget.rowCount() == len(factors)
    shown = sorted(raw_column(view.table_widget, 1))
    assert shown == sorted(f.per_sd for f in factors)
    # the toggle applies to the next view too, and back
    other = dash.set_view("time_of_day")
    qtbot.waitUntil(lambda: other.stack.currentWidget() is other.table_widget)
    qtbot.mouseClick(dash.table_button, Qt.MouseButton.LeftButton)
    assert other.stack.currentWidget() is other.chart


def test_effects_fade_non_claims_and_label_them(qtbot, dash):
    import pyqtgraph as pg

    from tracker.ui.dashboard.theme import Theme

    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None)
    statuses = {f.name: f.status for f in view.ctx.section.regression.factors}
    assert statuses["Mood"] == "claimed" and "no_evidence" in statuses.values()
    theme = Theme.from_palette(view.palette())
    assert len({theme.primary.name(), theme.faint.name(), theme.background.name()}) == 3
    rows = view.rows(view.ctx)
    status_at = {len(rows) - 1 - i: r.status for i, r in enumerate(rows)}
    colour = {"claimed": theme.primary, "tentative": theme.secondary, "no_evidence": theme.faint}

    # the estimate: a claim filled in its colour, a non-claim a hollow faint ring
    (scatter,) = [i for i in view.plot.items if isinstance(i, pg.ScatterPlotItem)]
    drawn = set()
    for spot in scatter.points():
        status = status_at[round(spot.pos().y())]
        drawn.add(status)
        assert spot.pen().color().name() == colour[status].name(), status
        fill = theme.background if status == "no_evidence" else colour[status]
        assert spot.brush().color().name() == fill.name(), status
        assert spot.symbol() == ("d" if status == "tentative" else "o")
    assert {"claimed", "no_evidence"} <= drawn

    # the intervals: one item per status in its colour, non-claims thinner
    widths = {}
    for item in view.plot.items:
        if isinstance(item, pg.PlotDataItem):
            (status,) = {status_at[round(y)] for y in item.yData}
            line = pg.mkPen(item.opts["pen"])
            assert line.color().name() == colour[status].name(), status
            widths[status] = line.widthF()
    assert widths["no_evidence"] < widths["claimed"]

    # the labels: claims in the text colour and "clear association", the rest muted
    labels = {round(i.pos().y()): i for i in view.plot.items if isinstance(i, pg.TextItem)}
    for y, status in status_at.items():
        text = labels[y].toPlainText()
        if status == "claimed":
            assert "clear association" in text and "no clear" not in text
            assert labels[y].color.name() == theme.text.name()
        elif status == "no_evidence":
            assert "no clear association" in text
            assert labels[y].color.name() == theme.muted.name()


def test_calendar_click_lists_that_days_checkins(qtbot, dash, seeded):
    view = dash.set_view("calendar")
    qtbot.waitUntil(lambda: view.ctx is not None)
    overall = seeded.skill_by_name("Overall").id
    by_day: dict = {}
    for c in seeded.checkins():
        if overall in c.ratings:
            by_day.setdefault(c.at.date(), []).append(c)
    day = max(d for d, rows in by_day.items() if len(rows) >= 2
              and d >= date.today() - timedelta(days=300))
    center = view.grid._cell_rect(day).center()
    qtbot.mouseClick(view.grid, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(center.x()), int(center.y())))
    assert view.grid.selected == day
    assert view.day_list.count() == len(by_day[day])
    assert f"{len(by_day[day])} check-ins" in view.day_title.text()
    first = min(by_day[day], key=lambda c: c.at)
    assert view.day_list.item(0).text().startswith(f"{first.at:%H:%M}")


def test_each_view_says_association_not_cause_once(qtbot, dash):
    view = dash.set_view("insights")
    qtbot.waitUntil(lambda: view.ctx is not None)
    text = view.browser.toPlainText()
    assert "clear association" in text and "no clear association" in text
    assert all(i.text.endswith("Association, not cause.")  # the report keeps it per sentence
               for i in view.ctx.section.insights if i.status == "claimed")
    for key, shown in dash.views.items():
        said = shown.blurb_label.text() + shown.footnote_label.text()
        if key == "insights":
            said += text
        assert said.count("not cause") == (key != "calendar"), key  # the calendar claims nothing


def test_empty_journal_explains_what_comes(qtbot, journal: Journal):
    from tracker.ui.dashboard import create_dashboard

    widget = create_dashboard(journal)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.current_view().stamp is not None)
    assert "Add a skill" in widget.current_view().empty_label.text()
    journal.add_skill("Overall")
    widget.on_data_changed("all")
    qtbot.waitUntil(lambda: "No check-ins rating Overall"
                    in widget.current_view().empty_label.text())
    journal.record(ratings={journal.skill_by_name("Overall").id: 6})
    widget.on_data_changed("checkins")
    effects = widget.set_view("effects")
    qtbot.waitUntil(lambda: "No effects yet" in effects.empty_label.text())
    assert effects.stack.currentWidget() is effects.empty_label
