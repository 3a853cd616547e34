"""Degenerate journals in the real main window: History, every dashboard view in every range
(chart and table, and each view's own selectors) and the Reality tab draw without an exception,
say in words why a chart is missing, and never stack one label on another.

Each journal is written through the real services into a real SQLite file. Each screen is
rendered to PNG (into ``$DEGENERATE_PNG`` when set, e.g. ``/tmp/degenerate_png``, to look at).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QApplication
from scipy import stats

from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.settings import Settings
from tracker.ui.dashboard.base import EMPTY, TABLE
from tracker.ui.dashboard.data import RANGES

pytestmark = pytest.mark.gui

TZ = timezone(timedelta(hours=1))
RANGE_KEYS = [key for key, _, _ in RANGES]
VIEWS = ["timeline", "scatter", "effects", "share", "time_of_day", "calendar", "insights",
         "measured"]
NO_SKILL = "EMPTY: Add a skill and a first check-in: the dashboard fills in as you go."
NO_RATINGS = ("EMPTY: No check-ins rating Writing in this range yet. Each check-in you save "
              "appears here.")
NO_FACTOR = "no factor recorded often enough"
NO_REALITY = ["No predictions with outcomes yet", "Re-rate a few past days to see this",
              "No re-ratings yet"]


def at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = date.today() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def writing(j: Journal) -> str:
    return j.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]


# the journals ----------------------------------------------------------------------------------
def no_skill(j: Journal) -> None:
    """Nothing at all: a first start."""


def skill_without_ratings(j: Journal) -> None:
    writing(j)


def single_checkin(j: Journal) -> None:
    j.record(ratings={writing(j): 6}, values={"mood": 5}, at=at(1, 9))


def one_day(j: Journal) -> None:
    """Fifteen check-ins from 07:15 to 21:15, every one on the same day."""
    s, rng = writing(j), random.Random(1)
    for hour in range(7, 22):
        j.record(ratings={s: rng.randint(3, 8)},
                 values={"mood": rng.randint(2, 9), "sleep_hours": 7}, at=at(2, hour, 15))


def same_instant(j: Journal) -> None:
    s = writing(j)
    j.record(ratings={s: 4}, values={"mood": 3}, at=at(3, 9))
    j.record(ratings={s: 8}, values={"mood": 8}, at=at(3, 9))


def constant_rating(j: Journal) -> None:
    """Sixty days, always a 7, with varied factors and hours."""
    s, rng = writing(j), random.Random(2)
    for d in range(60, 0, -1):
        j.record(ratings={s: 7}, values={"mood": rng.randint(2, 9),
                                         "sleep_hours": rng.choice([6, 7, 8]),
                                         "energy": rng.randint(1, 10)},
                 at=at(d, rng.randint(7, 22), 10))


def two_clock_times(j: Journal) -> None:
    """Sixty days, every check-in at 09:00 or 21:00 (CI's singular matrix)."""
    s, rng = writing(j), random.Random(3)
    for d in range(60, 0, -1):
        for hour in (9, 21):
            j.record(ratings={s: rng.randint(3, 9)},
                     values={"mood": rng.randint(2, 9), "sleep_hours": rng.choice([6, 7, 8])},
                     at=at(d, hour))


def factors_never_recorded(j: Journal) -> None:
    s, rng = writing(j), random.Random(4)
    for d in range(60, 0, -1):
        j.record(ratings={s: rng.randint(3, 9)}, at=at(d, rng.randint(7, 22), 30))


def constant_factors(j: Journal) -> None:
    s, rng = writing(j), random.Random(5)
    for d in range(60, 0, -1):
        j.record(ratings={s: rng.randint(3, 9)}, values={"mood": 5, "sleep_hours": 7},
                 at=at(d, rng.randint(7, 22), 30))


def sparse_factor(j: Journal) -> None:
    """Mood on one check-in in nine: too rare for the model."""
    s, rng = writing(j), random.Random(7)
    for d in range(60, 0, -1):
        values = {"mood": rng.randint(2, 9)} if d % 9 == 0 else {}
        j.record(ratings={s: rng.randint(3, 9)}, values=values, at=at(d, rng.randint(7, 22)))


def only_long_ago(j: Journal) -> None:
    """Forty days, all more than two years ago: every range but 'All time' is empty."""
    s, rng = writing(j), random.Random(6)
    for d in range(900, 860, -1):
        j.record(ratings={s: rng.randint(3, 9)}, values={"mood": rng.randint(2, 9)},
                 at=at(d, rng.randint(7, 22)))


def _old_checkins(j: Journal, s: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [j.record(ratings={s: rng.randint(3, 9)}, values={"mood": rng.randint(2, 9)},
                     at=at(d, rng.randint(7, 22))).ids[0] for d in range(80, 40, -1)]


def reality_one_prediction_no_change(j: Journal) -> None:
    """Three evaluations, two pending, one resolved prediction; eight re-ratings that all
    equal the rating then (SD 0: the limits sit on the mean)."""
    s = writing(j)
    reality = Reality(j)
    ids = _old_checkins(j, s, 8)
    for i in range(3):
        reality.log_evaluation(kind="interview", evaluator=f"Org {i}", probability=0.4,
                               expected_by=date.today() + timedelta(days=10))
    reality.resolve(reality.evaluations()[0].id, "accepted")
    for checkin_id in ids[:8]:
        reality.record_revisit(checkin_id, {s: j.get(checkin_id).ratings[s]})


def reality_pending_nearly_no_change(j: Journal) -> None:
    """Every evaluation pending; thirty re-ratings, one a point higher (limits ±0.36 close
    to the mean)."""
    s = writing(j)
    reality = Reality(j)
    ids = _old_checkins(j, s, 9)
    for i in range(2):
        reality.log_evaluation(kind="exam", purpose=f"exam {i}", probability=0.7)
    for k, checkin_id in enumerate(ids[:30]):
        then = j.get(checkin_id).ratings[s]
        reality.record_revisit(checkin_id, {s: then + (k == 0)})


# expected numbers, computed here from what each journal holds ----------------------------------
Text = str | Callable[[Journal], str]


def resolved(text: Text, journal: Journal) -> str:
    return text(journal) if callable(text) else text


def model_title(j: Journal) -> str:
    """The effects title: every rated check-in has the factors here."""
    rows = j.checkins()
    return f"CHART: Writing, n = {len(rows)} check-ins on {len({c.at.date() for c in rows})} days"


def folds_title(j: Journal) -> str:
    """METHODS §5: five origins from 0.5 G; the test days run from day ⌊0.5 G⌋ to the end."""
    days = len({c.at.date() for c in j.checkins()})
    return f"CHART: Writing: {days - days // 2} test days in 5 folds"


def mood_scatter_title(j: Journal) -> str:
    """Pearson r of the daily means of mood and rating, Fisher interval at n_eff = n (the days
    with mood are 9 apart: no consecutive days, so no carry-over correction)."""
    by_day: dict[date, list[tuple[float, float]]] = {}
    for c in j.checkins():
        if "mood" in c.values:
            by_day.setdefault(c.at.date(), []).append((c.values["mood"], *c.ratings.values()))
    assert all(b - a > timedelta(days=1) for a, b in pairwise(sorted(by_day)))
    mood, rating = np.array([np.mean(v, axis=0) for v in by_day.values()]).T
    n = len(by_day)
    r = stats.pearsonr(mood, rating).statistic
    half = stats.norm.ppf(0.975) / np.sqrt(n - 3)
    lo, hi = np.tanh(np.arctanh(r) - half), np.tanh(np.arctanh(r) + half)
    return f"CHART: r = {r:.2f} (95 % CI {lo:.2f} to {hi:.2f}) · n = {n} days"


def brier_title(j: Journal) -> str:
    """One prediction resolved "accepted" (o = 1): Brier (p − 1)², the base rate 1 scores 0."""
    (done,) = [e for e in Reality(j).evaluations() if e.outcome is not None]
    p = done.prediction.probability
    return (f"Brier score {(p - 1) ** 2:.3f} (base-rate forecast {0:.3f}) · no skill score "
            "while every outcome is good (it needs good and bad ones) · n = 1")


def revisit_titles(j: Journal) -> list[str]:
    """The re-rating charts: now against then (slope, t interval) and the differences (mean, t
    interval, SD, Bland–Altman limits mean ± 1.96 SD), from the re-ratings themselves."""
    visits = Reality(j).revisits()
    then = np.array([v.rating_then for v in visits], float)
    now = np.array([v.rating_now for v in visits], float)
    n = len(visits)
    t = stats.t.ppf(0.975, n - 2)
    if np.ptp(now - then) == 0:
        slope, stderr = 1.0, 0.0  # now = then + constant: an exact fit
    else:
        fit = stats.linregress(then, now)
        slope, stderr = fit.slope, fit.stderr
    diff = now - then
    mean, sd = diff.mean(), diff.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    return [f"Fitted slope {slope:.2f} (95 % CI {slope - t * stderr:.2f} to "
            f"{slope + t * stderr:.2f}) · n = {n}",
            f"Mean {mean:.2f} (95 % CI {mean - half:.2f} to {mean + half:.2f}) · SD {sd:.2f} · "
            f"limits {mean - 1.96 * sd:.2f} to {mean + 1.96 * sd:.2f} · n = {n}"]


@dataclass
class Case:
    build: Callable[[Journal], None]
    # what views show: "view" (every range) or "range/view" -> the start of the text
    shows: dict[str, Text] = field(default_factory=dict)
    summary: Text = "Log an evaluation with your predicted chance before the outcome"
    charts: Text | list[str] = field(default_factory=lambda: NO_REALITY)


def every_view(text: str) -> dict[str, str]:
    return dict.fromkeys(VIEWS, text)


def empty_ranges(keys: list[str], text: str = NO_RATINGS) -> dict[str, str]:
    return {f"{r}/{v}": text for r in keys for v in VIEWS}


def no_model(reason: str) -> dict[str, str]:
    """Effects, share and the timeline's adjusted line each say why there is no model."""
    return {"effects": f"EMPTY: No effects yet: {reason}", "share": f"EMPTY: Not yet: {reason}",
            "timeline": f"CHART: No 7-day mean at your average state yet: {reason}"}


def more_days(have: int) -> dict[str, str]:
    """Effects say how many days a claim needs (effective n 30); the rest gives the reason."""
    return {"effects": f"EMPTY: No effects yet: Touchstone says something about a factor from "
                       f"about 30 days with check-ins on; you have {have} day, so about "
                       f"{30 - have} more days with check-ins needed."}


def no_rhythm(reason: str) -> dict[str, str]:
    return {"time_of_day": f"CHART: No daily rhythm can be fitted ({reason})"}


CASES = {
    "no_skill": Case(no_skill, every_view(NO_SKILL)),
    "skill_without_ratings": Case(skill_without_ratings, every_view(NO_RATINGS)),
    "single_checkin": Case(single_checkin, {
        **no_model("only one check-in so far"), **more_days(1),
        **no_rhythm("only one check-in so far"),
        "calendar": "CHART: " + f"{date.today() - timedelta(days=1):%A %d %B %Y}: 1 check-in",
        "insights": "TEXT: Writing: 1 check-in on 1 day"}),
    "one_day": Case(one_day, {
        **no_model(NO_FACTOR), **more_days(1), **no_rhythm("all check-ins are on one day"),
        "calendar": "CHART: " + f"{date.today() - timedelta(days=2):%A %d %B %Y}: 15 check-ins"}),
    "same_instant": Case(same_instant, {
        **no_model(NO_FACTOR), **more_days(1), **no_rhythm("all check-ins are on one day")}),
    "constant_rating": Case(constant_rating, {
        **no_model("every rating so far is 7"), **no_rhythm("every rating so far is 7")}),
    "two_clock_times": Case(two_clock_times, {
        **no_rhythm("check-in times hardly vary"),
        "all/effects": model_title,
        "all/share": folds_title,
        "all/scatter": "CHART: r = "}),
    "factors_never_recorded": Case(factors_never_recorded, {
        **no_model(NO_FACTOR),
        "scatter": "CHART: Not enough days with both values and variation for a correlation"}),
    "constant_factors": Case(constant_factors, {
        **no_model("Mood and Sleep have not varied yet"),
        "all/scatter": "CHART: Mood was 5 on all 60 check-ins with it: a factor that never "
                       "varied cannot be related to your rating"}),
    "sparse_factor": Case(sparse_factor, {
        **no_model(NO_FACTOR),
        "all/scatter": mood_scatter_title}),
    "only_long_ago": Case(only_long_ago, {
        **empty_ranges(["30d", "90d", "1y", "2y"]),
        "all/calendar": "CHART: No check-in in the days shown. Years with check-ins: " + ", ".join(
            str(y) for y in sorted({(date.today() - timedelta(days=d)).year
                                    for d in range(861, 901)}, reverse=True)) + ".",
        "all/effects": model_title}),
    "reality_one_prediction_no_change": Case(
        reality_one_prediction_no_change, empty_ranges(["30d"]),
        summary=lambda j: "Calibration: 1 prediction with an outcome, Brier "
                          + brier_title(j).split()[2],
        charts=lambda j: [brier_title(j), *revisit_titles(j)]),
    "reality_pending_nearly_no_change": Case(
        reality_pending_nearly_no_change, empty_ranges(["30d"]),
        charts=lambda j: ["No predictions with outcomes yet", *revisit_titles(j)]),
}


# reading what is on screen ---------------------------------------------------------------------
def shown(view) -> str:
    """The words a view shows: its 'why not' message, or its chart's title or text."""
    page = view.stack.currentIndex()
    if page == EMPTY:
        return "EMPTY: " + view.empty_label.text()
    if page == TABLE:
        return f"TABLE: {view.table_widget.rowCount()} rows"
    if hasattr(view, "browser"):
        return "TEXT: " + view.browser.toPlainText()
    if hasattr(view, "plot"):
        title = view.plot.titleLabel
        return "CHART: " + (title.text if title.isVisible() else "")
    return "CHART: " + view.day_title.text()


def settled(dash) -> bool:
    view = dash.current_view()
    return (view.settled() and not dash.worker.busy() and view.stamp is not None
            and not dash._refresh_timer.isActive())


def wait_drawn(qtbot, dash) -> None:
    """The visible view is drawn and its report in; then "updating…" is gone."""
    qtbot.waitUntil(lambda: settled(dash))
    QApplication.processEvents()  # timers of zero: the adjusted line, the layout
    qtbot.waitUntil(lambda: settled(dash))
    assert not dash.updating_label.isVisibleTo(dash), dash.current_view().key


def overlapping_texts(plot: pg.PlotItem) -> list[tuple[str, str]]:
    """Pairs of text items of ``plot`` whose boxes on screen intersect."""
    items = [i for i in plot.items if isinstance(i, pg.TextItem) and i.isVisible()]
    boxes = [(i.textItem.toPlainText(), i.sceneBoundingRect()) for i in items]
    return [(a, b) for k, (a, ra) in enumerate(boxes) for b, rb in boxes[k + 1:]
            if ra.intersects(rb)]


def walk_dashboard(qtbot, dash) -> dict[str, str]:
    """Every range × every view, as chart and as table; what each showed as a chart."""
    seen = {}
    for range_key in RANGE_KEYS:
        dash.set_range(range_key)
        for key in VIEWS:
            view = dash.set_view(key)
            wait_drawn(qtbot, dash)
            seen[f"{range_key}/{key}"] = shown(view)
            if hasattr(view, "plot") and view.stack.currentIndex() != EMPTY:
                assert overlapping_texts(view.plot) == [], f"{range_key}/{key}"
            dash.table_button.setChecked(True)
            wait_drawn(qtbot, dash)
            if view.stack.currentIndex() != EMPTY:
                assert shown(view) == f"TABLE: {len(view.current_table().rows)} rows"
            dash.table_button.setChecked(False)
    return seen


def walk_view_options(qtbot, dash) -> None:
    """Each view's own selectors through every choice, then back to mood where offered."""
    for key, boxes in (("timeline", ("factor_box",)), ("scatter", ("factor_box",)),
                       ("calendar", ("year_box", "value_box"))):
        view = dash.set_view(key)
        wait_drawn(qtbot, dash)
        for name in boxes:
            box = getattr(view, name)
            for i in range(box.count()):
                box.setCurrentIndex(i)
                wait_drawn(qtbot, dash)
                assert box.width() > box.fontMetrics().horizontalAdvance(box.currentText())
            box.setCurrentIndex(max(box.findData("mood"), 0))


def snapshot(window, path: Path) -> None:
    """Save what the window shows once painting has settled (pyqtgraph widens an axis for its
    tick labels while painting, and lays out again after it)."""
    image = window.grab().toImage()
    for _ in range(5):
        QApplication.processEvents()
        again = window.grab().toImage()
        if again == image:
            break
        image = again
    assert image.save(str(path))


def test_exceptions_in_qt_virtuals_fail_these_tests(request):
    assert not request.config.getini("qt_no_exception_capture")


# the test --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(CASES))
def test_degenerate_journal_draws_every_view(qtbot, make_window, journal, tmp_path, name):
    case = CASES[name]
    case.build(journal)
    png = Path(os.environ.get("DEGENERATE_PNG") or tmp_path)
    png.mkdir(parents=True, exist_ok=True)
    settings = Settings.load(journal.data_dir / "settings.json")
    settings.show_details = True  # the titles checked carry the statistics (r, folds, R²)
    window = make_window(settings=settings)
    window.resize(1200, 860)

    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    qtbot.waitUntil(window.history.isVisible)
    assert window.history.model.rowCount() == journal.count()
    snapshot(window, png / f"{name}-history.png")

    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
    qtbot.waitUntil(lambda: window._dashboard is not None)
    dash = window.dashboard()
    qtbot.waitUntil(dash.isVisible)
    wait_drawn(qtbot, dash)
    seen = walk_dashboard(qtbot, dash)
    shows = {key: resolved(text, journal) for key, text in case.shows.items()}
    for key, text in shows.items():
        wanted = [key] if "/" in key else [f"{r}/{key}" for r in RANGE_KEYS]
        for where in wanted:
            if where not in shows or where == key:
                assert seen[where].startswith(text), (where, seen[where])
    walk_view_options(qtbot, dash)
    dash.set_range("all")
    for key in VIEWS:
        dash.set_view(key)
        wait_drawn(qtbot, dash)
        snapshot(window, png / f"{name}-{key}.png")

    panel = window.reality.panel
    window.tabs.setCurrentWidget(panel.parentWidget())
    qtbot.waitUntil(lambda: len(panel.charts) == 3)
    assert panel.summary.text().startswith(resolved(case.summary, journal))
    charts = case.charts(journal) if callable(case.charts) else case.charts
    titles = [c.plot.titleLabel.text for c in panel.charts.values()]
    assert [t[:len(w)] for t, w in zip(titles, charts, strict=True)] == charts
    for i, chart in enumerate(panel.charts.values()):
        panel.chart_tabs.setCurrentIndex(i)
        snapshot(window, png / f"{name}-reality-{chart.__class__.__name__}.png")
        assert overlapping_texts(chart.plot) == [], chart.title
