"""The headline card's sentences, made from the real report: on the demo year, on a journal of
three check-ins, on a skill whose share is not detectable, and on any degenerate journal
hypothesis can build — never a share that is not detectable, never a factor the details do not
claim."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings

from tests.analysis.test_report_properties import journals
from tracker.domain import BUILTIN_FACTORS, Skill
from tracker.services.demo import seed_journal
from tracker.services.headline import WORTH_SAYING, headline, natural_step
from tracker.services.journal import Journal
from tracker.services.report import build_report
from tracker.services.report_types import RegressionFit, Report, Section, parse


@pytest.fixture(scope="module")
def demo_sections(tmp_path_factory) -> list[Section]:
    journal = Journal.open(tmp_path_factory.mktemp("demo"))
    try:
        seed_journal(journal, end=date(2026, 11, 26), reality=False)
        return parse(Report, journal.report()).skills
    finally:
        journal.close()


def _consistent(section: Section, text: str) -> None:
    """Nothing in ``text`` goes beyond the section's own numbers and statuses."""
    fit = section.regression
    share = fit.share_explained if isinstance(fit, RegressionFit) else None
    if "%" in text:
        assert share is not None and share.detectable
        assert f"about {share.share_percent:.0f} %" in text
    named = re.findall(r"(?:most is|mover is) ([a-z ]+):", text)
    for name in named:
        [factor] = [f for f in fit.factors if f.name.lower() == name]
        assert factor.status in WORTH_SAYING
        step = natural_step(factor)
        assert f"about {abs(factor.estimate * step):.1f}" in text


def test_the_demo_year_says_its_share_and_its_biggest_mover(demo_sections):
    overall = demo_sections[0]
    line = headline(overall)
    assert line.days_needed is None
    assert line.text.startswith("Your state accounts for about ")
    assert "of your Overall rating (likely " in line.text
    assert "The biggest mover is mood: a mood 2 points higher goes with a rating about" in (
        line.text)
    _consistent(overall, line.text)
    # the status bar's one line is the card's first sentence, word for word
    assert line.line().startswith("Your state accounts for about ") and line.line().endswith(
        "%).") and line.text.startswith(line.line() + " ")


def test_a_skill_without_a_detectable_share_shows_no_share(demo_sections):
    coding = demo_sections[1]
    assert isinstance(coding.regression, RegressionFit)
    share = coding.regression.share_explained
    assert share is not None and not share.detectable
    line = headline(coding)
    assert "%" not in line.text and "not clear yet" in line.text
    _consistent(coding, line.text)
    assert line.text.startswith(line.line() + " ") and "%" not in line.line()


def test_three_check_ins_say_how_many_days_are_still_needed(tmp_path):
    journal = Journal.open(tmp_path)
    try:
        skill = journal.add_skill("Overall").ids[0]
        for day in range(3):
            journal.record(ratings={skill: 5 + day}, values={"mood": 4 + day},
                           at=(datetime(2026, 11, 1, 9) + timedelta(days=day)).astimezone())
        [section] = parse(Report, journal.report()).skills
    finally:
        journal.close()
    line = headline(section)
    assert line.text.startswith("3 of about ") and line.days == 3
    assert line.days_needed is not None and line.days_needed >= 30
    assert "%" not in line.text
    assert line.line() == (
        "3 of about 30 days needed before a first answer about your Overall rating.")


@settings(max_examples=40, deadline=None)
@given(journals())
def test_any_journal_gets_a_headline_that_claims_nothing_the_details_do_not(checkins):
    report = build_report([Skill("s", "Writing")], list(BUILTIN_FACTORS), checkins)
    [section] = parse(Report, report).skills
    line = headline(section)
    assert line.text and line.days == section.counts.days
    _consistent(section, line.text)
    _consistent(section, line.line())
    assert "\n" not in line.line() and len(line.line()) <= len(line.text)


def test_an_amount_is_singular_when_it_prints_as_one(demo_sections):
    """"1 SD = 1 point", not "1 points", when an SD of 1.03 prints as 1; "1.1 points" plural."""
    import dataclasses

    from tracker.services.headline import amount

    fit = demo_sections[0].regression
    assert isinstance(fit, RegressionFit)
    [quality] = [f for f in fit.factors if f.factor == "sleep_quality"]  # a unitless scale
    assert amount(1.03, quality) == "1 point"
    assert amount(1.1, quality) == "1.1 points"
    assert amount(2.0, quality) == "2 points"
    hours = dataclasses.replace(quality, unit="h")
    assert amount(1.03, hours) == "1 h"
