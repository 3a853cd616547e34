"""Tags as yes/no factors (METHODS §4b): found when real, left out below the rule, and the
false claims and power of the rule by seeded simulation through the report code (§9)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from tests.analysis.longhand import report_design, robust_longhand
from tests.analysis.tag_journals import MOOD, SKILL, TagPlan, tag_journal, tagged_days
from tracker.services.headline import headline
from tracker.services.journal import Journal
from tracker.services.report import build_report, format_report
from tracker.services.report_types import Section, parse

STRESS = bool(os.environ.get("TOUCHSTONE_STRESS"))
CLAIMS = ("claimed", "tentative")
HOLIDAY_DAYS = range(3, 93, 10)  # 9 days


@pytest.fixture(scope="module")
def gym_journal(tmp_path_factory):
    """A real journal (SQLite in a temporary folder): 120 days, a tag "Gym" on about 40 % of
    the days that truly adds 1 point, "Holiday" on 9 days, a weak mood effect."""
    checkins = tag_journal(5, 120, [TagPlan("Gym", 0.4, 1.0)], mood_effect=0.15)
    first_of_day: dict = {}
    for i, c in enumerate(checkins):
        first_of_day.setdefault(c.at.date(), i)
    days = sorted(first_of_day)
    for d in HOLIDAY_DAYS:
        i = first_of_day[days[d]]
        checkins[i] = dataclasses.replace(checkins[i], tags=(*checkins[i].tags, "Holiday"))
    folder = tmp_path_factory.mktemp("gym")
    journal = Journal.open(folder)
    try:
        journal.store.import_all([SKILL], [MOOD], checkins)
        report = journal.report()
    finally:
        journal.close()
    return folder, checkins, report


def _tags(section: dict) -> dict[str, dict]:
    return {f["factor"]: f for f in section["regression"]["factors"] if f["kind"] == "tag"}


def test_a_tag_that_moves_the_rating_is_found_in_its_natural_unit(gym_journal):
    _, checkins, report = gym_journal
    section = report["skills"][0]
    gym = _tags(section)["tag:gym"]
    assert gym["name"] == "Gym" and gym["natural_unit"] == "on days tagged Gym"
    assert gym["status"] in CLAIMS
    assert 0.6 < gym["estimate"] < 1.4 and gym["ci95_adjusted"][0] > 0
    all_days = {c.at.date() for c in checkins}
    assert gym["days_with"] == len(tagged_days(checkins, "gym"))  # per day, any case
    assert gym["days_without"] == len(all_days) - gym["days_with"]
    said = next(i["text"] for i in section["insights"] if i["factor"] == "tag:gym")
    assert said.startswith(f"On days tagged Gym you rate your Overall {gym['estimate']:.2f} "
                           "points higher (")
    assert headline(parse(Section, section)).text.startswith(
        f"What moves your Overall rating most is the tag Gym: a day tagged Gym goes with a "
        f"rating about {gym['estimate']:.1f} higher.")


def test_a_tag_on_nine_days_is_left_out_and_the_report_says_why(gym_journal):
    folder, _, report = gym_journal
    section = report["skills"][0]
    assert "tag:holiday" not in _tags(section)
    assert "tag:holiday" not in section["regression"]["columns"]
    holiday = next(t for t in section["tags"]["items"] if t["factor"] == "tag:holiday")
    assert holiday == {"factor": "tag:holiday", "name": "Holiday", "days_with": 9,
                       "days_without": 111, "entered": False, "reason": "on 9 days; 10 needed"}
    assert "Holiday (on 9 days; 10 needed)" in format_report(report)
    done = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(folder), "report"],
                          capture_output=True, text=True, check=True)
    assert "tags not in the model" in done.stdout and "Holiday (on 9 days" in done.stdout
    assert "tagged Gym" in done.stdout


def test_tag_coefficients_are_statsmodels_ones(gym_journal):
    """OLS, day clusters and the AR(1) inflation recomputed longhand with statsmodels on the
    raw check-ins (the tag column built by day, case-insensitively); q within each family
    (the factors; the tags), as statsmodels' BY adjustment of each family's p values."""
    from statsmodels.stats.multitest import multipletests

    _, checkins, report = gym_journal
    reg = report["skills"][0]["regression"]
    assert reg["columns"][4:] == ["mood", "tag:gym"]
    X, y, day = report_design(checkins, SKILL.id, reg["columns"][4:])
    hand = robust_longhand(X, y, day)
    for j, f in enumerate(reg["factors"], start=4):
        assert f["estimate"] == pytest.approx(hand.ref.params[j], rel=1e-9)
        assert f["se"] == pytest.approx(hand.se[j], rel=1e-9)
        assert f["n_eff"] == pytest.approx(hand.n_eff[j], rel=1e-9)
    for kind in ("factor", "tag"):
        family = [f for f in reg["factors"] if (f["kind"] == "tag") == (kind == "tag")]
        q = multipletests([f["p"] for f in family], method="fdr_by")[1]
        assert [f["q"] for f in family] == pytest.approx(q, rel=1e-12)


def test_a_tag_is_counted_per_day_and_never_missing():
    """Tagged on one of a day's check-ins: every check-in of that day is a tagged one; a
    check-in without tags is 0 (not missing), so no row is dropped for a tag."""
    checkins = tag_journal(2, 60, [TagPlan("Reading", 0.5)])
    untagged = sorted({c.at.date() for c in checkins} - tagged_days(checkins, "reading"))
    state_only = [dataclasses.replace(c, id=c.id + "-s", ratings={}, tags=("READING",))
                  for c in checkins if c.at.date() in untagged[:5]]  # rates nothing: counts
    section = build_report([SKILL], [MOOD], checkins + state_only)["skills"][0]
    reg = section["regression"]
    assert reg["n"] == len(checkins)
    (reading,) = _tags(section).values()
    assert reading["days_with"] == len(tagged_days(checkins, "reading")) + 5
    assert section["tags"]["per"] == "day"


def test_at_most_eight_tags_enter_the_most_used_first():
    plans = [TagPlan(f"T{i}", 0.2 + 0.03 * i) for i in range(10)]
    section = build_report([SKILL], [MOOD], tag_journal(4, 150, plans))["skills"][0]
    items = section["tags"]["items"]
    entered = [t for t in items if t["entered"]]
    assert len(entered) == 8 and len(_tags(section)) == 8
    assert min(t["days_with"] for t in entered) >= max(
        t["days_with"] for t in items if not t["entered"])
    assert {t["reason"] for t in items if not t["entered"]} == {
        "not among the 8 most used tags"}


def test_a_tag_on_almost_every_day_is_left_out():
    checkins = tag_journal(3, 60, [TagPlan("Coffee", 1.0)])
    section = build_report([SKILL], [MOOD], checkins)["skills"][0]
    (coffee,) = section["tags"]["items"]
    assert not coffee["entered"] and coffee["reason"] == "on every day; 10 days without it needed"


def test_tags_alone_can_make_a_model():
    """No factor recorded, a tag on enough days: the model has the tag, no state share."""
    checkins = [dataclasses.replace(c, values={})
                for c in tag_journal(6, 90, [TagPlan("Gym", 0.4, 1.0)])]
    section = build_report([SKILL], [MOOD], checkins)["skills"][0]
    reg = section["regression"]
    assert reg["available"] and [f["factor"] for f in reg["factors"]] == ["tag:gym"]
    assert reg["share_explained"] is None and not section["adjusted"]["available"]
    assert "share explained by state: no state factor entered (tags are not part of it)" in (
        format_report({"skills": [section]}))


# --- seeded simulation through the report code (METHODS §9) --------------------------------

NULL_TAGS = [TagPlan("Gym", 0.4), TagPlan("Reading", 0.3),
             TagPlan("Holiday", 0.2, persistence=0.8), TagPlan("Late", 0.3, persistence=0.5)]
JOURNALS = 2000 if STRESS else 150


def _claims(plans: list[TagPlan], journals: int, seed: int) -> tuple[float, float]:
    """Share of journals with any tag claimed, and with the tag "Gym" claimed."""
    any_claim = gym = 0
    for r in range(journals):
        section = build_report([SKILL], [MOOD], tag_journal(seed + r, 90, plans))["skills"][0]
        claimed = [f for f in _tags(section).values() if f["status"] in CLAIMS]
        any_claim += bool(claimed)
        gym += any(f["factor"] == "tag:gym" for f in claimed)
    return any_claim / journals, gym / journals


def test_null_tags_rarely_claimed():
    """Four tags without effect (two in long runs), mood with one, AR(1) day noise φ = 0.5,
    90 days: a false claim for any tag in ≤ 7 % of journals (measured 2.7 % at 300)."""
    any_claim, _ = _claims(NULL_TAGS, JOURNALS, 10_000)
    assert any_claim <= 0.07


def test_a_real_tag_effect_is_found_at_ninety_days():
    """"Gym" adds 1 point (day noise SD 1, within-day SD 0.5: d ≈ 0.8) among three null tags
    and mood, 90 days: claimed in ≥ 80 % of journals (measured 90 % at 300)."""
    plans = [TagPlan("Gym", 0.4, 1.0), *NULL_TAGS[1:]]
    _, gym = _claims(plans, JOURNALS, 20_000)
    assert gym >= 0.80


def test_a_yes_no_factor_reads_as_a_yes_against_a_no():
    """A yes/no factor is said like a tag: "When coffee is yes, you rate …", not per SD."""
    from tracker.domain import Factor, FactorKind

    coffee = Factor("coffee", "Coffee", FactorKind.YESNO, 0, 1, 1, "", False, 9)
    checkins = tag_journal(5, 120, [TagPlan("Gym", 0.4, 1.0)], mood_effect=0.15)
    days = tagged_days(checkins, "gym")  # coffee recorded yes on every check-in of those days
    checkins = [dataclasses.replace(c, values={**c.values, "coffee": float(c.at.date() in days)},
                                    tags=()) for c in checkins]
    section = build_report([SKILL], [MOOD, coffee], checkins)["skills"][0]
    f = next(f for f in section["regression"]["factors"] if f["factor"] == "coffee")
    assert f["status"] in CLAIMS and "natural_unit" not in f
    said = next(i["text"] for i in section["insights"] if i["factor"] == "coffee")
    assert said.startswith(f"When coffee is yes, you rate your Overall {f['estimate']:.2f} "
                           "points higher (")
    assert "a day with coffee goes with a rating about" in headline(parse(Section, section)).text
