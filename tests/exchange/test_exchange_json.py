"""The JSON format: full-fidelity round trips and the message each bad file gets."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from exchange_strategies import datasets
from hypothesis import given

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill
from tracker.errors import ExchangeError
from tracker.exchange import Dataset, dump_json, json_format, load_json

TZ = timezone(timedelta(hours=5, minutes=30))
OVERALL = Skill("s-overall", "Overall", 0, False, "lost", "fine", "expert")
WRITING = Skill("s-writing", "Writing", 1, True)
CAFFEINE = Factor(
    "f-caffeine", "Caffeine", FactorKind.NUMBER, 0, 400, 10, "mg", position=6, archived=True
)
SAMPLE = Dataset(
    skills=[OVERALL, WRITING],
    factors=[*BUILTIN_FACTORS, CAFFEINE],
    checkins=[
        CheckIn(
            "c-1",
            datetime(2024, 3, 1, 8, 30, 15, 250, tzinfo=TZ),
            {"s-overall": 7},
            {"mood": 6, "sleep_hours": 7.25, "f-caffeine": 120},
            ("work", "tired"),
            '=1+1, "quoted"\nsecond line',
        ),
        CheckIn("c-2", datetime(2024, 3, 2, 22, 0, tzinfo=TZ), {"s-writing": 3}),
    ],
)


def sample_document() -> dict:
    return json.loads(dump_json(SAMPLE))


def load_document(document: dict) -> Dataset:
    return load_json(json.dumps(document))


def assert_same(a: Dataset, b: Dataset) -> None:
    assert a.skills == b.skills
    assert a.factors == b.factors
    assert len(a.checkins) == len(b.checkins)
    for x, y in zip(a.checkins, b.checkins, strict=True):
        assert x.content_equals(y), (x, y)


@given(datasets())
def test_json_round_trip_keeps_everything(data):
    assert_same(load_json(dump_json(data)), data)


def test_json_layout_names_every_field():
    document = sample_document()
    assert document["format"] == "touchstone"
    assert document["format_version"] == 1
    assert datetime.fromisoformat(document["exported_at"]).utcoffset() == timedelta(0)
    assert document["skills"][0] == {
        "id": "s-overall", "name": "Overall", "position": 0, "archived": False,
        "anchor_low": "lost", "anchor_mid": "fine", "anchor_high": "expert",
    }  # fmt: skip
    assert document["factors"][-1] == {
        "id": "f-caffeine", "name": "Caffeine", "kind": "number", "minimum": 0,
        "maximum": 400, "step": 10, "unit": "mg", "builtin": False, "position": 6,
        "archived": True, "low_label": "", "high_label": "",
    }  # fmt: skip
    assert document["factors"][1]["step"] == 0.25
    assert document["checkins"][0] == {
        "id": "c-1",
        "timestamp": "2024-03-01T08:30:15.000250+05:30",
        "ratings": {"s-overall": 7},
        "values": {"mood": 6, "sleep_hours": 7.25, "f-caffeine": 120},
        "tags": ["work", "tired"],
        "note": '=1+1, "quoted"\nsecond line',
    }


def test_json_accepts_bytes_with_bom_and_optional_fields():
    text = json.dumps({
        "format": "touchstone", "format_version": 1,
        "skills": [{"id": "s", "name": "Overall"}],
        "factors": [{"id": "m", "name": "Mood", "kind": "scale", "minimum": 1, "maximum": 10}],
        "checkins": [{"id": "c", "timestamp": "2024-03-01T08:00:00Z", "ratings": {"s": 7},
                      "values": {"m": None}}],
    })  # fmt: skip
    data = load_json(("\ufeff" + text).encode())
    assert data.skills == [Skill("s", "Overall")]
    assert data.checkins[0].values == {}
    assert data.checkins[0].at.utcoffset() == timedelta(0)


def test_older_versions_go_through_the_upgrade_hook(monkeypatch):
    def add_marker_skill(document):
        document["skills"].append({"id": "added", "name": "Added by upgrade"})
        return document

    version_1 = sample_document()
    monkeypatch.setattr(json_format, "FORMAT_VERSION", 2)
    monkeypatch.setitem(json_format._UPGRADES, 1, add_marker_skill)
    data = load_document(version_1)
    assert [s.name for s in data.skills] == ["Overall", "Writing", "Added by upgrade"]


def mutate(path: tuple, value) -> dict:
    document = sample_document()
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()

# (what is wrong, change to the sample file, record, words the message must contain)
BAD_DOCUMENTS = [
    ("wrong marker", ("format",), "tally", None, 'its "format" is not "touchstone"'),
    (
        "newer version",
        ("format_version",),
        4,
        None,
        "made by a newer Touchstone (format version 4); this one reads up to version 3",
    ),
    ("version as text", ("format_version",), "1", None, 'no valid "format_version"'),
    ("unknown section", ("evaluations",), [], None, "Unknown section 'evaluations'"),
    ("skills not a list", ("skills",), {}, None, "'skills' must be a list"),
    ("no checkins", ("checkins",), _DELETE, None, "no 'checkins' list"),
    (
        "rating 11",
        ("checkins", 1, "ratings", "s-writing"),
        11,
        2,
        "check-in 2 (id c-2): Writing: a rating is a whole number from 1 to 10, not 11",
    ),
    (
        "rating x",
        ("checkins", 0, "ratings", "s-overall"),
        "x",
        1,
        "check-in 1 (id c-1): Overall: a rating is a whole number from 1 to 10, not 'x'",
    ),
    ("rating 7.5", ("checkins", 0, "ratings", "s-overall"), 7.5, 1, "not 7.5"),
    ("rating true", ("checkins", 0, "ratings", "s-overall"), True, 1, "not true"),
    ("empty check-in", ("checkins", 1, "ratings"), {}, 2,
     "A check-in needs a rating or at least one state value"),
    (
        "missing timestamp",
        ("checkins", 1, "timestamp"),
        _DELETE,
        2,
        "check-in 2 (id c-2): the field 'timestamp' is missing",
    ),
    (
        "naive timestamp",
        ("checkins", 1, "timestamp"),
        "2024-03-02T22:00:00",
        2,
        "has no UTC offset: add a UTC offset such as +01:00",
    ),
    (
        "garbled timestamp",
        ("checkins", 0, "timestamp"),
        "yesterday",
        1,
        "'yesterday' is not an ISO 8601 time",
    ),
    (
        "timestamp past year 9999",  # 0001-01-01T00:00+05:00 is valid now (issue 14)
        ("checkins", 0, "timestamp"),
        "10000-01-01T00:00:00+00:00",
        1,
        "is not an ISO 8601 time",
    ),
    (
        "duplicate id",
        ("checkins", 1, "id"),
        "c-1",
        2,
        "the id c-1 is used again (first by check-in 1)",
    ),
    ("empty id", ("checkins", 1, "id"), "", 2, "'id' must be a non-empty text"),
    (
        "unknown skill id",
        ("checkins", 1, "ratings"),
        {"s-ghost": 5},
        2,
        "rates skill 's-ghost', which is not in the file's 'skills'",
    ),
    (
        "unknown factor id",
        ("checkins", 0, "values", "f-ghost"),
        1,
        1,
        "factor 'f-ghost', which is not in the file's 'factors'",
    ),
    ("value out of bounds", ("checkins", 0, "values", "mood"), 11, 1, "Mood: 11 is outside 1–10"),
    (
        "value off the step",
        ("checkins", 0, "values", "sleep_hours"),
        7.3,
        1,
        "Sleep: 7.3 h is not a multiple of 0.25 h",
    ),
    (
        "value as text",
        ("checkins", 0, "values", "mood"),
        "6",
        1,
        "Mood: the value must be a number, not '6'",
    ),
    ("tags not a list", ("checkins", 0, "tags"), "work", 1, "'tags' must be a list of texts"),
    ("tag with semicolon", ("checkins", 0, "tags"), ["a;b"], 1, "A tag cannot contain ';'"),
    ("note not text", ("checkins", 0, "note"), 5, 1, "'note' must be text, not 5"),
    ("note with NUL", ("checkins", 0, "note"), "a\x00b", 1, "cannot contain a NUL"),
    ("unpaired surrogate", ("checkins", 0, "note"), "\ud800", 1, "unpaired surrogate"),
    ("unknown check-in field", ("checkins", 0, "rating"), {}, 1, "unknown field 'rating'"),
    ("check-in not an object", ("checkins", 1), [1, 2], 2, "expected an object"),
    (
        "skill without name",
        ("skills", 1, "name"),
        _DELETE,
        2,
        "skill 2: the field 'name' is missing",
    ),
    (
        "duplicate skill name",
        ("skills", 1, "name"),
        "overall",
        2,
        "There is already a skill called 'overall'",
    ),
    (
        "duplicate skill id",
        ("skills", 1, "id"),
        "s-overall",
        2,
        "the id 's-overall' is used by two skills",
    ),
    (
        "skill archived as text",
        ("skills", 0, "archived"),
        "no",
        1,
        "'archived' must be true or false, not 'no'",
    ),
    ("skill position float", ("skills", 0, "position"), 1.5, 1, "'position' must be a whole"),
    (
        "factor kind",
        ("factors", 6, "kind"),
        "text",
        7,
        "factor 7: 'kind' must be one of number, scale, yesno, not 'text'",
    ),
    (
        "factor bounds",
        ("factors", 6, "minimum"),
        500,
        7,
        "Caffeine: the minimum must be below the maximum",
    ),
    ("factor step", ("factors", 6, "step"), 0, 7, "the step must be a positive number"),
]


@pytest.mark.parametrize(
    ("path", "value", "record", "message"),
    [case[1:] for case in BAD_DOCUMENTS],
    ids=[case[0] for case in BAD_DOCUMENTS],
)
def test_each_bad_json_file_gets_its_message(path, value, record, message):
    with pytest.raises(ExchangeError) as caught:
        load_document(mutate(path, value))
    assert message in str(caught.value)
    assert caught.value.record == record


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"format": "touchstone",', "not valid JSON: Expecting property name"),
        ("", "not valid JSON: Expecting value at line 1, column 1"),
        ("[1, 2]", "expected a JSON object"),
        ('{"format": "touchstone", "format_version": NaN}', "NaN is not a number JSON allows"),
        ("[" * 100_000, "not valid"),
        ('{"a": ' + "9" * 5000 + "}", "too large"),
    ],
    ids=["truncated", "empty", "list", "nan", "deep", "huge-int"],
)
def test_unreadable_json_gets_a_message(text, message):
    with pytest.raises(ExchangeError) as caught:
        load_json(text)
    assert message in str(caught.value)
    assert caught.value.record is None


def test_non_utf8_bytes_are_refused():
    with pytest.raises(ExchangeError, match=r"not UTF-8 text \(byte 2\)"):
        load_json(b"{\xff}")


def test_state_only_entries_round_trip():
    """Imported mood-tracker entries carry state but no self-rating; they survive export."""
    from datetime import UTC, datetime

    from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill
    from tracker.exchange import Dataset, dump_json, load_json

    entry = CheckIn("e-1", datetime(2024, 5, 1, 9, 0, tzinfo=UTC), {}, {"mood": 4.0}, (), "")
    data = Dataset([Skill("s", "Overall")], list(BUILTIN_FACTORS), [entry])
    [back] = load_json(dump_json(data)).checkins
    assert back.state_only and back.content_equals(entry)
