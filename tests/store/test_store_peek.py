"""The start-up peek reads the same definitions as the store, and steps aside when unsure."""

from __future__ import annotations

import sqlite3

from tracker.services.demo import demo_dataset
from tracker.store import Store
from tracker.store.peek import peek_definitions


def test_peek_equals_the_store(data_dir):
    skills, factors, checkins = demo_dataset(days=30)
    with Store.open(data_dir) as store:
        store.import_all(skills, factors, checkins[:5])
        expected = (store.list_skills(), store.list_factors())
    assert peek_definitions(store.path) == expected
    assert any(f.unit == "h" for f in expected[1])  # the comparison covers every field


def test_peek_steps_aside_when_unsure(tmp_path, data_dir):
    assert peek_definitions(tmp_path / "missing.db") is None
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 10)
    assert peek_definitions(garbage) is None
    with Store.open(data_dir) as store:
        path = store.path
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = path.read_bytes()
    assert peek_definitions(path) is None
    assert path.read_bytes() == before
