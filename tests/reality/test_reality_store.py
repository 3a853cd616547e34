"""Schema version 2: the migration from a real version-1 file, and the repository."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.reality.helpers import PLUS1, days_ago
from tracker.domain.reality import Evaluation, EvaluationKind, Outcome, Prediction, Revisit
from tracker.errors import StoreError
from tracker.store import SCHEMA_VERSION, Store

FIXTURE = Path(__file__).parent / "fixtures" / "v1.db"


def test_version_1_journal_is_migrated_with_a_backup_and_keeps_its_data(data_dir):
    data_dir.mkdir()
    shutil.copy(FIXTURE, data_dir / "touchstone.db")
    with sqlite3.connect(FIXTURE) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    with Store.open(data_dir) as store:
        assert store.schema_version() == SCHEMA_VERSION == 3
        checkins = store.list_checkins()
        assert [c.note for c in checkins] == [f"day {i}" for i in range(5)]
        assert [next(iter(c.ratings.values())) for c in checkins] == [4, 5, 6, 7, 8]
        assert store.reality.list_evaluations() == [] and store.reality.list_revisits() == []
        store.reality.add_revisits([Revisit("r1", checkins[0].id, next(iter(
            checkins[0].ratings)), days_ago(0), 4, 6)])
        assert store.reality.revisited_checkin_ids() == {checkins[0].id}
    backups = list((data_dir / "backups").iterdir())
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as raw:  # the backup is the untouched version 1
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM checkins").fetchone()[0] == 5
    with Store.open(data_dir) as again:  # opening again migrates nothing
        assert again.schema_version() == SCHEMA_VERSION
    assert len(list((data_dir / "backups").iterdir())) == 1


def test_evaluation_round_trip_with_prediction_outcome_and_offsets(data_dir):
    with Store.open(data_dir) as store:
        made = days_ago(3).astimezone(PLUS1)
        ev = Evaluation(
            "e1", days_ago(2), EvaluationKind.INTERVIEW, "ACME", "backend job",
            date.today() + timedelta(days=5), "nervous", 1.0, 10.0,
            Prediction(0.35, 6.5, made, None),
            Outcome("rejected", days_ago(1), 4.0, "", False))
        store.reality.add_evaluation(ev)
        back = store.reality.get_evaluation("e1")
        assert back == ev
        assert back.prediction.made_at.utcoffset() == timedelta(hours=1)
        assert store.reality.delete_evaluation("e1") == ev
        assert store.reality.list_evaluations() == []
        with pytest.raises(StoreError, match="no longer in the journal"):
            store.reality.update_evaluation(ev)


def test_deleting_a_checkin_removes_its_revisits_and_unlinks_predictions(journal, skill_id):
    checkin = journal.record(ratings={skill_id: 5}, at=days_ago(40)).ids[0]
    store = journal.store
    store.reality.add_revisits([Revisit("r", checkin, skill_id, days_ago(0), 5, 7)])
    store.reality.add_evaluation(Evaluation("e", days_ago(1), EvaluationKind.EXAM, "board",
                                            prediction=Prediction(0.5, None, None, checkin)))
    journal.delete(checkin)
    assert store.reality.list_revisits() == []
    assert store.reality.get_evaluation("e").prediction.checkin_id is None


def test_database_checks_refuse_what_validation_would(data_dir):
    with Store.open(data_dir) as store, pytest.raises(StoreError, match="outside what"):
        store.reality.add_evaluation(Evaluation(
            "e", days_ago(1), EvaluationKind.EXAM, "x", prediction=Prediction(1.5)))
