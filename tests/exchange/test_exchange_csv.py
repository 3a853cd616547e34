"""The CSV format: exact round trips, hand-made sheets, and the message each bad cell gets."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from exchange_strategies import datasets
from hypothesis import given

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill
from tracker.errors import ExchangeError
from tracker.exchange import Dataset, dump_csv, load_csv

TZ = timezone(timedelta(hours=1))
OVERALL = Skill("s-overall", "Overall", 0)
CODING = Skill("s-coding", "Coding", 1, archived=True)
MEDITATED = Factor("f-med", "Meditated", FactorKind.YESNO, position=7, archived=True)
CAFFEINE = Factor("f-caf", "Caffeine", FactorKind.NUMBER, 0, 400, 10, "mg", position=6)
SKILLS = [CODING, OVERALL]  # deliberately not in position order
FACTORS = [*BUILTIN_FACTORS, MEDITATED, CAFFEINE]
SAMPLE = Dataset(
    skills=SKILLS,
    factors=FACTORS,
    checkins=[
        CheckIn(
            "c-1",
            datetime(2024, 3, 1, 8, 30, tzinfo=TZ),
            {"s-overall": 7},
            {"mood": 6, "sleep_hours": 7.25, "f-med": 1, "f-caf": 120},
            ("work", "tired"),
            '=1+1, "quoted"\nsecond line',
        ),
        CheckIn(
            "c-2", datetime(2024, 3, 2, 22, 0, 5, 123, tzinfo=TZ), {"s-coding": 3}, {"f-med": 0}
        ),
    ],
)
HEADER = (
    "id,timestamp,skill:Overall,skill:Coding,factor:Mood,factor:Sleep,"
    "factor:Sleep quality,factor:Hunger,factor:Energy,factor:Stress,factor:Caffeine,"
    "factor:Meditated,tags,note"
)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def sheet(*lines: str) -> str:
    return "\r\n".join(lines) + "\r\n"


def by_name(data: Dataset) -> tuple[dict[str, str], dict[str, str]]:
    return (
        {s.id: s.name.casefold() for s in data.skills},
        {f.id: f.name.casefold() for f in data.factors},
    )


def renamed(checkin: CheckIn, skill_ids: dict[str, str], factor_ids: dict[str, str]) -> CheckIn:
    return CheckIn(
        checkin.id,
        checkin.at,
        {skill_ids[k]: v for k, v in checkin.ratings.items()},
        {factor_ids[k]: v for k, v in checkin.values.items()},
        checkin.tags,
        checkin.note,
    )


# ----------------------------------------------------------------------------- round trips


@given(datasets())
def test_csv_round_trip_into_the_same_definitions_is_exact(data):
    result = load_csv(dump_csv(data), data.skills, data.factors)
    assert result.created == []
    assert len(result.data.checkins) == len(data.checkins)
    for loaded, original in zip(result.data.checkins, data.checkins, strict=True):
        assert loaded.content_equals(original), (loaded, original)


@given(datasets())
def test_csv_export_imports_into_empty_definitions_to_identical_checkins(data):
    """Skills and factors are recreated from the column names; check-ins match by name."""
    result = load_csv(dump_csv(data, bom=True), [], [])
    new_skills, new_factors = by_name(result.data)
    old_skills = {s.name.casefold(): s.id for s in data.skills}
    old_factors = {f.name.casefold(): f.id for f in data.factors}
    skill_ids = {new: old_skills[name] for new, name in new_skills.items()}
    factor_ids = {new: old_factors[name] for new, name in new_factors.items()}
    assert sorted(s.name for s in result.data.skills) == sorted(s.name for s in data.skills)
    for loaded, original in zip(result.data.checkins, data.checkins, strict=True):
        assert renamed(loaded, skill_ids, factor_ids).content_equals(original)
    assert all(
        sentence.startswith(("New skill", "New factor", "Column")) for sentence in result.created
    )


def test_csv_layout():
    text = dump_csv(SAMPLE)
    assert text.startswith(HEADER + "\r\n")
    assert rows(text)[1:] == [
        [
            "c-1",
            "2024-03-01T08:30:00+01:00",
            "7",
            "",
            "6",
            "7.25",
            "",
            "",
            "",
            "",
            "120",
            "1",
            "work;tired",
            '=1+1, "quoted"\nsecond line',
        ],
        [
            "c-2",
            "2024-03-02T22:00:05.000123+01:00",
            "",
            "3",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "0",
            "",
            "",
        ],
    ]
    assert '"=1+1, ""quoted""\nsecond line"' in text  # quoted by the csv module, not escaped
    assert dump_csv(SAMPLE, bom=True) == "\ufeff" + text


def test_csv_with_bom_loads_and_matches_known_names_ignoring_case():
    text = dump_csv(SAMPLE, bom=True).replace("skill:Overall", "SKILL: overall ", 1)
    result = load_csv(text, SKILLS, FACTORS)
    assert result.created == []
    assert result.data.checkins[0].content_equals(SAMPLE.checkins[0])
    assert {s.id for s in result.data.skills} == {"s-overall", "s-coding"}


def test_hand_made_sheet_creates_skills_and_factors():
    text = sheet(
        "Timestamp,skill:Overall,skill:Chess,factor:mood,factor:Caffeine mg,factor:Walked,"
        "factor:Screen hours,factor:Unused,Tags,Note",
        "2024-03-01T08:00+01:00,7,5,6,0,yes,2.5,,work; Focus ,first",
        "2024-03-01 21:30:00+01:00,6,,4,250,no,3.75,,,",
        "",
        '2024-03-02T08:00:00Z,8,6,,90,1,,,,"multi\nline"',
    )
    result = load_csv(text, [OVERALL], list(BUILTIN_FACTORS))
    assert result.created == [
        "New skill 'Chess'",
        "New factor 'Caffeine mg' (number, 0–250 from the data, step 1)",
        "New factor 'Walked' (yes/no, as every value is 0 or 1)",
        "New factor 'Screen hours' (number, 2.5–3.75 from the data, step 0.25)",
        "Column 'factor:Unused' has no values, so no factor was created",
    ]
    data = result.data
    assert [s.name for s in data.skills] == ["Overall", "Chess"]
    chess = data.skills[1]
    assert chess.position == 1 and not chess.archived
    factors = {f.name: f for f in data.factors}
    assert list(factors) == ["Mood", "Caffeine mg", "Walked", "Screen hours"]
    assert factors["Caffeine mg"].kind is FactorKind.NUMBER
    assert factors["Walked"].kind is FactorKind.YESNO
    first, second, third = data.checkins
    assert first.ratings == {"s-overall": 7, chess.id: 5}
    assert first.values == {
        "mood": 6,
        factors["Caffeine mg"].id: 0,
        factors["Walked"].id: 1,
        factors["Screen hours"].id: 2.5,
    }
    assert first.tags == ("work", "Focus")
    assert first.at == datetime(2024, 3, 1, 8, 0, tzinfo=TZ)
    assert second.values[factors["Walked"].id] == 0
    assert third.at.utcoffset() == timedelta(0)
    assert third.note == "multi\nline"
    # ids are derived from the content: the same sheet imports to the same ids ...
    assert [c.id for c in load_csv(text, [OVERALL], list(BUILTIN_FACTORS)).data.checkins] == [
        c.id for c in data.checkins
    ]
    # ... also once its new columns are known skills/factors, or its columns are reordered
    again = load_csv(text, data.skills, data.factors)
    assert again.created == ["Column 'factor:Unused' has no values, so no factor was created"]
    assert [c.id for c in again.data.checkins] == [c.id for c in data.checkins]
    swapped = text.replace("skill:Overall,skill:Chess", "skill:Chess,skill:Overall").replace(
        "08:00+01:00,7,5", "08:00+01:00,5,7"
    )
    assert load_csv(swapped, [OVERALL], []).data.checkins[0].id == first.id
    # ... and a changed note gives another id
    assert load_csv(text.replace("first", "First"), [OVERALL], []).data.checkins[0].id != first.id


def test_single_value_factor_gets_bounds_from_zero():
    text = sheet("timestamp,skill:Overall,factor:Pages", "2024-03-01T08:00+01:00,7,12")
    assert load_csv(text, [OVERALL], []).created == [
        "New factor 'Pages' (number, 0–12 from the data, step 1)"
    ]


def test_numbers_need_not_be_nice():
    """Values like 0.1 + 0.2 still get a step they are multiples of."""
    text = sheet(
        "timestamp,skill:Overall,factor:X",
        "2024-03-01T08:00+01:00,7," + repr(0.1 + 0.2),
        "2024-03-02T08:00+01:00,7,-1.7",
    )
    result = load_csv(text, [OVERALL], [])
    assert result.created == [
        "New factor 'X' (number, -1.7–0.30000000000000004 from the data, step 0.1)"
    ]


BASE_HEADER = "id,timestamp,skill:Overall,factor:Mood,factor:Sleep,factor:Meditated,tags,note"
GOOD_ROW = "c-1,2024-03-01T08:00+01:00,7,6,7.5,1,work,note"

# (what is wrong, sheet body after the header, record, words the message must contain)
BAD_ROWS = [
    (
        "rating 11",
        "c-1,2024-03-01T08:00+01:00,11,,,,,",
        "row 2, column 'skill:Overall': Overall: a rating is a whole number from 1 to 10, not 11",
    ),
    (
        "rating x",
        "c-1,2024-03-01T08:00+01:00,x,,,,,",
        "row 2, column 'skill:Overall': 'x' is not a number",
    ),
    ("rating 7.5", "c-1,2024-03-01T08:00+01:00,7.5,,,,,", "not 7.5"),
    (
        "naive timestamp",
        "c-1,2024-03-01T08:00,7,,,,,",
        "row 2, column 'timestamp': '2024-03-01T08:00' has no UTC offset: add a UTC offset such "
        "as +01:00 (e.g. 2024-03-01T08:00:00+01:00)",
    ),
    ("date only", "c-1,2024-03-01,7,,,,,", "has no UTC offset"),
    ("empty timestamp", "c-1,,7,,,,,", "row 2, column 'timestamp': the time is missing"),
    ("garbled timestamp", "c-1,1/3/2024 8:00,7,,,,,", "is not an ISO 8601 time"),
    (
        "decimal comma",
        'c-1,2024-03-01T08:00+01:00,7,,"7,5",,,',
        "row 2, column 'factor:Sleep': '7,5' uses a decimal comma; write numbers with a decimal "
        "point (7.5)",
    ),
    (
        "mood out of bounds",
        "c-1,2024-03-01T08:00+01:00,7,11,,,,",
        "row 2, column 'factor:Mood': Mood: 11 is outside 1–10",
    ),
    (
        "sleep off the step",
        "c-1,2024-03-01T08:00+01:00,7,,7.3,,,",
        "Sleep: 7.3 h is not a multiple of 0.25 h",
    ),
    (
        "yes/no 2",
        "c-1,2024-03-01T08:00+01:00,7,,,2,,",
        "row 2, column 'factor:Meditated': Meditated: answer yes (1) or no (0), not 2.0",
    ),
    (
        "word in a number",
        "c-1,2024-03-01T08:00+01:00,7,yes,,,,",
        "row 2, column 'factor:Mood': 'yes' is not a number",
    ),
    ("infinite", "c-1,2024-03-01T08:00+01:00,7,,1e999,,,", "'1e999' is too large"),
    ("nan", "c-1,2024-03-01T08:00+01:00,7,,nan,,,", "'nan' is not a number"),
    (
        "no rating",
        "c-1,2024-03-01T08:00+01:00,,6,,,,",
        "row 2: no skill is rated; fill at least one of skill:Overall",
    ),
    (
        "duplicate id",
        "c-1,2024-03-01T09:00+01:00,7,,,,,",
        "row 2, column 'id': the id c-1 is also used by row 1",
    ),
    (
        "too many cells",
        "c-2,2024-03-01T08:00+01:00,7,,,,,,surprise",
        "row 2: it has 9 cells but the header names 8 columns",
    ),
    (
        "long tag",
        "c-2,2024-03-01T08:00+01:00,7,,,," + "t" * 61 + ",",
        "row 2, column 'tags': A tag can be at most 60 characters",
    ),
    (
        "note with NUL",
        "c-2,2024-03-01T08:00+01:00,7,,,,,a\x00b",
        "row 2, column 'note': A note cannot contain a NUL character",
    ),
    ("bad id", "c\x012,2024-03-01T08:00+01:00,7,,,,,", "row 2, column 'id': an id is at most"),
]


@pytest.mark.parametrize(
    ("body", "message"), [c[1:] for c in BAD_ROWS], ids=[c[0] for c in BAD_ROWS]
)
def test_each_bad_cell_gets_its_message_with_row_and_column(body, message):
    with pytest.raises(ExchangeError) as caught:
        load_csv(sheet(BASE_HEADER, GOOD_ROW, body), [OVERALL], [*BUILTIN_FACTORS, MEDITATED])
    assert message in str(caught.value)
    assert caught.value.record == 2


def test_good_row_of_the_bad_row_table_is_good():
    data = load_csv(sheet(BASE_HEADER, GOOD_ROW), [OVERALL], [*BUILTIN_FACTORS, MEDITATED]).data
    assert data.checkins[0].values == {"mood": 6, "sleep_hours": 7.5, "f-med": 1}


def test_identical_rows_without_ids_are_refused():
    row = "2024-03-01T08:00+01:00,7"
    with pytest.raises(ExchangeError) as caught:
        load_csv(sheet("timestamp,skill:Overall", row, row), [OVERALL], [])
    assert str(caught.value) == "row 2: it repeats row 1 exactly."
    assert caught.value.record == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        (sheet("id,skill:Overall", "c,7"), "The sheet has no 'timestamp' column"),
        (sheet("timestamp,note", "2024-03-01T08:00Z,x"), "The sheet has no skill column"),
        (
            sheet("timestamp,skill:Overall,mood", "2024-03-01T08:00Z,7,5"),
            "Column 'mood' is not understood: the columns are id, timestamp, skill:NAME, "
            "factor:NAME, tags and note.",
        ),
        (sheet("timestamp,skill:Overall,skill:OVERALL"), "Column 'skill:OVERALL' appears twice"),
        (sheet("timestamp,skill:,note"), "Column 'skill:' needs a name after the colon"),
        (sheet("timestamp,skill:a=b"), "Column 'skill:a=b': A skill name cannot contain '='"),
        (
            sheet("timestamp,skill:Overall,factor:" + "x" * 61, "2024-03-01T08:00Z,7,1.5"),
            "A factor name can be at most 60 characters",
        ),
    ],
    ids=[
        "empty",
        "no-timestamp",
        "no-skill",
        "unknown-column",
        "duplicate-column",
        "nameless",
        "bad-skill-name",
        "long-factor-name",
    ],
)
def test_bad_headers_get_messages(text, message):
    with pytest.raises(ExchangeError) as caught:
        load_csv(text, [], [])
    assert message in str(caught.value)
    assert caught.value.record is None


def test_trailing_empty_columns_and_blank_lines_are_ignored_but_counted():
    text = sheet(
        "timestamp,skill:Overall,,", "2024-03-01T08:00Z,7,,", "", ",,,", "2024-03-01T09:00Z,x"
    )
    with pytest.raises(ExchangeError, match=r"^row 4, column 'skill:Overall'"):
        load_csv(text, [OVERALL], [])
    with pytest.raises(ExchangeError, match=r"^row 1, column '': '5' is in a column without"):
        load_csv(sheet("timestamp,skill:Overall,", "2024-03-01T08:00Z,7,5"), [OVERALL], [])


def test_short_rows_are_padded_and_bytes_are_accepted():
    text = sheet("timestamp,skill:Overall,factor:Mood,note", "2024-03-01T08:00Z,7")
    data = load_csv(text.encode("utf-8"), [OVERALL], list(BUILTIN_FACTORS)).data
    assert data.checkins[0].values == {} and data.checkins[0].note == ""


def test_non_utf8_bytes_are_refused():
    with pytest.raises(ExchangeError, match=r"not UTF-8 text \(byte 11\); save it as"):
        load_csv("timestamp,\xe9".encode("latin-1") + b"\r\n", [], [])


def test_exporting_two_skills_with_one_name_is_refused():
    data = Dataset(skills=[OVERALL, Skill("other", "OVERALL", 1)], factors=[], checkins=[])
    with pytest.raises(ExchangeError, match="Two skills are called 'OVERALL'"):
        dump_csv(data)


def test_oversized_cells_are_refused_with_their_row():
    head = "timestamp,skill:Overall,note\r\n2024-03-01T08:00Z,7,ok\r\n"
    with pytest.raises(ExchangeError) as caught:
        load_csv(head + '2024-03-01T09:00Z,7,"' + "x" * 200_000 + '"\r\n', [OVERALL], [])
    assert str(caught.value) == (
        "row 2: cannot read the CSV: field larger than field limit (131072)."
    )
    assert caught.value.record == 2
    with pytest.raises(ExchangeError) as caught:
        load_csv(head + "2024-03-01T09:00Z,7," + "x" * 20_001 + "\r\n", [OVERALL], [])
    assert str(caught.value) == "row 2, column 'note': A note can be at most 20,000 characters."
