"""Skills, factors and check-ins go in as domain objects and come back identical."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tracker.domain import BUILTIN_FACTORS, CheckIn, Factor, FactorKind, Skill, new_id
from tracker.errors import StoreError, ValidationError
from tracker.store import Store

IST = timezone(timedelta(hours=5, minutes=30))
PST = timezone(timedelta(hours=-8))


def reopen(store: Store) -> Store:
    store.close()
    return Store.open(store.path.parent)


# skills and factors ----------------------------------------------------------------------------
def test_builtin_factors_are_seeded_exactly(store):
    assert tuple(store.list_factors()) == BUILTIN_FACTORS


def test_builtin_factors_are_restored_when_missing(store):
    store.close()
    with sqlite3.connect(store.path) as raw:
        raw.execute("DELETE FROM factors WHERE id = 'hunger'")
    again = Store.open(store.path.parent)
    assert [f.id for f in again.list_factors()] == [f.id for f in BUILTIN_FACTORS]
    again.close()


def test_skills_round_trip_sorted_by_position_then_name(store):
    b = Skill(new_id(), "Writing", position=1, anchor_low="blank page")
    a = Skill(new_id(), "coding", position=1, archived=True, anchor_high="flow")
    first = Skill(new_id(), "Overall", position=0, anchor_mid="okay")
    for s in (b, a, first):
        store.save_skill(s)
    store = reopen(store)
    assert store.list_skills() == [first, a, b]
    assert store.list_skills(include_archived=False) == [first, b]
    store.close()


def test_save_skill_updates_by_id(store, skill):
    renamed = dataclasses.replace(skill, name="General", archived=True, anchor_low="")
    store.save_skill(renamed)
    assert store.list_skills() == [renamed]


def test_factors_round_trip_including_missing_bounds(store):
    steps = Factor(new_id(), "Steps", FactorKind.NUMBER, None, None, 500.0, "steps", position=9)
    coffee = Factor(new_id(), "Coffee", FactorKind.YESNO, 0, 1, position=7, archived=True,
                    low_label="no", high_label="yes")
    store.save_factor(steps)
    store.save_factor(coffee)
    store = reopen(store)
    factors = store.list_factors()
    assert factors[-2:] == [coffee, steps]
    assert steps.minimum is None and factors[-1].minimum is None
    assert coffee not in store.list_factors(include_archived=False)
    store.save_factor(dataclasses.replace(steps, maximum=50_000.0, unit="k"))
    assert store.list_factors()[-1].maximum == 50_000.0
    store.close()


# check-ins ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("zone", [IST, PST, UTC, timezone(timedelta(hours=-9, minutes=-30))])
def test_checkin_keeps_its_wall_time_and_offset(store, make_checkin, zone):
    at = datetime(2026, 11, 3, 8, 0, 12, 345678, tzinfo=zone)
    checkin = make_checkin(at=at)
    store.add_checkin(checkin)
    store = reopen(store)
    back = store.get_checkin(checkin.id)
    assert back is not None and back.content_equals(checkin)
    assert (back.at.hour, back.at.minute, back.at.microsecond) == (8, 0, 345678)
    assert back.at.utcoffset() == zone.utcoffset(None)
    store.close()


def test_checkin_from_a_zoneinfo_time_keeps_the_offset_of_that_moment(store, make_checkin):
    from zoneinfo import ZoneInfo

    summer = datetime(2026, 7, 1, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    store.add_checkin(checkin := make_checkin(at=summer))
    back = store.get_checkin(checkin.id)
    assert back.at == summer and back.at.utcoffset() == timedelta(hours=2) and back.at.hour == 8


def test_values_come_back_float_ratings_int_missing_stay_missing(store, make_checkin):
    checkin = make_checkin(values={"mood": 5, "sleep_hours": 0})
    store.add_checkin(checkin)
    back = store.get_checkin(checkin.id)
    assert back.values == {"mood": 5.0, "sleep_hours": 0.0}
    assert all(type(v) is float for v in back.values.values())
    assert all(type(v) is int for v in back.ratings.values())
    assert "stress" not in back.values  # missing, not zero


def test_tag_order_and_empty_fields_round_trip(store, make_checkin):
    tags = ("zeta", "Alpha", "mid dle", "ÄRGER")
    store.add_checkin(a := make_checkin(tags=tags, note=""))
    store.add_checkin(b := make_checkin(tags=(), values={}, note="line one\nline two"))
    assert store.get_checkin(a.id).tags == tags
    assert store.get_checkin(b.id).content_equals(b)
    assert store.get_checkin(b.id).values == {}


def test_archived_skill_still_reads_back_in_history(store, make_checkin, skill):
    store.add_checkin(checkin := make_checkin())
    store.save_skill(dataclasses.replace(skill, archived=True))
    assert store.get_checkin(checkin.id).ratings == {skill.id: 7}
    assert store.list_skills(include_archived=False) == []


def test_get_unknown_checkin_is_none(store):
    assert store.get_checkin(new_id()) is None


def test_update_replaces_everything(store, make_checkin, skill):
    store.add_checkin(old := make_checkin(tags=("a", "b"), values={"mood": 3.0, "hunger": 2.0}))
    other = Skill(new_id(), "Writing")
    store.save_skill(other)
    new = CheckIn(old.id, datetime(2026, 11, 4, 21, 15, tzinfo=PST), {other.id: 2},
                  {"hunger": 4.0}, ("b", "a", "c"), "changed")
    store.update_checkin(new)
    back = store.get_checkin(old.id)
    assert back.content_equals(new)
    assert store.count_checkins() == 1


def test_update_of_unknown_checkin_says_so(store, make_checkin):
    with pytest.raises(StoreError, match="no longer in the journal"):
        store.update_checkin(make_checkin())
    assert store.count_checkins() == 0


def test_delete_returns_the_checkin_and_removes_its_rows(store, make_checkin):
    store.add_checkin(keep := make_checkin())
    store.add_checkin(gone := make_checkin(tags=("x",)))
    deleted = store.delete_checkin(gone.id)
    assert deleted is not None and deleted.content_equals(gone)
    assert store.delete_checkin(gone.id) is None
    assert [c.id for c in store.list_checkins()] == [keep.id]
    with sqlite3.connect(store.path) as raw:
        for table in ("ratings", "factor_values", "checkin_tags"):
            ids = {r[0] for r in raw.execute(f"SELECT checkin_id FROM {table}")}
            assert ids == {keep.id}, table


def test_deleted_checkin_can_be_added_back(store, make_checkin):
    store.add_checkin(c := make_checkin())
    store.add_checkin(store.delete_checkin(c.id))
    assert store.get_checkin(c.id).content_equals(c)


def test_naive_time_is_refused(store, make_checkin):
    with pytest.raises(ValidationError, match="needs a UTC offset"):
        store.add_checkin(make_checkin(at=datetime(2026, 1, 1, 8, 0)))


def test_offset_with_seconds_is_refused(store, make_checkin):
    odd = timezone(timedelta(minutes=19, seconds=32))
    with pytest.raises(ValidationError, match="whole number of minutes"):
        store.add_checkin(make_checkin(at=datetime(1900, 1, 1, tzinfo=odd)))
    assert store.count_checkins() == 0


# filters -----------------------------------------------------------------------------------------
def test_list_is_oldest_first_by_instant_not_wall_time(store, make_checkin):
    later = make_checkin(at=datetime(2026, 3, 1, 5, 0, tzinfo=UTC))  # 05:00Z
    earlier = make_checkin(at=datetime(2026, 3, 1, 8, 0, tzinfo=IST))  # 02:30Z
    store.add_checkin(later)
    store.add_checkin(earlier)
    assert [c.id for c in store.list_checkins()] == [earlier.id, later.id]


def test_since_until_compare_instants_until_exclusive(store, make_checkin):
    evening_pst = make_checkin(at=datetime(2026, 3, 1, 23, 30, tzinfo=PST))  # 03-02 07:30Z
    store.add_checkin(evening_pst)
    day2 = datetime(2026, 3, 2, tzinfo=UTC)
    assert [c.id for c in store.list_checkins(since=day2)] == [evening_pst.id]
    assert store.list_checkins(until=day2) == []
    exact = evening_pst.at
    assert store.list_checkins(until=exact) == []
    assert len(store.list_checkins(since=exact, until=exact + timedelta(microseconds=1))) == 1
    assert len(store.list_checkins(since=exact.astimezone(IST))) == 1


def test_naive_filter_bounds_are_a_programming_error(store):
    with pytest.raises(ValueError, match="naive"):
        store.list_checkins(since=datetime(2026, 1, 1))


def test_tag_filter_is_exact_and_case_insensitive(store, make_checkin):
    store.add_checkin(a := make_checkin(tags=("Straße", "work")))
    store.add_checkin(make_checkin(tags=("workout",)))
    assert [c.id for c in store.list_checkins(tag="STRASSE")] == [a.id]
    assert [c.id for c in store.list_checkins(tag=" WORK ")] == [a.id]
    assert store.list_checkins(tag="wor") == []


def test_search_is_a_case_insensitive_substring_without_wildcards(store, make_checkin):
    store.add_checkin(a := make_checkin(note="Viel ÄRGER im Büro, 100% sicher"))
    store.add_checkin(b := make_checkin(note="calm_day"))
    assert [c.id for c in store.list_checkins(search="ärger")] == [a.id]
    assert [c.id for c in store.list_checkins(search="%")] == [a.id]
    assert [c.id for c in store.list_checkins(search="_")] == [b.id]
    assert len(store.list_checkins(search="")) == 2


def test_skill_filter_and_filters_combine(store, make_checkin, skill):
    writing = Skill(new_id(), "Writing")
    store.save_skill(writing)
    day = datetime(2026, 5, 1, tzinfo=UTC)
    both = make_checkin(ratings={skill.id: 5, writing.id: 6}, tags=("a",), at=day)
    only = make_checkin(ratings={skill.id: 5}, tags=("a",), at=day + timedelta(hours=1))
    for checkin in (only, both, make_checkin(ratings={writing.id: 9}, tags=("b",))):
        store.add_checkin(checkin)
    assert [c.id for c in store.list_checkins(skill_id=skill.id)] == [both.id, only.id]
    found = store.list_checkins(skill_id=writing.id, tag="a")
    assert [c.id for c in found] == [both.id]
    assert found[0].ratings == {skill.id: 5, writing.id: 6}  # all ratings, not just the filter's


def test_count_and_all_tags(store, make_checkin):
    for tags in (("work", "Gym"), ("Work",), ("work",), ("apple", "zen")):
        store.add_checkin(make_checkin(tags=tags))
    assert store.count_checkins() == 4
    assert store.all_tags() == ["apple", "Gym", "work", "zen"]  # "Work" used once, "work" twice


# versions ----------------------------------------------------------------------------------------
def test_data_version_notices_writes_from_another_connection(store, make_checkin):
    before = store.data_version()
    assert store.data_version() == before  # reading changes nothing
    other = Store.open(store.path.parent)
    other.add_checkin(make_checkin())
    other.close()
    assert store.data_version() != before


def test_schema_version(store):
    from tracker.store import SCHEMA_VERSION

    assert store.schema_version() == SCHEMA_VERSION == 3
