"""Any CSV through a column mapping, and the conversion rules every app shares."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from foreign_samples import BERLIN_SUMMER, sample

from tracker.domain import BUILTIN_FACTORS, Skill
from tracker.errors import ExchangeError
from tracker.exchange.foreign import (
    ColumnRole,
    CsvMapping,
    ImportOptions,
    convert,
    guess_mapping,
    level_to_mood,
    parse_mapped_csv,
    parse_role,
    parse_target,
    read_table,
    rescale,
)

FACTORS = list(BUILTIN_FACTORS)


def generic_mapping(**changes: ColumnRole) -> CsvMapping:
    header, rows = read_table(sample("generic.csv").read_bytes())
    mapping = guess_mapping(header, rows)
    mapping.columns.update(changes)
    return mapping


def test_the_guess_finds_time_format_note_tags_and_numbers():
    mapping = generic_mapping()
    assert {k: v.spec() for k, v in mapping.columns.items()} == {
        "Date": "timestamp:%d/%m/%Y %H:%M",
        "Focus": "factor:Focus",
        "Mood": "factor:mood",
        "Slept": "factor:Slept",
        "Caffeine": "factor:Caffeine@0-1",  # yes/no
        "Notes": "note",
        "Activities": "tags",
    }


def test_a_one_to_five_column_rated_as_a_skill_is_converted_to_one_to_ten():
    mapping = generic_mapping(Focus=parse_role("skill:Focus@1-5"))
    source = parse_mapped_csv(sample("generic.csv").read_bytes(), mapping, tz=BERLIN_SUMMER)
    result = convert(source, [], FACTORS)
    focus = result.new_skills[0]
    assert [c.ratings[focus.id] for c in result.checkins] == [6, 10, 1, 8]  # 3, 5, 1, 4
    assert "Focus 1–5 → skill 'Focus' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10" in result.conversions
    first = result.checkins[0]
    assert first.at == datetime(2024, 7, 1, 8, 30, tzinfo=BERLIN_SUMMER)
    assert first.tags == ("work", "gym") and first.note == "first day, fine"
    assert result.checkins[3].tags == ("reading", "walk")
    assert "mood" not in result.checkins[3].values  # an empty cell is a missing value
    assert not any(c.state_only for c in result.checkins)


def test_a_separate_time_column_and_decimal_commas():
    text = 'day,time,score\n2024-07-01,08:30,"7,5"\n'
    header, rows = read_table(text)
    mapping = guess_mapping(header, rows)
    assert mapping.columns["day"].spec() == "timestamp"  # "2024-07-01 08:30" is ISO 8601
    assert mapping.columns["time"].role == "time"
    source = parse_mapped_csv(text, mapping, tz=BERLIN_SUMMER)
    assert source.entries[0].measures == {"score": 7.5}
    assert source.entries[0].at.hour == 8


@pytest.mark.parametrize(
    ("mapping", "text", "message"),
    [
        (
            {"when": "timestamp:%d/%m/%Y", "x": "factor:X"},
            "when,x\n2024-01-01,1\n",
            "row 1: '2024-01-01' does not match the time format %d/%m/%Y.",
        ),
        (
            {"when": "timestamp", "x": "factor:X"},
            "when,x\n2024-01-01T08:00,1\n2024-01-02,lots\n",
            "row 2: column 'x': 'lots' is not a number.",
        ),
        (
            {"when": "timestamp", "y": "factor:Y"},
            "when,x\n2024-01-01T08:00,1\n",
            "The sheet has no column 'y' (columns: when, x).",
        ),
        ({"x": "factor:X"}, "when,x\n2024-01-01T08:00,1\n", "Choose exactly one timestamp column."),
        (
            {"when": "timestamp", "x": "note"},
            "when,x\n2024-01-01T08:00,1\n",
            "Choose at least one column with values: a skill rating, a factor or mood.",
        ),
        (
            {"when": "timestamp", "x": "factor:X"},
            "when,x\n,1\n",
            "row 1: the time (when) is empty.",
        ),
    ],
)
def test_bad_sheets_and_mappings_get_clear_messages(mapping, text, message):
    roles = CsvMapping({k: parse_role(v) for k, v in mapping.items()})
    with pytest.raises(ExchangeError) as caught:
        parse_mapped_csv(text, roles, tz=BERLIN_SUMMER)
    assert str(caught.value) == message


def test_a_rating_outside_one_to_ten_without_a_scale_names_its_row():
    text = "when,focus\n2024-01-01T08:00+01:00,7\n2024-01-02T08:00+01:00,12\n"
    roles = CsvMapping({"when": parse_role("timestamp"), "focus": parse_role("skill:Focus")})
    source = parse_mapped_csv(text, roles)
    with pytest.raises(ExchangeError) as caught:
        convert(source, [], FACTORS)
    assert str(caught.value) == ("row 2: Focus: a rating is a whole number from 1 to 10, not 12.0.")


def test_ids_are_derived_from_the_source_and_repeat_across_parses():
    mapping = generic_mapping()
    one = convert(parse_mapped_csv(sample("generic.csv").read_bytes(), mapping), [], FACTORS)
    two = convert(parse_mapped_csv(sample("generic.csv").read_bytes(), mapping), [], FACTORS)
    assert [c.id for c in one.checkins] == [c.id for c in two.checkins]
    assert len({c.id for c in one.checkins}) == 4
    assert [f.id for f in one.new_factors] == [f.id for f in two.new_factors]


def test_an_existing_skill_is_used_by_name_not_duplicated():
    mine = Skill("my-focus-id", "focus", 0)
    mapping = generic_mapping(Focus=parse_role("skill:Focus@1-5"))
    result = convert(parse_mapped_csv(sample("generic.csv").read_bytes(), mapping), [mine], FACTORS)
    assert result.new_skills == [] and result.skills == [mine]


def test_rescale_and_the_daylio_levels():
    assert [level_to_mood(level) for level in range(1, 6)] == [1, 3, 6, 8, 10]
    assert [rescale(v, 1, 3, 1, 10) for v in (1, 2, 3)] == [1, 6, 10]  # 5.5 rounds up
    assert rescale(0.5, 0, 1, 1, 5) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("skil:Focus", "'skil:Focus' is not a target: use skill:NAME, factor:NAME"),
        ("skill", "'skill': name the skill, e.g. skill:Focus."),
        ("factor:Energy@5-1", "'factor:Energy@5-1': the scale's low end must be below"),
    ],
)
def test_bad_targets(text, message):
    with pytest.raises(ExchangeError, match="^" + message.replace("(", r"\(")[:40]):
        parse_target(text)


def test_bad_roles():
    with pytest.raises(ExchangeError, match="'rating' is not a column role: use timestamp"):
        parse_role("rating")


def test_mood_labels_in_a_sheet_are_mapped_like_daylio():
    text = "when,feeling\n2024-01-01T08:00+01:00,great\n2024-01-02T08:00+01:00,low\n"
    roles = CsvMapping({"when": parse_role("timestamp"), "feeling": parse_role("mood")})
    source = parse_mapped_csv(text, roles)
    result = convert(source, [], FACTORS, ImportOptions(mood={"great": 9, "low": 2}))
    assert [c.values["mood"] for c in result.checkins] == [9.0, 2.0]
    assert result.checkins[0].at.utcoffset() == timedelta(hours=1)
    assert result.checkins[0].at.tzinfo == timezone(timedelta(hours=1))
