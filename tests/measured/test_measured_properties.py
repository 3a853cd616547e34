"""Any valid probe and outcome survives the store and the JSON export unchanged: every trial,
float and text, the UTC offset, the discard reason (hypothesis)."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.exchange.exchange_strategies import TEXT_CHARS
from tracker.domain.measured import (
    DailyOutcome,
    DiscardReason,
    Measure,
    Probe,
    ProbeKind,
    ProbeTrial,
)
from tracker.exchange.measured_json import (
    MeasuredDataset,
    load_measured,
    measured_to_json,
    probe_to_json,
)
from tracker.store import Store

times = st.floats(0, 1e7, allow_nan=False)
numbers = st.floats(0, 1e6, allow_nan=False)
past = st.builds(lambda naive, minutes: naive.replace(tzinfo=timezone(timedelta(minutes=minutes))),
                 st.datetimes(datetime(1971, 1, 1), datetime(2025, 12, 31)),
                 st.integers(-1439, 1439))
trials = st.builds(ProbeTrial, times, st.none() | times, st.text(TEXT_CHARS, max_size=3),
                   st.none() | st.booleans(), st.booleans())
_ids = (f"probe-{n}" for n in itertools.count())


@st.composite
def probes(draw: st.DrawFn) -> Probe:
    kind = draw(st.sampled_from(list(ProbeKind)))
    discarded = draw(st.none() | st.sampled_from(list(DiscardReason)))
    return Probe(next(_ids), kind, draw(past), draw(st.floats(0.001, 1e4)),
                 draw(st.none() | st.floats(0, 10)), tuple(draw(st.lists(trials, max_size=8))),
                 None if discarded else draw(st.none() | numbers),
                 draw(st.none() | numbers), discarded)


outcomes = st.builds(DailyOutcome, st.just("m"), st.dates(date(1971, 1, 1), date(2025, 12, 31)),
                     st.floats(-1e9, 1e9, allow_nan=False),
                     st.text(TEXT_CHARS, min_size=1, max_size=8), st.none() | past)


@given(st.lists(probes(), max_size=3), st.lists(outcomes, max_size=4, unique_by=lambda o: o.day))
def test_probes_and_outcomes_round_trip_through_json(made, days):
    measure = Measure("m", "pages", "p")
    text = json.dumps(measured_to_json(MeasuredDataset(probes=made, measures=[measure],
                                                       outcomes=days)))
    back_probes, back_measures, back_outcomes = load_measured(json.loads(text), set())
    assert [probe_to_json(p) for p in back_probes] == [probe_to_json(p) for p in made]
    assert back_measures == [measure]
    assert [(o.day, o.value, o.source, o.recorded_at, o.recorded_at and o.recorded_at.utcoffset())
            for o in back_outcomes] == [
        (o.day, o.value, o.source, o.recorded_at, o.recorded_at and o.recorded_at.utcoffset())
        for o in days]


def test_probes_round_trip_through_the_store(tmp_path):
    store = Store.open(tmp_path / "data")

    @given(st.lists(probes(), min_size=1, max_size=3))
    def check(made):
        for probe in made:
            store.measured.add_probe(probe)
        stored = {p.id: probe_to_json(p) for p in store.measured.list_probes()}
        assert [stored[p.id] for p in made] == [probe_to_json(p) for p in made]

    try:
        check()
    finally:
        store.close()
