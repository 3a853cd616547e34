"""A git repository as an outcome source, end to end (issue #18): two months of commits in a
real repository read by the git source into a real journal, then ``report --json``'s measured
section (the real CLI) and the Felt vs measured view show "Commits (work repo)" with the same
numbers, and the view is chosen from its measure list by keys."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.sources.git_repos import Repo, lines
from tracker.services import outcome_sources
from tracker.services.journal import Journal
from tracker.settings import Settings

pytestmark = pytest.mark.gui
DAYS = 60
END = date(2026, 12, 6)
TZ = timezone(timedelta(hours=1))
NAME = "Commits (work repo)"


@pytest.fixture(scope="module")
def git_journal(tmp_path_factory) -> tuple[Path, dict[date, int]]:
    """A journal of one check-in a day for 60 days and a repository with the user's commits on
    most of those days (more on better-mood days), plus a colleague's commits that never count;
    the source added and refreshed through the service. Returns the data folder and the
    commits made per day."""
    base = tmp_path_factory.mktemp("git-e2e")
    rng = random.Random(5)
    repo = Repo(base / "repo")
    data_dir = base / "data"
    journal = Journal.open(data_dir)
    made: dict[date, int] = {}
    try:
        skill = journal.add_skill("Overall").ids[0]
        for d in range(DAYS):
            day = END - timedelta(days=DAYS - 1 - d)
            mood = rng.randint(3, 9)
            at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=TZ)
            journal.record(ratings={skill: max(1, min(10, mood + rng.randint(-1, 1)))},
                           values={"mood": float(mood), "sleep_hours": 6.0 + rng.randint(0, 8) / 4},
                           at=at)
            count = max(0, mood - 4 + rng.randint(-1, 1)) if rng.random() < 0.85 else 0
            for k in range(count):
                repo.commit({f"f{d}-{k}.txt": lines(1 + k)}, at + timedelta(hours=5, minutes=k))
            if count:
                made[day] = count
            repo.commit({f"c{d}.txt": lines(3)}, at + timedelta(hours=6),
                        email="colleague@example.org", name="Colleague")
        book = outcome_sources.SourceBook(Settings.load(data_dir / "settings.json"))
        source = outcome_sources.add_source(book, "git", "work repo", {
            "repositories": [str(repo.path)], "emails": ["ME@example.org"]})
        outcome_sources.refresh(journal, book, source)
    finally:
        journal.close()
    return data_dir, made


def test_a_git_source_fills_a_measure_the_report_and_the_view_show(qtbot, git_journal,
                                                                  tmp_path):
    data_dir, made = git_journal
    journal = Journal.open(data_dir)
    try:
        [commits] = [m for m in journal.list_measures() if m.name == NAME]
        got = {o.day: o.value for o in journal.list_outcomes(commits.id)}
        assert got == {day: float(n) for day, n in made.items()}  # only the user's commits
        assert all(o.source.startswith("source:") for o in journal.list_outcomes(commits.id))
    finally:
        journal.close()

    done = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                           "report", "--json"], capture_output=True, text=True, check=True)
    section = json.loads(done.stdout)["measured"]
    [record] = [m for m in section["measures"] if m["measure"]["name"] == NAME]
    assert record["measure"]["kind"] == "outcome" and record["clouding_is_upper_bound"]
    assert record["available"], record["reason"]
    assert {p["at"][:10] for p in record["points"] if p["score"] is not None} == {
        d.isoformat() for d in made}

    from tracker.ui.dashboard import create_dashboard

    journal = Journal.open(data_dir)
    dash = create_dashboard(journal)
    try:
        qtbot.addWidget(dash)
        dash.resize(1100, 760)
        dash.set_range("all")
        dash.show()
        dash.set_view("measured")
        view = dash.views["measured"]
        qtbot.waitUntil(lambda: view.stamp is not None and view.settled(), timeout=30000)
        names = [view.measure_box.itemText(i) for i in range(view.measure_box.count())]
        assert any(n.startswith(NAME) for n in names), names
        # the user picks it by keys: Alt+U to the chooser, then Down until it is current
        qtbot.keyClick(dash.tab_bar, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(view.measure_box.hasFocus)
        for _ in range(view.measure_box.count()):
            if view.measure_box.currentText().startswith(NAME):
                break
            qtbot.keyClick(view.measure_box, Qt.Key.Key_Down)
        assert view.measure_box.currentText().startswith(NAME)
        qtbot.waitUntil(view.settled, timeout=30000)
        assert view.points_drawn == sum(1 for p in record["points"]
                                        if p["rating"] is not None and p["measured"] is not None)
        assert view.headline_label.text()
        dash.grab().save(str(tmp_path / "felt-vs-git.png"))
        assert (tmp_path / "felt-vs-git.png").stat().st_size > 10_000
    finally:
        dash.close()
        journal.close()
