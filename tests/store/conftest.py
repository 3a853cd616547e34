"""Fixtures for the storage layer: a real journal file in ``tmp_path``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tracker.domain import CheckIn, Skill, new_id
from tracker.store import Store

PLUS2 = timezone(timedelta(hours=2))


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def skill(store: Store) -> Skill:
    """A saved skill, "Overall"."""
    overall = Skill(new_id(), "Overall", anchor_low="lost", anchor_mid="fine", anchor_high="best")
    store.save_skill(overall)
    return overall


@pytest.fixture
def make_checkin(skill: Skill) -> Callable[..., CheckIn]:
    """Build (not save) a check-in rating ``skill``; keyword arguments override fields."""

    def make(**fields: object) -> CheckIn:
        base: dict[str, object] = {
            "id": new_id(),
            "at": datetime(2026, 11, 3, 8, 0, tzinfo=PLUS2),
            "ratings": {skill.id: 7},
            "values": {"mood": 6.0, "sleep_hours": 7.25},
            "tags": ("work", "coffee"),
            "note": "fine",
        }
        base.update(fields)
        return CheckIn(**base)  # type: ignore[arg-type]

    return make
