"""The typed report (tracker.services.report_types) agrees with the real ``report --json``.

The CLI runs in a subprocess on a journal where every section is filled (calibration and
re-ratings too), on a near-empty one and on one whose rating climbs (a detectable baseline
share); the JSON is read strictly: every key must be a field, every required field present,
every value of the field's type. Between them the journals give every field a value, so a
field the report stopped writing is noticed too.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from tests.services.measured_journals import measured_journal
from tests.services.report_journals import full_journal, near_empty_journal, trend_journal
from tracker.services import report_measured_types, report_types
from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.services.report_types import (
    RealitySections,
    Report,
    ReportShapeError,
    Section,
    parse,
)

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "REPORT_SCHEMA.md"


def report_json(data_dir: Path, *options: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                           "report", "--json", *options], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def reality_report(data_dir: Path) -> dict:
    """What the Reality tab reads: ``Reality.report()``, the three reality keys alone."""
    journal = Journal.open(data_dir)
    try:
        return Reality(journal).report()
    finally:
        journal.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    base = tmp_path_factory.mktemp("reports")
    full = full_journal(base / "full")
    return {"full": report_json(full), "reality tab": reality_report(full),
            "climbing": report_json(trend_journal(base / "trend")),  # a detectable baseline
            "near empty": report_json(near_empty_journal(base / "empty"), "--skill", "Overall",
                                      "--since", "2020-01-01"),
            "measured": report_json(measured_journal(base / "measured"))}  # probes, outcomes


def _classes() -> list[type]:
    """The typed report's classes: report_types and the measured section's module."""
    found = {c for module in (report_types, report_measured_types) for c in vars(module).values()
             if isinstance(c, type) and dataclasses.is_dataclass(c)}
    return sorted(found, key=lambda c: c.__name__)


def _filled(obj: object, seen: set[tuple[str, str]]) -> None:
    """Mark (class, field) for every field that holds a value somewhere in ``obj``."""
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if value is not None:
                seen.add((type(obj).__name__, f.name))
            _filled(value, seen)
    elif isinstance(obj, list | tuple):
        for item in obj:
            _filled(item, seen)
    elif isinstance(obj, dict):
        for item in obj.values():
            _filled(item, seen)


def test_report_json_and_the_typed_definition_agree(reports):
    seen: set[tuple[str, str]] = set()
    for name, data in reports.items():
        if name == "reality tab":
            _filled(parse(RealitySections, data, strict=True), seen)
            continue
        report = parse(Report, data, strict=True)  # raises on any disagreement
        assert report.evaluations is not None and report.revisits is not None, name
        _filled(report, seen)
    full = parse(Report, reports["full"])
    assert len(full.skills) == 2 and full.calibration and full.calibration.n >= 20
    assert isinstance(full.skills[0].regression, report_types.RegressionFit)
    assert isinstance(parse(Report, reports["near empty"]).skills[0].regression,
                      report_types.NoRegression)
    every = {(c.__name__, f.name) for c in _classes() for f in dataclasses.fields(c)}
    names = {c.__name__ for c in _classes()}
    built = {cls for cls, _ in seen} & names  # FactorInfo and Slope are only ever base classes
    assert built == names - {"FactorInfo", "Slope"}
    assert sorted(k for k in every if k[0] in built and k not in seen) == []


def test_every_field_is_named_in_the_schema_document():
    text = SCHEMA.read_text(encoding="utf-8")
    named = set(re.findall(r"[a-z][a-z0-9_]*", text))
    keys = {f.metadata.get("key", f.name) for c in _classes() for f in dataclasses.fields(c)}
    assert sorted(keys - named) == []


@pytest.mark.parametrize("change", ["extra key", "missing key", "wrong type", "not a list"])
def test_a_report_that_disagrees_is_refused(reports, change):
    data = copy.deepcopy(reports["full"])
    section = data["skills"][0]
    if change == "extra key":
        section["regression"]["factors"][0]["odds"] = 1.0
    elif change == "missing key":
        del section["counts"]["days"]
    elif change == "wrong type":
        section["time_of_day"]["bins"][3]["n"] = "3"
    else:
        section["insights"] = {"kind": "empty"}
    with pytest.raises(ReportShapeError):
        parse(Report, data, strict=True)
    if change != "missing key":  # the app's lenient read still refuses a missing key
        return
    with pytest.raises(ReportShapeError, match="needs the key 'days'"):
        parse(Section, section)


def test_the_types_read_back_what_the_json_holds(reports):
    section = parse(Section, reports["full"]["skills"][0])
    raw = reports["full"]["skills"][0]
    assert section.regression.r2 == raw["regression"]["r2"]
    assert section.time_of_day.periods[1].ci95 == tuple(raw["time_of_day"]["periods"][1]["ci95"])
    bins = parse(Report, reports["full"]).calibration.reliability_bins
    assert [b.from_ for b in bins] == [b["from"] for b in reports["full"]["calibration"]
                                       ["reliability_bins"]]
    assert typing.get_type_hints(Section)["regression"] == (
        report_types.RegressionFit | report_types.NoRegression)
