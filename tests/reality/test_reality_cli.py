"""``touchstone eval add|list|resolve`` and ``touchstone revisit`` in a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reality.helpers import days_ago
from tracker.services.journal import Journal


@pytest.fixture
def run(data_dir):
    def call(*args: str, stdin: str | None = None):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                              capture_output=True, text=True, input=stdin, env=env,
                              timeout=60, cwd=Path(__file__).parents[2])
    return call


def test_eval_add_list_resolve(run):
    r = run("add", "--skill", "Overall=6", "--mood", "4")
    assert r.returncode == 0, r.stderr
    r = run("eval", "add", "--kind", "interview", "--evaluator", "ACME", "--for", "backend job",
            "--probability", "35", "--expected-by", "2020-01-01", "--checkin", "latest",
            "--date", "2019-12-20")
    assert r.returncode == 0, r.stderr
    ident = r.stdout.split()[-1].rstrip(".")
    listed = run("eval", "list")
    assert "ACME — backend job" in listed.stdout and "35 %" in listed.stdout
    assert "OVERDUE" in listed.stdout
    r = run("eval", "resolve", ident[:8], "--outcome", "rejected")
    assert r.returncode == 0 and "Outcome saved: rejected" in r.stdout, r.stderr
    data = json.loads(run("eval", "list", "--json").stdout)
    assert data[0]["outcome"] == "rejected" and data[0]["reason_given"] is False
    assert data[0]["checkin_id"] is not None and data[0]["probability"] == 0.35
    assert run("eval", "list", "--pending").stdout.strip() == "Nothing pending."
    # a second outcome is refused unless it says it replaces the first
    r = run("eval", "resolve", ident[:8], "--outcome", "accepted")
    assert r.returncode == 2
    assert r.stderr.strip() == (
        "touchstone: This evaluation already has an outcome (rejected, recorded "
        f"{data[0]['resolved_at'][:10]}). Add --replace to change it; nothing was changed.")
    assert json.loads(run("eval", "list", "--json").stdout)[0]["outcome"] == "rejected"
    r = run("eval", "resolve", ident[:8], "--outcome", "accepted", "--replace")
    assert r.returncode == 0, r.stderr
    assert json.loads(run("eval", "list", "--json").stdout)[0]["outcome"] == "accepted"


@pytest.mark.parametrize(("args", "message"), [
    (("eval", "add", "--kind", "audition", "--evaluator", "x"), "Unknown kind of evaluation"),
    (("eval", "add", "--kind", "exam", "--for", "x", "--probability", "150"),
     "--probability: give a percentage from 0 to 100, not 150"),
    (("eval", "add", "--kind", "exam", "--for", "x", "--scale", "ten"),
     "--scale: 'ten' is not MIN-MAX like 1-10"),
    (("eval", "add", "--kind", "exam", "--for", "x", "--probability", "50", "--checkin",
      "latest"), "no check-in in the last three hours"),
    (("eval", "resolve", "abcd", "--outcome", "accepted"), "No evaluation with id 'abcd'"),
])
def test_bad_input_exits_2_with_one_line(run, args, message):
    r = run(*args)
    assert r.returncode == 2 and message in r.stderr and r.stderr.count("\n") == 1, r.stderr


def test_revisit_interactive_never_shows_the_rating(run, data_dir):
    j = Journal.open(data_dir)
    try:
        skill = j.add_skill("Overall").ids[0]
        j.record(ratings={skill: 3}, tags=["release day"], note="shipped late, tired",
                 at=days_ago(45))
    finally:
        j.close()
    r = run("revisit", stdin="eleven\n8\n7\n5\n")
    assert r.returncode == 0, r.stderr
    assert "shipped late, tired" in r.stdout and "release day" in r.stdout
    date_line = f"{days_ago(45):%A %d %B %Y, %H:%M}"
    assert date_line in r.stdout
    assert "3" not in r.stdout.replace(date_line, "")  # the rating then: nowhere
    assert "Overall: 'eleven' is not a whole number from 1 to 10" in r.stdout
    assert "Saved 1 re-rating and a check-in." in r.stdout
    j = Journal.open(data_dir)
    try:
        from tracker.services.reality import Reality

        (rev,) = Reality(j).revisits()
        assert (rev.rating_then, rev.rating_now) == (3, 8)
        assert j.get(rev.now_checkin_id).values == {"mood": 5.0}
    finally:
        j.close()
    assert "No check-in is old enough" in run("revisit", stdin="").stdout


def test_revisit_with_closed_stdin_saves_nothing(run, data_dir):
    j = Journal.open(data_dir)
    try:
        j.record(ratings={j.add_skill("Overall").ids[0]: 3}, at=days_ago(45))
    finally:
        j.close()
    r = run("revisit", stdin="")
    assert r.returncode == 2 and "No answer given; nothing was saved." in r.stderr
