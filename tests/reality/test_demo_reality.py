"""The demo year carries evaluations and blind re-ratings whose built-in biases the Reality
report finds, so a newcomer on ``--demo`` sees calibration and then-vs-now filled in."""

from __future__ import annotations

from datetime import date

from tracker.services.demo import seed_journal
from tracker.services.demo_reality import REVISIT_SLOPE
from tracker.services.journal import Journal
from tracker.services.reality import Reality


def test_the_demo_year_has_reality_data_with_the_biases_it_was_built_with(tmp_path):
    journal = Journal.open(tmp_path)
    try:
        seed_journal(journal, end=date(2026, 11, 26))
        reality = Reality(journal)
        evaluations, revisits = reality.evaluations(), reality.revisits()
        report = reality.report(today=date(2026, 11, 27))
    finally:
        journal.close()
    assert len(evaluations) == 60 and len(revisits) == 40
    assert sum(e.pending for e in evaluations) == 3
    checkins = {c.id: c for c in journal_checkins(tmp_path)}
    assert all(e.prediction.checkin_id in checkins for e in evaluations)
    assert all((r.at - checkins[r.checkin_id].at).days >= 30 for r in revisits)
    bias = report["calibration"]["bias"]["overall"]
    assert bias["ci95"][0] > 0  # overconfident, and the interval says so
    slope = report["revisits"]["skills"][0]["later_on_earlier"]
    assert slope["ci95"][1] < 1  # regression to the mean
    assert abs(slope["slope"] - REVISIT_SLOPE) < 0.4
    mood = report["revisits"]["skills"][0]["by_state"]["mood"]
    assert mood["ci95"][1] < 0  # kinder, looking back, to low-mood days


def journal_checkins(data_dir):
    journal = Journal.open(data_dir)
    try:
        return journal.checkins()
    finally:
        journal.close()


def test_a_demo_without_reality_has_none(tmp_path):
    journal = Journal.open(tmp_path)
    try:
        seed_journal(journal, days=60, end=date(2026, 11, 26), reality=False)
        assert Reality(journal).evaluations() == [] and Reality(journal).revisits() == []
    finally:
        journal.close()
