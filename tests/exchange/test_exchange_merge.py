"""Merge planning (new / identical / conflict) and choosing the file format."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.domain import CheckIn
from tracker.errors import ExchangeError
from tracker.exchange import MergePlan, detect_format, plan_merge

TZ = timezone(timedelta(hours=2))


def checkin(n: int, rating: int = 7, note: str = "") -> CheckIn:
    return CheckIn(f"id-{n}", datetime(2024, 5, n, 9, 15, tzinfo=TZ), {"s": rating}, note=note)


def test_new_identical_and_conflicting_checkins_are_sorted_apart():
    existing = {c.id: c for c in (checkin(1), checkin(2), checkin(3))}
    incoming = [checkin(1), checkin(2, rating=4), checkin(4), checkin(3)]
    plan = plan_merge(existing, incoming)
    assert [c.id for c in plan.new] == ["id-4"]
    assert [c.id for c in plan.identical] == ["id-1", "id-3"]
    assert plan.conflicts == [(existing["id-2"], incoming[1])]
    assert not plan.ok


def test_identical_means_same_content_including_the_utc_offset():
    mine = checkin(1)
    same_instant_other_offset = replace(mine, at=mine.at.astimezone(UTC))
    assert plan_merge({mine.id: mine}, [same_instant_other_offset]).conflicts
    as_float = replace(mine, values={"mood": 6})
    plan = plan_merge({mine.id: as_float}, [replace(mine, values={"mood": 6.0})])
    assert plan.identical and plan.ok


def test_empty_journal_takes_everything():
    plan = plan_merge({}, [checkin(1), checkin(2)])
    assert [c.id for c in plan.new] == ["id-1", "id-2"]
    assert plan.ok and plan.conflict_message() == ""


def test_a_repeated_id_in_the_file_is_identical_or_a_conflict():
    plan = plan_merge({}, [checkin(1), checkin(1), checkin(1, note="changed")])
    assert [c.id for c in plan.new] == ["id-1"]
    assert [c.id for c in plan.identical] == ["id-1"]
    assert [(a.note, b.note) for a, b in plan.conflicts] == [("", "changed")]


def test_conflict_message_names_the_first_conflicts():
    existing = {c.id: c for c in map(checkin, range(1, 6))}
    incoming = [checkin(n, rating=1) for n in range(1, 6)]
    assert plan_merge(existing, incoming).conflict_message() == (
        "5 check-ins in the file have the same id as a different check-in in your journal "
        "(first: id-1 at 2024-05-01 09:15+02:00, id-2 at 2024-05-02 09:15+02:00, "
        "id-3 at 2024-05-03 09:15+02:00). Nothing was imported."
    )
    one = plan_merge(existing, [checkin(2, note="edited")])
    assert one.conflict_message() == (
        "1 check-in in the file has the same id as a different check-in in your journal "
        "(id-2 at 2024-05-02 09:15+02:00). Nothing was imported."
    )
    assert MergePlan().ok


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [
        ("journal.csv", None, "csv"),
        ("Journal.JSON", None, "json"),
        ("dir.json/export.csv", None, "csv"),
        ("export.txt", "csv", "csv"),
        ("export.csv", " JSON ", "json"),
    ],
)
def test_detect_format(path, explicit, expected):
    assert detect_format(Path(path), explicit) == expected


@pytest.mark.parametrize(
    ("path", "explicit", "message"),
    [
        (
            "export.txt",
            None,
            "Cannot tell the format of 'export.txt' from its extension: name "
            "it .csv or .json, or give --format csv or --format json.",
        ),
        (
            "export",
            None,
            "Cannot tell the format of 'export' from its extension: name it .csv "
            "or .json, or give --format csv or --format json.",
        ),
        ("export.csv", "xlsx", "Unknown format 'xlsx': use csv or json."),
    ],
)
def test_detect_format_refuses_unknown(path, explicit, message):
    with pytest.raises(ExchangeError) as caught:
        detect_format(Path(path), explicit)
    assert str(caught.value) == message
