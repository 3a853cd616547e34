"""Property: any check-in the domain can hold comes back from the store unchanged."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain import BUILTIN_FACTORS, CheckIn, Skill, new_id
from tracker.store import Store

SKILL_IDS = [new_id() for _ in range(3)]
FACTOR_IDS = [f.id for f in BUILTIN_FACTORS]


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(tmp_path_factory.mktemp("property") / "data")
    for i, skill_id in enumerate(SKILL_IDS):
        store.save_skill(Skill(skill_id, f"Skill {i}", position=i))
    yield store
    store.close()


offsets = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda wall, zone: wall.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    offsets,
)
finite = st.floats(allow_nan=False, allow_infinity=False)
# every code point a Python str can carry to SQLite: no NUL (validation refuses it), no lone
# surrogates (refused by the store, see test_store_failures)
text_without_nul = st.text(
    st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), max_size=200
)
checkins = st.builds(
    CheckIn,
    id=st.just("drawn-later"),
    at=moments,
    ratings=st.dictionaries(st.sampled_from(SKILL_IDS), st.integers(1, 10), min_size=1),
    values=st.dictionaries(st.sampled_from(FACTOR_IDS), finite),
    tags=st.lists(text_without_nul.filter(bool), max_size=6).map(tuple),
    note=text_without_nul,
)


@given(checkin=checkins, replacement=checkins)
def test_checkins_round_trip_and_replace(shared_store: Store, checkin, replacement):
    checkin = dataclasses.replace(checkin, id=new_id())  # fresh per example, even when shrinking
    shared_store.add_checkin(checkin)
    back = shared_store.get_checkin(checkin.id)
    assert back is not None and back.content_equals(checkin)
    assert back.at.utcoffset() == checkin.at.utcoffset()
    assert back.at.replace(tzinfo=None) == checkin.at.replace(tzinfo=None)  # same wall time

    window = shared_store.list_checkins(since=checkin.at, until=checkin.at + timedelta(0, 0, 1))
    assert checkin.id in {c.id for c in window}

    replacement = CheckIn(checkin.id, replacement.at, replacement.ratings, replacement.values,
                          replacement.tags, replacement.note)
    shared_store.update_checkin(replacement)
    assert shared_store.get_checkin(checkin.id).content_equals(replacement)
    deleted = shared_store.delete_checkin(checkin.id)
    assert deleted is not None and deleted.content_equals(replacement)
