"""Schema version 3: the migration from a version-2 file, the probe and outcome repository, and
the journal's probe and outcome use cases."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from tracker.domain.measured import DailyOutcome, DiscardReason, Probe, ProbeKind, ProbeTrial
from tracker.errors import StoreError, ValidationError
from tracker.services.changes import ChangeKind
from tracker.store import SCHEMA_VERSION, Store, migrations

PLUS1 = timezone(timedelta(hours=1))
MINUS5 = timezone(timedelta(hours=-5, minutes=-30))


def _probe(probe_id: str = "p1", **fields: object) -> Probe:
    base: dict[str, object] = {
        "id": probe_id, "kind": ProbeKind.VIGILANCE,
        "at": datetime(2026, 11, 3, 8, 15, 30, 123456, tzinfo=MINUS5), "duration_s": 180.0,
        "prediction": 3.5,
        "trials": (ProbeTrial(1200.5, 251.25), ProbeTrial(3400.0, None),
                   ProbeTrial(5100.0, 40.0, false_start=True), ProbeTrial(7000.0, 400.0)),
        "score": 3.2, "error_variance": 0.0121,
    }
    base.update(fields)
    return Probe(**base)  # type: ignore[arg-type]


def _version_2_journal(path) -> None:
    """A journal as schema version 2 wrote it: the frozen steps 1 and 2, one check-in."""
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as raw:
        for version, step in enumerate(migrations.MIGRATIONS[:2], start=1):
            step(raw)
            raw.execute(f"PRAGMA user_version = {version}")
        raw.execute("INSERT INTO skills VALUES ('s', 'Overall', 0, 0, '', '', '')")
        raw.execute("INSERT INTO checkins VALUES ('c', 1780000000000000, 60, 'old day', "
                    "'2026-05-28T00:00:00Z', '2026-05-28T00:00:00Z')")
        raw.execute("INSERT INTO ratings VALUES ('c', 's', 7)")


def test_version_2_journal_is_migrated_with_a_backup_and_keeps_its_data(data_dir):
    _version_2_journal(data_dir / "touchstone.db")
    with Store.open(data_dir) as store:
        assert store.schema_version() == SCHEMA_VERSION == 3
        assert [c.note for c in store.list_checkins()] == ["old day"]
        assert store.measured.list_probes() == [] and store.measured.list_outcomes() == []
        store.measured.add_probe(_probe(checkin_id="c"))
        assert store.measured.get_probe("p1").checkin_id == "c"
    (backup,) = (data_dir / "backups").iterdir()
    with sqlite3.connect(backup) as raw:  # the backup is the untouched version 2
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
        assert not raw.execute("SELECT 1 FROM sqlite_schema WHERE name='probes'").fetchall()


def test_probe_round_trip_keeps_every_trial_and_the_offset(data_dir):
    discarded = _probe("p2", kind=ProbeKind.DIGIT_SYMBOL, prediction=None, score=None,
                       error_variance=None, discarded=DiscardReason.FOCUS_LOST,
                       at=datetime(2026, 11, 4, 9, 0, tzinfo=PLUS1),
                       trials=(ProbeTrial(0.0, 812.0, "3", True), ProbeTrial(812.0, 990.5, "7",
                                                                             False)))
    with Store.open(data_dir) as store:
        store.measured.add_probe(_probe())
        store.measured.add_probe(discarded)
        assert store.measured.list_probes() == [_probe(), discarded]
        back = store.measured.get_probe("p1")
        assert back.at.utcoffset() == timedelta(hours=-5, minutes=-30)
        assert back.trials[2].false_start and back.trials[1].rt_ms is None
        assert store.measured.delete_probe("p1") == _probe()
        assert store.measured.list_probes() == [discarded]
        with sqlite3.connect(store.path) as raw:  # the trials went with their probe
            assert raw.execute("SELECT count(*) FROM probe_trials").fetchone()[0] == 2


def test_database_refuses_a_discarded_probe_with_a_score(data_dir):
    with Store.open(data_dir) as store, pytest.raises(StoreError):
        store.measured.add_probe(_probe(discarded=DiscardReason.CANCELLED))
    with Store.open(data_dir) as store:
        assert store.measured.list_probes() == []


def test_deleting_a_checkin_unlinks_its_probe_and_undo_links_it_again(journal, skill_id):
    checkin = journal.record(ratings={skill_id: 6}).ids[0]
    change = journal.record_probe(_probe(checkin_id=checkin))
    assert change.kind is ChangeKind.PROBES and change.ids == ("p1",)
    journal.delete(checkin)
    assert journal.list_probes()[0].checkin_id is None
    journal.undo()  # the check-in comes back with the probe that followed it
    assert journal.list_probes()[0].checkin_id == checkin


@pytest.mark.parametrize(("fields", "message"), [
    ({"prediction": 12.0}, "between 0 and 10, not 12"),
    ({"prediction": float("nan")}, "between 0 and 10"),
    ({"discarded": DiscardReason.CLOCK_JUMP}, "never scored"),
    ({"error_variance": -1.0}, "error variance must be"),
    ({"at": datetime.now(PLUS1) + timedelta(hours=1)}, "future"),
    ({"checkin_id": "gone"}, "check-in this probe follows"),
    ({"duration_s": 0.0}, "positive number of seconds"),
])
def test_a_bad_probe_is_refused_and_nothing_is_written(journal, fields, message):
    with pytest.raises(ValidationError, match=message):
        journal.record_probe(_probe(**fields))
    assert journal.list_probes() == []


def test_digit_symbol_predictions_have_their_own_range(journal):
    journal.record_probe(_probe(kind=ProbeKind.DIGIT_SYMBOL, prediction=40.0))
    with pytest.raises(ValidationError, match="between 0 and 150"):
        journal.record_probe(_probe("p2", kind=ProbeKind.DIGIT_SYMBOL, prediction=400.0))


def test_outcomes_by_measure_and_day_replace_and_refuse(journal):
    pages = journal.add_measure(" Pages   written ", "pages").ids[0]
    with pytest.raises(ValidationError, match="already a measure called 'pages written'"):
        journal.add_measure("pages written")
    assert journal.measure_by_name("PAGES WRITTEN").id == pages
    assert journal.measure_by_name("pages") is None
    day = date.today() - timedelta(days=2)
    assert journal.add_outcome(pages, 3, day).kind is ChangeKind.OUTCOMES
    journal.add_outcome(pages, 4.5, day)  # the same day again: replaced
    journal.add_outcome(pages, 1)
    outcomes = journal.list_outcomes()
    assert [(o.day, o.value, o.source) for o in outcomes] == [
        (day, 4.5, "manual"), (date.today(), 1.0, "manual")]
    assert outcomes[0].recorded_at is not None and outcomes[0].recorded_at.utcoffset() is not None
    for bad, message in [(("nope", 1, day), "unknown measure"),
                         ((pages, "7", day), "must be a number"),
                         ((pages, float("inf"), day), "finite"),
                         ((pages, 2, date.today() + timedelta(days=1)), "in the future")]:
        with pytest.raises(ValidationError, match=message):
            journal.add_outcome(*bad)
    assert journal.list_outcomes() == outcomes


def test_many_outcomes_are_saved_all_or_nothing(journal):
    pages = journal.add_measure("pages").ids[0]
    good = DailyOutcome(pages, date(2026, 1, 1), 2.0, "csv")
    with pytest.raises(ValidationError, match="Outcome 2: .*in the future"):
        journal.add_outcomes([good, DailyOutcome(pages, date(9999, 1, 1), 1.0, "csv")])
    assert journal.list_outcomes() == []
    journal.add_outcomes([good])
    assert journal.list_outcomes(pages) == [good]
