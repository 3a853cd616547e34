"""The outcome-source framework on a real journal in tmp_path: the metric reader and a tiny
fake reader (a kind of two measures) through add, refresh, dry-run, remove and re-add."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.reality.conftest import journal
from tracker.errors import UserError
from tracker.services import outcome_sources as os_
from tracker.settings import Settings
from tracker.sources import registry
from tracker.sources.base import MeasureSpec, Reading, SourceConfig, SourceError

__all__ = ["journal"]
TODAY = date.today()
D1, D2, D3 = (TODAY - timedelta(days=n) for n in (3, 2, 1))


class FakeReader:
    """Kind "fake": two measures from ``options["days"]`` ({iso: [a, b]}); ``options["bad"]``
    fails."""

    kind = "fake"
    measures = (MeasureSpec("a", "Alpha", "things"), MeasureSpec("b", "Beta", "bits"))

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def check(self, options: dict[str, Any]) -> None:
        if options.get("bad"):
            raise SourceError("This fake source is bad.")

    def read(self, options, day_of, state=None) -> Reading:
        self.seen.append(state)
        self.check(options)
        a = {date.fromisoformat(d): v[0] for d, v in options["days"].items()}
        b = {date.fromisoformat(d): v[1] for d, v in options["days"].items()}
        return Reading({"a": a, "b": b}, state={"n": len(self.seen)})


@pytest.fixture
def fake():
    reader = FakeReader()
    registry.register(reader)
    yield reader
    registry.unregister("fake")


@pytest.fixture
def book(tmp_path: Path) -> os_.SourceBook:
    return os_.SourceBook(Settings(path=tmp_path / "settings.json"))


def values(journal, source) -> dict[tuple[str, date], float]:
    names = {m.id: m.name for m in journal.list_measures()}
    return {(names[o.measure_id], o.day): o.value for o in journal.list_outcomes()
            if o.source == source.tag}


def test_metric_source_refresh_replace_remove_and_readd_gives_the_same(journal, book, tmp_path):
    f = tmp_path / "words.csv"
    f.write_text(f"date,words\n{D1},500\n{D2},300\n", "utf-8")
    journal.add_outcome(journal.add_measure("pages").ids[0], 2, D1)  # not the source's
    source = os_.add_source(book, "metric", "Words written", {"file": str(f)}, "words")
    dry = os_.refresh(journal, book, source, dry_run=True)
    assert (dry.added, dry.changed, dry.removed, dry.days) == (2, 0, 0, 2)
    assert values(journal, source) == {} and book.status(source).last_refresh == ""
    plan = os_.refresh(journal, book, source)
    assert values(journal, source) == {("Words written", D1): 500, ("Words written", D2): 300}
    assert journal.measure_by_name("Words written").unit == "words"
    assert book.status(book.find("words written")).days == 2
    # the file changes: the source's values are replaced whole (D2 gone, D3 new, D1 changed)
    f.write_text(f"date,words\n{D1},550\n{D3},100\n", "utf-8")
    source = book.find("Words written")
    again = os_.refresh(journal, book, source, dry_run=True)
    assert (again.added, again.changed, again.removed, again.unchanged) == (1, 1, 1, 0)
    os_.refresh(journal, book, source)
    first = values(journal, source)
    assert first == {("Words written", D1): 550, ("Words written", D3): 100}
    # removed: its values and its measure go, the hand-typed value stays
    assert os_.remove_source(journal, book, book.find("Words written")) == 2
    assert journal.measure_by_name("Words written") is None and book.sources() == []
    assert [o.value for o in journal.list_outcomes()] == [2]
    # re-added: the same values
    readded = os_.add_source(book, "metric", "Words written", {"file": str(f)}, "words")
    os_.refresh(journal, book, readded)
    assert values(journal, book.find("Words written")) == first
    assert plan.error == ""


def test_a_bad_source_writes_nothing_and_leaves_the_others(journal, book, fake, tmp_path):
    good = os_.add_source(book, "fake", "Work", {"days": {D1.isoformat(): [1, 2]}})
    f = tmp_path / "m.csv"
    f.write_text(f"date,value\n{D1},1\n", "utf-8")
    metric = os_.add_source(book, "metric", "Metric", {"file": str(f)})
    os_.refresh_all(journal, book)
    before = values(journal, book.find("Metric"))
    f.write_text(f"date,value\n{D1},1\n{D1},2\n", "utf-8")  # a duplicate day now
    good = book.find("Work")
    book.save(os_.Source(SourceConfig(good.config.id, "fake", "Work",
                                               {"days": {D2.isoformat(): [3, 4]}}),
                         good.unit, good.measure_ids))
    plans = {p.source.name: p for p in os_.refresh_all(journal, book)}
    assert "row 2: a second value for" in plans["Metric"].error
    assert values(journal, book.find("Metric")) == before  # kept, nothing written
    assert book.status(metric).error == plans["Metric"].error
    assert values(journal, book.find("Work")) == {("Alpha (Work)", D2): 3, ("Beta (Work)", D2): 4}
    assert journal.measure_by_name("Beta (Work)").unit == "bits"


def test_state_is_passed_back_and_dropped_on_readd(journal, book, fake):
    source = os_.add_source(book, "fake", "Work", {"days": {D1.isoformat(): [1, 2]}})
    os_.refresh(journal, book, source)
    os_.refresh(journal, book, book.find("work"))
    assert fake.seen == [None, {"n": 1}]
    os_.remove_source(journal, book, book.find("work"))
    os_.refresh(journal, book, os_.add_source(book, "fake", "Work", {"days": {}}))
    assert fake.seen[-1] is None


def test_adding_refuses_bad_input_and_saves_nothing(book, fake, tmp_path):
    for kind, name, options, message in [
        ("fake", "X", {"bad": True}, "This fake source is bad."),
        ("nope", "X", {}, "'nope' is not a kind of source"),
        ("metric", "X", {"file": str(tmp_path / "gone.csv")}, "is not there"),
        ("metric", "", {}, "needs a name"),
    ]:
        with pytest.raises(UserError, match=message):
            os_.add_source(book, kind, name, options)
    assert book.sources() == [] and not (tmp_path / "settings.json").exists()
    os_.add_source(book, "fake", "Work", {"days": {}})
    with pytest.raises(UserError, match="taken|already"):
        os_.add_source(book, "fake", "work", {"days": {}})


def test_sources_live_in_the_settings_file_and_status_beside_it(journal, tmp_path, fake):
    book = os_.SourceBook(Settings(path=tmp_path / "settings.json"))
    os_.refresh(journal, book, os_.add_source(book, "fake", "Work",
                                               {"days": {D1.isoformat(): [1, 2]}}))
    loaded = os_.SourceBook(Settings.load(tmp_path / "settings.json"))
    [source] = loaded.sources()
    assert source.name == "Work" and set(source.measure_ids) == {"a", "b"}
    assert loaded.status(source).days == 1 and loaded.status(source).state == {"n": 1}


def test_the_journal_day_follows_the_check_ins_offset_else_this_computer(journal):
    plus9 = timezone(timedelta(hours=9))
    minus5 = timezone(timedelta(hours=-5))
    skill = journal.add_skill("Overall").ids[0]
    for at in (datetime(2026, 11, 1, 12, tzinfo=plus9), datetime(2026, 11, 20, 12, tzinfo=minus5)):
        journal.record(at=at, ratings={skill: 5})
    day_of = os_.journal_day_of(journal)
    late = datetime(2026, 11, 10, 16, 30, tzinfo=UTC)  # 01:30 on the 11th at +9
    assert day_of(late) == date(2026, 11, 11)
    after = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 22:00 on the 24th at -5
    assert day_of(after) == date(2026, 11, 24)
    before = datetime(2026, 10, 1, 20, 0, tzinfo=UTC)  # the first check-in's offset
    assert day_of(before) == date(2026, 10, 2)
    empty = os_.day_of_offsets([], [])
    assert empty(after) == after.astimezone().date()


def test_a_kind_whose_module_is_missing_costs_only_its_own_sources(journal, book, fake,
                                                                    monkeypatch, tmp_path):
    f = tmp_path / "m.csv"
    f.write_text(f"date,value\n{D1},1\n", "utf-8")
    os_.add_source(book, "metric", "Metric", {"file": str(f)})
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, "nosuch"))
    with pytest.raises(SourceError, match="cannot be read by this version"):
        registry.reader_for("nosuch")
    stray = os_.Source(SourceConfig("x1", "nosuch", "Stray", {}))
    book.save(stray)
    plans = {p.source.name: p for p in os_.refresh_all(journal, book)}
    assert "cannot be read by this version" in plans["Stray"].error
    assert values(journal, book.find("Metric")) == {("Metric", D1): 1}
