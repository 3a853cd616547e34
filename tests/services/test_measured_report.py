"""The ``measured`` section of the report on real journals (SQLite files in tmp_path), through
the service and through the real CLI (``report --json`` in a subprocess)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services.measured_journals import measured_journal
from tracker.services import report_measured_types as types
from tracker.services.journal import Journal
from tracker.services.json_shapes import parse
from tracker.services.measured_report import measured_headline
from tracker.services.report_measured_types import MeasuredSection
from tracker.services.report_types import Report

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "REPORT_SCHEMA.md"


def cli(data_dir: Path, *args: str) -> str:
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def full_dir(tmp_path_factory) -> Path:
    return measured_journal(tmp_path_factory.mktemp("measured") / "j")


@pytest.fixture(scope="module")
def full(full_dir) -> dict:
    return json.loads(cli(full_dir, "report", "--json"))


@pytest.fixture(scope="module")
def short(tmp_path_factory) -> dict:
    journal = Journal.open(measured_journal(tmp_path_factory.mktemp("short") / "j", days=25))
    try:
        return journal.report()
    finally:
        journal.close()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> dict:
    journal = Journal.open(measured_journal(tmp_path_factory.mktemp("tiny") / "j", days=8))
    try:
        return journal.report()
    finally:
        journal.close()


def test_report_json_carries_the_split_of_moods_pull(full):
    report = parse(Report, full, strict=True)
    m = report.measured
    assert m is not None and m.available and m.skill.name == "Overall"
    probe, pages = m.measures
    assert probe.measure.id == "probe:vigilance" and probe.correction == "errors_in_variables"
    assert probe.practice_sessions == 3 and probe.n == 147 and len(probe.points) == 150
    assert [p.practice for p in probe.points[:4]] == [True, True, True, False]
    assert "log_session" in probe.columns and probe.practice_per_log_session.estimate > 0
    assert 0.3 < probe.reliability < 0.9
    mood = next(f for f in probe.factors if f.factor == "mood")
    assert mood.clouding.status in ("tentative", "claimed") and mood.clouding.estimate > 0
    # b_R = c + g·b_P, and the interval of the clouding excludes 0 as the status claims
    assert mood.rating.estimate == pytest.approx(mood.clouding.estimate
                                                 + mood.via_performance.estimate)
    assert mood.clouding.ci95_adjusted[0] > 0
    energy = next(f for f in probe.factors if f.factor == "energy")
    assert energy.clouding.status == "no_evidence"
    assert pages.measure.kind == "outcome" and pages.correction == "none"
    assert pages.clouding_is_upper_bound and pages.reliability is None
    assert pages.prediction_error.available is False
    assert probe.prediction_error.available and probe.prediction_error.n == 147
    assert "judgment" in m.headline and "Association, not cause." in m.headline
    # the interval said is the adjusted one, worded "likely" as the headline card's share is
    lo, hi = mood.clouding.ci95_adjusted
    said = re.search(r"clouding \d\.\d, likely (\d\.\d+)–(\d\.\d+)\)", m.headline)
    assert said and "mood" in m.headline
    assert float(said[1]) == pytest.approx(lo * 2, abs=0.051)  # per 2 mood points
    assert float(said[2]) == pytest.approx(hi * 2, abs=0.051)


def test_nothing_is_claimed_before_the_guards_allow(short):
    m = parse(MeasuredSection, short["measured"], strict=True)
    probe = m.measures[0]
    statuses = {f.clouding.status for f in probe.factors}
    assert statuses == {"insufficient_data"}
    assert all(f.clouding.ci95_adjusted is None for f in probe.factors)
    assert "judgment" not in m.headline.replace("tell judgment", "")
    assert "more days" in m.headline


def test_a_few_days_say_why_there_is_no_split(tiny):
    m = parse(MeasuredSection, tiny["measured"], strict=True)
    assert not m.available
    assert m.measures[0].reason == "too few measured days with a rating and the state recorded"
    assert m.headline.startswith("Not enough measured days yet")


def test_every_field_of_the_measured_types_is_filled_and_documented(full, short, tiny):
    seen: set[tuple[str, str]] = set()

    def walk(obj: object) -> None:
        if dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                value = getattr(obj, f.name)
                if value is not None:
                    seen.add((type(obj).__name__, f.name))
                walk(value)
        elif isinstance(obj, list | tuple):
            for item in obj:
                walk(item)

    for data in (full, short, tiny):
        walk(parse(MeasuredSection, data["measured"], strict=True))
    classes = [c for c in vars(types).values()
               if isinstance(c, type) and dataclasses.is_dataclass(c)]
    every = {(c.__name__, f.name) for c in classes for f in dataclasses.fields(c)}
    built = {cls for cls, _ in seen}
    assert sorted(k for k in every if k[0] in built and k not in seen) == []
    assert built == {c.__name__ for c in classes} - {"FactorInfo"}
    named = set(re.findall(r"[a-z][a-z0-9_]*", SCHEMA.read_text(encoding="utf-8")))
    assert sorted({f.name for c in classes for f in dataclasses.fields(c)} - named) == []


def test_report_text_shows_the_split(full_dir, full):
    text = cli(full_dir, "report")
    assert "Felt vs measured (Overall)" in text and full["measured"]["headline"] in text
    assert "Vigilance speed: 150 scores (3 practice), reliability" in text
    assert "Pages: 150 scores; no noise estimate: clouding may be overstated" in text
    mood = next(f for f in full["measured"]["measures"][0]["factors"] if f["factor"] == "mood")
    part = text.split("Felt vs measured (Overall)")[1]
    row = next(line for line in part.splitlines() if line.strip().startswith("Mood"))
    assert f"{mood['clouding']['per_sd']:.2f}" in row and row.endswith(mood["clouding"]["status"])


def _flipped(full: dict, name: str, kind: str) -> MeasuredSection:
    """The full section with mood renamed and its numbers negated (a factor that lowers the
    rating, like stress), the outcome left out."""
    data = copy.deepcopy(full["measured"])
    data["measures"] = data["measures"][:1]
    for f in data["measures"][0]["factors"]:
        if f["factor"] == "mood":
            f["name"], f["kind"] = name, kind
            for key in ("rating", "performance", "via_performance", "clouding",
                        "clouding_uncorrected"):
                e = f[key]
                e["estimate"], e["per_sd"] = -e["estimate"], -e["per_sd"]
                for ci in ("ci95", "ci95_adjusted", "per_sd_ci95", "per_sd_ci95_adjusted"):
                    e[ci] = [-e[ci][1], -e[ci][0]]
    return parse(MeasuredSection, data, strict=True)


def test_headline_words_a_factor_that_lowers_the_rating(full):
    text = measured_headline(_flipped(full, "Stress", "scale"))
    assert text.startswith("When your stress is 2 points higher, you rate your Overall ")
    assert "lower while your vigilance speed score is" in text
    assert "most of stress's pull on your rating is judgment (clouding 0.6," in text
    flipped = _flipped(full, "Alcohol", "yesno")
    per_day = -flipped.measures[0].factors[0].rating.estimate  # one day with it: a unit step
    assert measured_headline(flipped).startswith(
        f"On days with alcohol, you rate your Overall {per_day:.1f} lower")
