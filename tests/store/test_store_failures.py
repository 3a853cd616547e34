"""Failures come out as StoreError with a plain message, and leave nothing half-written."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tracker.domain import CheckIn, Factor, FactorKind, Skill, new_id
from tracker.errors import StoreError, ValidationError
from tracker.store import Store
from tracker.store import failures as msg


@contextmanager
def on_every_connection(store: Store, pragma: str) -> Iterator[None]:
    """Run ``pragma`` on each of the store's pooled connections while the block runs."""

    def apply(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(pragma)

    event.listen(store.engine, "connect", apply)
    store.engine.dispose()  # pooled connections are re-made, now with the pragma
    try:
        yield
    finally:
        event.remove(store.engine, "connect", apply)
        store.engine.dispose()


def rows_in(store: Store) -> dict[str, int]:
    with sqlite3.connect(store.path) as raw:
        counts = {
            t: raw.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("skills", "factors", "checkins", "ratings", "factor_values", "checkin_tags")
        }
    raw.close()
    return counts


def test_busy_database_gives_the_busy_message_and_saves_nothing(data_dir, make_checkin):
    with Store.open(data_dir, busy_timeout_ms=50) as store:
        store.add_checkin(before := make_checkin())
        other = sqlite3.connect(store.path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreError) as caught:
                store.add_checkin(make_checkin())
            assert str(caught.value) == (
                "The journal is busy: another program is writing to it. Try again in a moment."
            )
            assert [c.id for c in store.list_checkins()] == [before.id]  # reading still works
        finally:
            other.execute("ROLLBACK")
            other.close()
        store.add_checkin(after := make_checkin())  # and once the lock is gone, writing works
        assert {c.id for c in store.list_checkins()} == {before.id, after.id}


def test_full_disk_gives_the_full_message_and_saves_nothing(store, make_checkin):
    store.add_checkin(make_checkin())
    before = rows_in(store)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    with on_every_connection(store, f"PRAGMA max_page_count = {pages}"):
        with pytest.raises(StoreError) as caught:
            store.add_checkin(make_checkin(note="x" * 200_000, tags=tuple("abcdefgh")))
        assert str(caught.value) == msg.FULL
        assert "Free some space" in str(caught.value)
    assert rows_in(store) == before
    store.add_checkin(make_checkin(note="x" * 200_000))  # space again: it saves
    assert store.count_checkins() == 2


def test_read_only_database_gives_the_read_only_message(store, make_checkin):
    with on_every_connection(store, "PRAGMA query_only = ON"):
        with pytest.raises(StoreError, match="read-only"):
            store.add_checkin(make_checkin())
        assert store.count_checkins() == 0  # reading still works


def test_unknown_skill_fails_cleanly(store, make_checkin):
    before = rows_in(store)
    with pytest.raises(StoreError) as caught:
        store.add_checkin(make_checkin(ratings={"no-such-skill": 5}))
    assert str(caught.value) == msg.MISSING_REFERENCE
    assert rows_in(store) == before


def test_unknown_factor_fails_cleanly(store, make_checkin):
    before = rows_in(store)
    with pytest.raises(StoreError, match="refers to a skill or factor that is not in the journal"):
        store.add_checkin(make_checkin(values={"mood": 3.0, "no-such-factor": 1.0}))
    assert rows_in(store) == before


def test_duplicate_id_fails_cleanly(store, make_checkin):
    store.add_checkin(first := make_checkin())
    with pytest.raises(StoreError, match="same id is already in the journal"):
        store.add_checkin(make_checkin(id=first.id, note="other"))
    assert store.get_checkin(first.id).content_equals(first)


def test_out_of_range_rating_is_not_stored(store, make_checkin, skill):
    with pytest.raises(StoreError, match="outside what the journal accepts"):
        store.add_checkin(make_checkin(ratings={skill.id: 11}))
    assert store.count_checkins() == 0


@pytest.mark.parametrize("field", ["note", "tags"])
def test_unencodable_text_is_a_validation_error(store, make_checkin, field):
    lone_surrogate = "\ud800"  # what json.loads makes of "\\ud800"
    value = lone_surrogate if field == "note" else ("ok", lone_surrogate)
    with pytest.raises(ValidationError, match="unpaired surrogate"):
        store.add_checkin(make_checkin(**{field: value}))
    assert store.count_checkins() == 0


def test_failed_update_keeps_the_old_content(store, make_checkin):
    store.add_checkin(old := make_checkin())
    with pytest.raises(StoreError, match="not in the journal"):
        store.update_checkin(make_checkin(id=old.id, ratings={"ghost": 3}))
    assert store.get_checkin(old.id).content_equals(old)


# import_all --------------------------------------------------------------------------------------
@pytest.fixture
def batch(skill: Skill, make_checkin: Callable[..., CheckIn]):
    writing = Skill(new_id(), "Writing", position=1)
    coffee = Factor(new_id(), "Coffee", FactorKind.YESNO, 0, 1, position=6)
    checkins = [
        make_checkin(ratings={writing.id: 4}, values={coffee.id: 1.0}, tags=(f"t{i}",))
        for i in range(50)
    ]
    return [writing], [coffee], checkins


def test_import_all_saves_everything(store, batch, skill):
    skills, factors, checkins = batch
    renamed = Skill(skill.id, "Everything")
    store.import_all([renamed, *skills], factors, checkins)
    assert store.list_skills() == [renamed, *skills]
    assert store.list_factors()[-1] == factors[0]
    got = {c.id: c for c in store.list_checkins()}
    assert len(got) == 50 and all(got[c.id].content_equals(c) for c in checkins)


@pytest.mark.parametrize("flaw", ["unknown skill", "existing id", "duplicate in batch"])
def test_import_all_is_all_or_nothing(store, batch, make_checkin, skill, flaw):
    store.add_checkin(existing := make_checkin())
    before = rows_in(store)
    skills, factors, checkins = batch
    bad = {
        "unknown skill": make_checkin(ratings={"ghost": 5}),
        "existing id": make_checkin(id=existing.id),
        "duplicate in batch": make_checkin(id=checkins[3].id),
    }[flaw]
    renamed = Skill(skill.id, "Renamed")  # an upsert that must be rolled back too
    with pytest.raises(StoreError, match="nothing was saved"):
        store.import_all([renamed, *skills], factors, [*checkins[:25], bad, *checkins[25:]])
    assert rows_in(store) == before
    assert store.list_skills() == [skill]
