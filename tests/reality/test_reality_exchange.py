"""JSON format_version 2: evaluations and revisits round-trip; version-1 files still import."""

from __future__ import annotations

import json

import pytest

from tests.reality.helpers import days_ago
from tracker.errors import ExchangeError
from tracker.exchange import dump_json, load_json
from tracker.services.reality import CheckInDraft, full_dataset, plan_reality_import


@pytest.fixture
def filled(journal, reality, skill_id):
    old = journal.record(ratings={skill_id: 4}, values={"mood": 3}, at=days_ago(40)).ids[0]
    reality.log_evaluation(kind="interview", evaluator="ACME", at=days_ago(1))
    ev = reality.log_evaluation(kind="peer-review", evaluator="Reviewer 2", purpose="paper",
                                scale=(1, 5), probability=0.3, expected_score=3,
                                checkin=CheckInDraft({skill_id: 6}))
    reality.resolve(ev.ids[0], "rejected", score=2, reason="scope")
    reality.record_revisit(old, {skill_id: 6})
    return journal


def test_round_trip_keeps_evaluations_and_revisits(filled, reality):
    text = dump_json(full_dataset(filled))
    document = json.loads(text)
    assert document["format_version"] == 2
    (reviewed,) = [e for e in document["evaluations"] if e["evaluator"] == "Reviewer 2"]
    assert reviewed["outcome"]["reason"] == "scope" and reviewed["scale"] == [1, 5]
    assert document["revisits"][0]["rating_then"] == 4
    back = load_json(text)
    assert back.evaluations == reality.evaluations()
    assert back.revisits == reality.revisits()
    assert plan_reality_import(filled, back) == ([], [])  # identical: skipped


def test_a_journal_without_them_is_still_written_as_version_1(journal, skill_id):
    journal.record(ratings={skill_id: 5})
    document = json.loads(dump_json(full_dataset(journal)))
    assert document["format_version"] == 1 and "evaluations" not in document


def test_version_1_file_imports_through_the_upgrade(filled):
    document = json.loads(dump_json(full_dataset(filled)))
    del document["evaluations"], document["revisits"]
    document["format_version"] = 1
    data = load_json(json.dumps(document))
    assert data.evaluations == [] and data.revisits == [] and len(data.checkins) == 2
    document["evaluations"] = []
    with pytest.raises(ExchangeError, match="Unknown section 'evaluations'.*version-1 file"):
        load_json(json.dumps(document))


@pytest.mark.parametrize(("section", "field", "value", "message"), [
    ("evaluations", "kind", "audition", "evaluation 1: Unknown kind of evaluation 'audition'"),
    ("evaluations", "scale", [1], "evaluation 1: 'scale' must be \\[minimum, maximum\\]"),
    ("evaluations", "expected_by", "soon", "evaluation 1: 'expected_by': 'soon' is not a date"),
    ("evaluations", "colour", "red", "evaluation 1: unknown field 'colour'"),
    ("revisits", "checkin_id", "ghost", "revisit 1: 'checkin_id' names a check-in 'ghost'"),
    ("revisits", "rating_now", 0, "revisit 1: A re-rating is a whole number from 1 to 10"),
    ("revisits", "timestamp", "2024-01-01T10:00", "revisit 1: 'timestamp': .* no UTC offset"),
    # null where a time must be: a named refusal, not an AttributeError (found by mypy)
    ("evaluations", "timestamp", None, "evaluation 1: 'timestamp': the time is missing"),
    ("revisits", "timestamp", None, "revisit 1: 'timestamp': the time is missing"),
    ("revisits", "checkin_id", None, "revisit 1: A re-rating needs its check-in and skill"),
])
def test_bad_records_are_named(filled, section, field, value, message):
    document = json.loads(dump_json(full_dataset(filled)))
    document[section][0][field] = value
    with pytest.raises(ExchangeError, match=message):
        load_json(json.dumps(document))


def test_an_outcome_without_its_time_is_named(filled):
    document = json.loads(dump_json(full_dataset(filled)))
    (resolved,) = [e for e in document["evaluations"] if e["outcome"]]
    resolved["outcome"]["timestamp"] = None
    with pytest.raises(ExchangeError, match=r"evaluation \d: 'timestamp': the time is missing"):
        load_json(json.dumps(document))


def test_conflicting_ids_refuse_the_import(filled, reality):
    document = json.loads(dump_json(full_dataset(filled)))
    document["evaluations"][0]["notes"] = "edited elsewhere"
    with pytest.raises(ExchangeError, match="1 evaluation.*same id.*Nothing was imported"):
        plan_reality_import(filled, load_json(json.dumps(document)))


def test_import_into_an_empty_journal_in_one_transaction(filled, tmp_path):
    from tracker.services.journal import Journal
    from tracker.services.reality import Reality

    data = load_json(dump_json(full_dataset(filled)))
    other = Journal.open(tmp_path / "other")
    try:
        evaluations, revisits = plan_reality_import(other, data)
        other.store.reality.import_all(data.skills, data.factors, data.checkins, evaluations,
                                       revisits)
        mine = Reality(other)
        assert mine.evaluations() == data.evaluations and mine.revisits() == data.revisits
    finally:
        other.close()
