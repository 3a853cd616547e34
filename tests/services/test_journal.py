"""The journal service on a real SQLite file: record, edit, delete/undo, filters, imports."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest

from tracker.domain import FactorKind
from tracker.domain.recorded import RecordedValues
from tracker.errors import ExchangeError, UserError, ValidationError
from tracker.services import transfer
from tracker.services.journal import CheckInFilter, Journal

PLUS1 = timezone(timedelta(hours=1))


@pytest.fixture
def journal(data_dir):
    j = Journal.open(data_dir)
    j.add_skill("Overall", "lost", "fine", "best ever")
    yield j
    j.close()


def overall(j: Journal) -> str:
    return j.skills()[0].id


def test_record_returns_a_change_and_persists(journal, data_dir):
    change = journal.record(ratings={overall(journal): 7}, values={"mood": 6, "sleep_hours": 7.5},
                            tags=["gym"], note="ok", at=datetime(2026, 11, 3, 9, 0, tzinfo=PLUS1))
    assert change.kind == "checkins" and len(change.ids) == 1
    assert change.message == "Check-in saved for Tue 3 Nov 2026 at 09:00"  # not today: the day
    journal.close()
    again = Journal.open(data_dir)
    [c] = again.checkins()
    assert c.id == change.ids[0] and c.values == {"mood": 6.0, "sleep_hours": 7.5}
    assert c.at.utcoffset() == timedelta(hours=1) and c.at.hour == 9
    again.close()


def test_invalid_record_writes_nothing(journal):
    with pytest.raises(ValidationError, match="Mood: 0 is outside 1–10."):
        journal.record(ratings={overall(journal): 7}, values={"mood": 0})
    assert journal.count() == 0


def test_update_delete_and_undo(journal):
    cid = journal.record(ratings={overall(journal): 7}).ids[0]
    c = journal.get(cid)
    journal.update(dataclasses.replace(c, note="edited", ratings={overall(journal): 8}))
    assert journal.get(cid).note == "edited" and journal.get(cid).ratings[overall(journal)] == 8
    with pytest.raises(ValidationError):
        journal.update(dataclasses.replace(c, ratings={}))
    assert journal.get(cid).note == "edited"
    assert journal.delete(cid).kind == "checkins"
    assert journal.get(cid) is None and journal.can_undo()
    assert journal.undo().ids == (cid,)
    assert journal.get(cid).note == "edited"
    assert journal.undo() is None
    with pytest.raises(UserError, match="no longer exists"):
        journal.delete("not-an-id")


def test_filters_use_the_checkins_own_calendar_day(journal):
    s = overall(journal)
    late = datetime(2026, 11, 3, 23, 30, tzinfo=timezone(timedelta(hours=-8)))  # 4th in UTC
    journal.record(ratings={s: 5}, at=late, tags=["travel"])
    journal.record(ratings={s: 6}, at=datetime(2026, 11, 4, 8, 0, tzinfo=PLUS1), note="Review")
    day3 = journal.checkins(CheckInFilter(since=date(2026, 11, 3), until=date(2026, 11, 3)))
    assert [c.at for c in day3] == [late]
    assert len(journal.checkins(CheckInFilter(tag="TRAVEL"))) == 1
    assert len(journal.checkins(CheckInFilter(search="review"))) == 1


def test_skills_and_factors(journal):
    journal.add_skill("Coding")
    with pytest.raises(ValidationError, match="already a skill called 'coding'"):
        journal.add_skill("coding")
    coding = journal.skill_by_name("CODING")
    journal.update_skill(dataclasses.replace(coding, name="Programming", archived=True))
    assert [s.name for s in journal.skills()] == ["Overall"]
    assert [s.name for s in journal.skills(include_archived=True)] == ["Overall", "Programming"]
    journal.reorder_skills([coding.id, overall(journal)])
    assert journal.skills(include_archived=True)[0].id == coding.id
    fid = journal.add_factor("Caffeine", FactorKind.NUMBER, 0, 1000, 10, "mg").ids[0]
    c = journal.record(ratings={overall(journal): 6}, values={fid: 120})
    factor = journal.factor_by_name("caffeine")
    with pytest.raises(ValidationError, match=r"^1 recorded value of Caffeine \(from 120 to 120\) "
                       "would lie outside 500 to 1000. Nothing was changed"):
        journal.update_factor(dataclasses.replace(factor, archived=True, minimum=500))
    assert journal.factor_by_name("caffeine") == factor  # refused as a whole
    journal.update_factor(dataclasses.replace(factor, archived=True, maximum=2000, step=1,
                                              kind=FactorKind.SCALE))
    kept = journal.factor_by_name("caffeine")
    assert kept.archived and (kept.minimum, kept.maximum) == (0, 2000)  # a range that fits
    assert (kept.kind, kept.step) == (FactorKind.NUMBER, 10)  # kind and step stay fixed
    assert journal.get(c.ids[0]).values[fid] == 120  # history kept
    with pytest.raises(ValidationError, match="Pain: a scale needs whole-number ends"):
        journal.add_factor("Pain", FactorKind.SCALE, 1.5, 5)


def test_external_change_is_noticed_once(journal, data_dir):
    assert journal.external_change() is False
    journal.record(ratings={overall(journal): 5})
    assert journal.external_change() is False  # our own write
    subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "add",
                    "--skill", "Overall=6"], check=True, capture_output=True)
    assert journal.external_change() is True
    assert journal.external_change() is False
    assert journal.count() == 2


def test_import_conflict_is_refused_whole(journal, tmp_path):
    s = overall(journal)
    first = journal.record(ratings={s: 5}, note="original").ids[0]
    out = tmp_path / "export.json"
    transfer.export_to(journal, out, "json")
    journal.update(dataclasses.replace(journal.get(first), note="changed since"))
    journal.record(ratings={s: 9})
    with pytest.raises(ExchangeError, match="Nothing was imported"):
        transfer.import_from(journal, out)
    assert journal.count() == 2 and journal.get(first).note == "changed since"


def test_state_only_entries_can_be_edited_but_new_ones_need_a_rating(journal, tmp_path):
    import json

    out = tmp_path / "mood.json"
    transfer.export_to(journal, out, "json")
    doc = json.loads(out.read_text())
    doc["checkins"] = [{"id": "11111111-1111-4111-8111-111111111111",
                        "timestamp": "2024-05-01T09:00:00+02:00", "ratings": {},
                        "values": {"mood": 4}, "tags": [], "note": "from Daylio"}]
    out.write_text(json.dumps(doc))
    assert transfer.import_from(journal, out).added == 1
    entry = journal.get("11111111-1111-4111-8111-111111111111")
    assert entry.state_only
    journal.update(dataclasses.replace(entry, note="edited"))
    assert journal.get(entry.id).note == "edited"
    with pytest.raises(ValidationError, match="Rate at least one skill."):
        journal.record(ratings={}, values={"mood": 5})


def test_a_skill_added_by_another_process_can_be_rated_at_once(journal, data_dir):
    journal.record(ratings={overall(journal): 5})  # warms the cached definitions
    other = Journal.open(data_dir)  # another connection stands in for another process
    writing = other.add_skill("Writing").ids[0]
    other.close()
    change = journal.record(ratings={writing: 6})
    assert journal.get(change.ids[0]).ratings == {writing: 6}
    journal.update_skill(dataclasses.replace(journal.skill_by_name("Writing"), archived=True))
    with pytest.raises(ValidationError, match="Mood: 0 is outside"):
        journal.record(ratings={writing: 6}, values={"mood": 0})


def test_the_saved_message_names_the_day_only_when_it_is_not_today():
    from tracker.services.journal import saved_message

    at = datetime(2026, 11, 3, 9, 5, tzinfo=PLUS1)
    assert saved_message(at, today=date(2026, 11, 3)) == "Check-in saved at 09:05"
    assert saved_message(at, today=date(2026, 11, 4)) == (
        "Check-in saved for Tue 3 Nov 2026 at 09:05")


def test_a_new_range_is_checked_by_the_store_counting_not_by_reading_every_checkin(
        journal, monkeypatch):
    """The values outside a new range are counted by one query in the store (a real SQLite
    file): the refusal's count and the dialog's question never load the check-ins."""
    fid = journal.add_factor("Coffee", FactorKind.NUMBER, 0, 1000, 1, "ml").ids[0]
    for value in (1, 5, 12, 30, None, 30):
        journal.record(ratings={overall(journal): 6},
                       values={} if value is None else {fid: value})
    journal.record(ratings={overall(journal): 6}, values={"mood": 5})  # another factor

    def never(*args, **kwargs):
        raise AssertionError("every check-in was read")

    monkeypatch.setattr(journal.store, "list_checkins", never)
    assert journal.recorded_values(fid, 2, 20) == RecordedValues(5, 3, 1, 30, 30)
    assert journal.recorded_values(fid, None, 25) == RecordedValues(5, 2, 30, 30, 30)
    assert journal.recorded_values(fid, 0, None) == RecordedValues(5, 0, None, None, 30)
    assert journal.recorded_values("nothing", 0, 1) == RecordedValues(0, 0, None, None, None)
    factor = journal.factor_by_name("coffee")
    with pytest.raises(ValidationError, match=r"^3 recorded values of Coffee \(from 1 to 30\) "
                       "would lie outside 2 to 20"):
        journal.update_factor(dataclasses.replace(factor, minimum=2, maximum=20))
    journal.update_factor(dataclasses.replace(factor, maximum=30))
    assert journal.factor_by_name("coffee").maximum == 30
