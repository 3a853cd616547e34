"""The headline card on top of the Dashboard says the same as ``services.headline`` on the
report of the skill and range shown, follows a change of skill, and shows progress while the
journal is young."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tracker.services.headline import headline

pytestmark = pytest.mark.gui


def test_the_card_says_the_headline_of_the_skill_and_range_shown(qtbot, dash, tmp_path):
    ctx = dash.context()
    qtbot.waitUntil(lambda: dash.data.has_report(ctx.skill.id, ctx.since), timeout=20000)
    qtbot.waitUntil(dash.headline.isVisible)
    expected = headline(dash.data.report(ctx.skill.id, ctx.since)).text
    assert dash.headline.label.text() == expected and expected
    assert not dash.headline.progress.isVisible()
    dash.grab().save(str(tmp_path / "dashboard-headline.png"))

    dash.skill_box.setCurrentIndex(1)  # Coding
    other = dash.context()
    qtbot.waitUntil(lambda: dash.data.has_report(other.skill.id, other.since), timeout=20000)
    qtbot.waitUntil(lambda: dash.headline.label.text() != expected)
    assert dash.headline.label.text() == headline(
        dash.data.report(other.skill.id, other.since)).text


def test_a_young_journal_gets_progress_towards_the_days_needed(qtbot, journal, skills):
    from tracker.ui.dashboard import create_dashboard

    overall, _ = skills
    start = datetime.now() - timedelta(days=5)
    for day in range(3):
        journal.record(ratings={overall: 5 + day}, values={"mood": 4 + day},
                       at=(start + timedelta(days=day)).astimezone())
    widget = create_dashboard(journal)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitUntil(widget.headline.isVisible, timeout=20000)
    assert widget.headline.label.text().startswith("3 of about ")
    assert widget.headline.progress.isVisible()
    assert widget.headline.progress.value() == 3
    assert widget.headline.progress.maximum() >= 30
