"""Daylio: CSV (default and renamed moods, 12-hour times, the 7-column variant) and backups."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from foreign_samples import BERLIN_SUMMER, backup_document, daylio_backup, sample

from tracker.domain import BUILTIN_FACTORS
from tracker.errors import ExchangeError
from tracker.exchange.foreign import (
    ImportOptions,
    convert,
    parse_daylio_backup,
    parse_daylio_csv,
)

CET = timezone(timedelta(hours=1))
HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"


def test_daylio_csv_entries_moods_tags_notes_and_times():
    source = parse_daylio_csv(sample("daylio_export.csv").read_bytes(), tz=CET)
    assert [e.mood for e in source.entries] == ["rad", "good", "meh", "bad", "awful", "meh"]
    first = source.entries[0]
    assert first.at == datetime(2024, 3, 9, 21, 15, tzinfo=CET)
    assert first.tags == ["friends", "movies / tv", "good sleep"]
    assert first.note == "Great evening\nDinner with A., then a film"
    assert source.entries[2].note == "Tired, slow start\nsecond line"
    # two entries in the same minute keep distinct identities
    assert source.entries[4].key != source.entries[5].key
    assert source.entries[4].at == source.entries[5].at


def test_default_daylio_moods_map_linearly_onto_1_to_10():
    source = parse_daylio_csv(sample("daylio_export.csv").read_bytes(), tz=CET)
    result = convert(source, [], list(BUILTIN_FACTORS))
    assert [c.values["mood"] for c in result.checkins] == [10, 8, 6, 3, 1, 6]
    assert {(r.label, r.level, r.mood) for r in result.moods} == {
        ("rad", 5, 10),
        ("good", 4, 8),
        ("meh", 3, 6),
        ("bad", 2, 3),
        ("awful", 1, 1),
    }
    assert all(c.state_only for c in result.checkins)


def test_renamed_moods_need_a_mapping_and_twelve_hour_times_parse():
    source = parse_daylio_csv(sample("daylio_renamed_12h.csv").read_bytes(), tz=CET)
    assert [e.at.strftime("%H:%M") for e in source.entries] == [
        "21:05",
        "07:30",
        "12:15",
        "23:45",
        "00:10",
    ]
    with pytest.raises(ExchangeError) as caught:
        convert(source, [], list(BUILTIN_FACTORS))
    message = str(caught.value)
    assert "'ecstatic' (1×), 'so-so' (2×), 'drained' (1×)" in message
    assert "--map 'ecstatic=7'" in message and "Nothing was imported" in message
    options = ImportOptions(mood={"ecstatic": 10, "SO-SO": 5, "drained": None})
    result = convert(source, [], list(BUILTIN_FACTORS), options)
    # "drained" left out on purpose: that entry has no value left and is counted
    assert [c.values["mood"] for c in result.checkins] == [10, 5, 8, 5]
    assert result.left_out == 1


def test_the_older_seven_column_export():
    source = parse_daylio_csv(sample("daylio_old.csv").read_bytes(), tz=CET)
    assert [e.at for e in source.entries] == [
        datetime(2016, 5, 12, 20, 0, tzinfo=CET),
        datetime(2016, 5, 13, 21, 30, tzinfo=CET),
        datetime(2016, 5, 14, 11, 0, tzinfo=CET),
    ]
    assert source.entries[0].note == "first entry"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "2024-13-01,x,y,20:00,rad,,,\n",
            "row 1: full_date '2024-13-01' is not a date like 2024-03-01.",
        ),
        (
            "2024-03-01,x,y,20:00,rad,,,\n2024-03-02,x,y,25:61,rad,,,\n",
            "row 2: time '25:61' is not a time such as 20:30 or 8:30 PM.",
        ),
        ("2024-03-01,x,y,20:00,,,,\n", "row 1: the mood is empty."),
    ],
)
def test_bad_daylio_rows_are_named(body: str, message: str):
    with pytest.raises(ExchangeError) as caught:
        parse_daylio_csv(HEADER + body, tz=CET)
    assert str(caught.value) == message


def test_a_foreign_header_is_refused():
    with pytest.raises(ExchangeError, match="does not look like a Daylio export: the header lacks"):
        parse_daylio_csv("date,mood\n2024-01-01,5\n")


def test_backup_moods_groups_custom_names_offsets_and_tags():
    source = parse_daylio_backup(sample("backup.daylio").read_bytes())
    assert [e.mood for e in source.entries] == ["rad", "rough", "content", "awful"]
    assert source.mood_levels == {
        "rad": 5,
        "good": 4,
        "meh": 3,
        "rough": 2,
        "awful": 1,
        "content": 4,
    }
    assert source.entries[0].at == datetime(2024, 2, 1, 9, 30, tzinfo=CET)
    assert source.entries[3].at.utcoffset() == timedelta(hours=-5)
    assert source.entries[1].note == "Title\nbody"
    result = convert(source, [], list(BUILTIN_FACTORS))
    assert [c.values["mood"] for c in result.checkins] == [10, 3, 8, 1]
    assert result.checkins[2].tags == ("family, friends",)  # ';' separates tags here
    rows = {r.label: r.mood for r in result.moods}
    assert rows == {"rad": 10, "rough": 3, "content": 8, "awful": 1}  # only labels in use


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["dayEntries"][1].update(mood=99),
            "dayEntries 2: 'mood' 99 is not one of the backup's moods.",
        ),
        (
            lambda d: d["dayEntries"][0].update(tags=[7]),
            "dayEntries 1: tag id 7 is not in the backup's 'tags'.",
        ),
        (
            lambda d: d["dayEntries"][2].update(timeZoneOffset=1234),
            "dayEntries 3: 'timeZoneOffset' 1234 is not a whole-minute offset under 24 hours.",
        ),
        (lambda d: d.pop("dayEntries"), "The backup has no 'dayEntries' list."),
    ],
)
def test_bad_backup_entries_are_named(mutate, message):
    document = backup_document()
    mutate(document)
    with pytest.raises(ExchangeError) as caught:
        parse_daylio_backup(daylio_backup(document))
    assert str(caught.value) == message


def test_backup_containers_that_are_not_daylio():
    with pytest.raises(ExchangeError, match="not a readable zip"):
        parse_daylio_backup(b"PK\x03\x04 broken")
    with pytest.raises(ExchangeError, match="holds no backup.daylio"):
        parse_daylio_backup(daylio_backup({}, inner="other.json"))
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("backup.daylio", b"{not base64!}")
    with pytest.raises(ExchangeError, match="not base64-encoded UTF-8 JSON"):
        parse_daylio_backup(out.getvalue())


def test_summer_time_zone_is_applied_to_wall_clock_times():
    source = parse_daylio_csv(HEADER + "2024-07-01,x,y,08:00,rad,,,\n", tz=BERLIN_SUMMER)
    assert source.entries[0].at.utcoffset() == timedelta(hours=2)
