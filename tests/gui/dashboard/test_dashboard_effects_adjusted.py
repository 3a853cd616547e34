"""The Effects chart draws the intervals adjusted for the number of factors (METHODS §4a): a
faded "no clear association" factor never has an interval that excludes 0 on screen, and the
table keeps the plain 95 % intervals next to the adjusted ones."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


def _drawn_intervals(view) -> dict[int, tuple[float, float]]:
    """Row (y) -> (low, high) of the horizontal interval segments on the chart."""
    import pyqtgraph as pg

    out = {}
    for item in view.plot.items:
        if isinstance(item, pg.PlotDataItem) and item.opts.get("connect") == "pairs":
            xs, ys = item.xData, item.yData
            for i in range(0, len(xs), 2):
                if ys[i] == ys[i + 1]:  # the bar, not an end tick
                    out[round(float(ys[i]))] = (float(xs[i]), float(xs[i + 1]))
    return out


@pytest.fixture
def dash(qtbot, journal):
    """The demo year ending 6 December 2026: fixed, so the case below does not depend on the
    day (or the hour: a demo ending today stops at this moment) the tests run."""
    from datetime import date

    from tracker.services.demo import seed_journal
    from tracker.ui.dashboard import create_dashboard

    seed_journal(journal, days=365, end=date(2026, 12, 6), reality=False)
    widget = create_dashboard(journal)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    with qtbot.waitSignal(widget.view_drawn, timeout=10000):
        widget.show()
    return widget


def test_faded_factors_have_intervals_that_cross_zero_and_claims_ones_that_do_not(qtbot, dash):
    dash.set_range("all")
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    factors = view.ctx.section.regression.factors
    # the demo year has the case of the issue: a non-claim whose plain 95 % interval excludes 0
    assert any(f.status == "no_evidence" and not f.per_sd_ci95[0] <= 0 <= f.per_sd_ci95[1]
               for f in factors)
    rows = view.rows(view.ctx)
    drawn = _drawn_intervals(view)
    checked = set()
    for i, r in enumerate(rows):
        y = len(rows) - 1 - i
        if getattr(r, "per_sd_ci95_adjusted", None) is None:
            assert y not in drawn
            continue
        lo, hi = drawn[y]
        assert (lo, hi) == pytest.approx(r.per_sd_ci95_adjusted, rel=1e-12)
        assert (lo <= 0 <= hi) == (r.status == "no_evidence"), r.name
        checked.add(r.status)
    assert {"claimed", "no_evidence"} <= checked


def test_the_table_keeps_the_plain_interval_and_adds_the_adjusted_one(qtbot, dash):
    dash.set_range("all")
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    table = view.current_table()
    assert table.headers[2:4] == ["95 % CI low", "95 % CI high"]
    assert table.headers[4:7] == ["Adj. CI low", "Adj. CI high", "Adj. level %"]
    by_name = {row[0]: row for row in table.rows}
    for f in view.ctx.section.regression.factors:
        row = by_name[view.label(view.ctx, f)]  # "tagged gym" for a tag
        assert [row[2].value, row[3].value] == pytest.approx(f.per_sd_ci95, rel=1e-12)
        if f.per_sd_ci95_adjusted is None:
            assert row[4:7] == [None, None, None]
        else:
            assert [row[4].value, row[5].value] == pytest.approx(f.per_sd_ci95_adjusted)
            assert row[6].value == pytest.approx(100 * f.ci_adjusted_level)
            assert f.ci_adjusted_level > 0.95  # wider than the plain interval


def _drawn(view) -> tuple[dict[int, str], dict[int, str]]:
    """The chart's left-axis names and the texts beside the bars, by row (y)."""
    import pyqtgraph as pg

    ticks = dict(view.plot.getAxis("left")._tickLevels[0])
    labels = {round(i.pos().y()): i.toPlainText() for i in view.plot.items
              if isinstance(i, pg.TextItem)}
    return ticks, labels


def test_effects_are_said_in_natural_units_and_each_axis_label_says_what_one_sd_is(
        qtbot, dash, monkeypatch):
    """Effects in natural units first ("+0.63 for 2 points more"), per SD on the axis, and
    what one SD of each factor is beside its name (or beside the effect when rows are many)."""
    from tracker.services.headline import natural_step
    from tracker.ui.dashboard import effects

    dash.set_range("all")
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    rows = view.rows(view.ctx)
    ticks, labels = _drawn(view)
    mood = next(r for r in rows if r.factor == "mood")
    y = len(rows) - 1 - rows.index(mood)
    step = natural_step(mood)
    assert step == 2  # about one SD of a 1–10 mood, in whole points
    # the demo's 13 rows (7 factors, 6 tags) leave no room for a second tick line: the SD is
    # said beside the effect; factors come before tags (two families, METHODS §4b)
    assert len(rows) > effects.TWO_LINE_ROWS
    assert labels[y] == (f"{mood.estimate * step:+.2f} for 2 points more "
                         f"(1 SD = {mood.sd:.2g} points) · clear association")
    assert ticks[y] == "Mood"
    kinds = [getattr(r, "kind", "") == "tag" for r in rows]
    assert kinds == sorted(kinds)
    sleep = next(r for r in rows if r.factor == "sleep_hours")
    y = len(rows) - 1 - rows.index(sleep)
    assert f"for {natural_step(sleep):g} h more" in labels[y]
    # with rows to spare (as on a journal without tags), the SD is the tick's second line
    monkeypatch.setattr(effects, "TWO_LINE_ROWS", len(rows))
    view.redraw()
    ticks, labels = _drawn(view)
    y = len(rows) - 1 - rows.index(mood)
    assert ticks[y] == f"Mood\n1 SD = {mood.sd:.2g} points"
    assert labels[y] == f"{mood.estimate * step:+.2f} for 2 points more · clear association"


def test_tags_are_rows_of_their_own_said_on_days_tagged(qtbot, dash):
    """The demo's tags (no effect) are rows "tagged gym", said "+0.12 on days tagged gym"; the
    yes/no factor Caffeine reads as a yes against a no too, and neither gets a "1 SD" line."""
    dash.set_range("all")
    view = dash.set_view("effects")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    rows = view.rows(view.ctx)
    ticks, labels = _drawn(view)
    gym = next(r for r in rows if r.factor == "tag:gym")
    y = len(rows) - 1 - rows.index(gym)
    assert ticks[y] == "tagged gym"
    # plain by default: the status, not q (that is in the Details, METHODS §4b)
    assert labels[y] == f"{gym.estimate:+.2f} on days tagged gym · no clear association"
    caffeine = next(r for r in rows if getattr(r, "kind", "") == "yesno")
    y = len(rows) - 1 - rows.index(caffeine)
    assert ticks[y] == "Caffeine" and labels[y].startswith(f"{caffeine.estimate:+.2f} for a yes")
    assert sum(getattr(r, "kind", "") == "tag" for r in rows) == 6


def test_with_tags_alone_the_share_view_says_it_is_about_the_state(qtbot, journal):
    """Tags but no factor: a model, no share; the share view says why, not "20 days"."""
    import dataclasses

    from tests.analysis.tag_journals import MOOD, SKILL, TagPlan, tag_journal
    from tracker.ui.dashboard import create_dashboard

    checkins = [dataclasses.replace(c, values={})
                for c in tag_journal(6, 90, [TagPlan("Gym", 0.4, 1.0)])]
    journal.store.import_all([SKILL], [MOOD], checkins)
    widget = create_dashboard(journal)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    with qtbot.waitSignal(widget.view_drawn, timeout=10000):
        widget.show()
    widget.set_range("all")
    view = widget.set_view("share")
    qtbot.waitUntil(lambda: view.ctx is not None and view.settled())
    assert view.empty_message(view.ctx) == (
        "Not yet: the share is about your state, and no state factor is recorded often enough "
        "(tags are not part of it).")
    effects = widget.set_view("effects")
    qtbot.waitUntil(lambda: effects.ctx is not None and effects.settled())
    assert [r.factor for r in effects.rows(effects.ctx) if getattr(r, "kind", "") == "tag"] == [
        "tag:gym"]
