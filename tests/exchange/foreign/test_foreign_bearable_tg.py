"""Bearable (part-of-day times, the extra date column) and Track & Graph (durations)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from foreign_samples import BERLIN_SUMMER, sample

from tracker.domain import BUILTIN_FACTORS
from tracker.errors import ExchangeError
from tracker.exchange.foreign import (
    ImportOptions,
    Target,
    convert,
    parse_bearable,
    parse_trackandgraph,
)

FACTORS = list(BUILTIN_FACTORS)


def test_bearable_groups_items_by_day_and_part_of_day():
    source = parse_bearable(sample("bearable.csv").read_bytes(), tz=BERLIN_SUMMER)
    result = convert(source, [], FACTORS)
    slots = [(c.at.strftime("%m-%d %H:%M"), c) for c in result.checkins]
    assert [s for s, _ in slots] == [
        "05-01 09:00",
        "05-01 12:00",
        "05-01 19:00",
        "05-02 04:00",
        "05-02 14:30",
        "05-02 13:00",
        "05-02 13:00",
    ]
    am = slots[0][1]
    assert am.values == {"mood": 7.0, "energy": 3.0}  # energy 2 of 1-5 -> 3 of 1-10
    assert am.note == "slow morning"
    all_day = slots[1][1]
    assert all_day.values == {"sleep_hours": 6.75}  # 6:45
    assert all_day.tags == ("Caffeine", "Alcohol")
    pm = slots[2][1]
    assert pm.tags == ("Headache", "Fatigue")  # severities dropped
    assert pm.note == "Long meeting; felt judged"
    assert [f.name for f in result.new_factors] == ["Productivity"]
    # a second mood in the same slot is its own check-in, not an average
    assert sorted(c.values["mood"] for _, c in slots[5:]) == [5.0, 6.0]
    assert any("pre 04:00, am 09:00" in r for r in source.remarks)
    assert "Energy 1–5 → factor 'Energy' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10" in result.conversions


def test_bearable_custom_rating_can_become_a_skill():
    source = parse_bearable(sample("bearable.csv").read_bytes(), tz=BERLIN_SUMMER)
    options = ImportOptions(targets={"Productivity": Target("skill", "Work", 1, 5)})
    result = convert(source, [], FACTORS, options)
    assert [s.name for s in result.new_skills] == ["Work"]
    rated = [c for c in result.checkins if c.ratings]
    assert [c.ratings[result.new_skills[0].id] for c in rated] == [6, 10]  # 3 and 5 of 1-5
    assert len(result.checkins) - len(rated) == result.state_only


def test_bearable_without_the_formatted_date_column():
    source = parse_bearable(sample("bearable_old.csv").read_bytes(), tz=BERLIN_SUMMER)
    result = convert(source, [], FACTORS)
    assert len(result.checkins) == 1 and result.left_out == 1  # the tags-only slot
    assert result.checkins[0].at == datetime(2024, 4, 30, 9, 0, tzinfo=BERLIN_SUMMER)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2024-05-01,Wed,dusk,Mood,5,,",
            "row 1: time of day 'dusk' is neither HH:MM nor one of pre, am, mid, pm, all day.",
        ),
        ("2024-05-01,Wed,am,Mood,lots,,", "row 1: Mood: 'lots' is not a number."),
        (
            "2024-05-01,Wed,am,Sleep,seven,,",
            "row 1: Sleep: 'seven' is not a duration such as 7:30.",
        ),
        ("yesterday,Wed,am,Mood,5,,", "row 1: date 'yesterday' is not a date such as 2024-03-01."),
    ],
)
def test_bad_bearable_rows_are_named(row: str, message: str):
    text = "date,weekday,time of day,category,rating/amount,detail,notes\n" + row + "\n"
    with pytest.raises(ExchangeError) as caught:
        parse_bearable(text, tz=BERLIN_SUMMER)
    assert str(caught.value) == message


def test_bearable_value_outside_its_scale_names_the_row():
    text = (
        "date,weekday,time of day,category,rating/amount,detail,notes\n"
        "2024-05-01,Wed,am,Energy,3,,\n2024-05-01,Wed,pm,Energy,9,,\n"
    )
    source = parse_bearable(text, tz=BERLIN_SUMMER)
    with pytest.raises(ExchangeError) as caught:
        convert(source, [], FACTORS)
    assert str(caught.value) == "row 2: Energy is 9, outside its scale 1–5."


def test_track_and_graph_durations_grouping_and_notes():
    source = parse_trackandgraph(sample("trackandgraph.csv").read_bytes())
    assert source.measures["Sleep"].unit == "h" and source.measures["Deep work"].unit == "h"
    result = convert(source, [], FACTORS)
    first = result.checkins[0]
    assert first.at == datetime(2024, 6, 1, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    assert first.values == {"mood": 7.0, "sleep_hours": 7.5}
    deep = {f.name: f for f in result.new_factors}["Deep work"]
    afternoon = result.checkins[1]
    assert afternoon.values[deep.id] == 2.25 and afternoon.note == "focused afternoon"
    assert afternoon.at.second == 12  # seconds kept, milliseconds dropped
    assert [c.values["mood"] for c in result.checkins[2:4]] == [4.0, 5.0]
    assert result.checkins[4].values[{f.name: f for f in result.new_factors}["Weight"].id] == 72.35


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Mood,2024-06-01T08:30:00,5,,",
            "row 1: Timestamp '2024-06-01T08:30:00' has no UTC offset.",
        ),
        (
            "Mood,June 1,5,,",
            "row 1: Timestamp 'June 1' is not an ISO time such as 2024-03-01T08:30:00+01:00.",
        ),
        (
            "Mood,2024-06-01T08:30:00+02:00,1:99:00,,",
            "row 1: Mood: Value '1:99:00' is not a number or a duration H:MM:SS.",
        ),
        (",2024-06-01T08:30:00+02:00,5,,", "row 1: FeatureName is empty."),
    ],
)
def test_bad_track_and_graph_rows_are_named(row: str, message: str):
    with pytest.raises(ExchangeError) as caught:
        parse_trackandgraph("FeatureName,Timestamp,Value,Label,Note\n" + row + "\n")
    assert str(caught.value) == message


def test_a_feature_mapped_to_mood_with_its_own_scale_is_converted():
    source = parse_trackandgraph(sample("trackandgraph.csv").read_bytes())
    options = ImportOptions(targets={"mood": Target("factor", "mood", 1, 7)})
    result = convert(source, [], FACTORS, options)
    assert [c.values["mood"] for c in result.checkins if "mood" in c.values] == [
        10.0,
        6.0,
        7.0,
    ]  # 7, 4, 5 of 1-7
