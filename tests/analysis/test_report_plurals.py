"""The report's text counts in the singular for one (one check-in, one day, one prediction)
and says in words why a calibration has no skill score."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tracker.analysis import guards
from tracker.analysis.insights import insights
from tracker.services.journal import Journal
from tracker.services.reality import Reality
from tracker.services.report import build_report, format_report
from tracker.services.table import format_table

TZ = timezone(timedelta(hours=1))


def test_one_check_in_one_day_one_prediction(data_dir):
    journal = Journal.open(data_dir)
    try:
        skill = journal.add_skill("Writing", "cannot start", "clear drafts", "publishable").ids[0]
        journal.record(ratings={skill: 6}, values={"mood": 5},
                       at=datetime(2026, 3, 2, 9, tzinfo=TZ))
        reality = Reality(journal)
        reality.log_evaluation(kind="interview", evaluator="Org", probability=0.4)
        reality.resolve(reality.evaluations()[0].id, "accepted")
        report = build_report(journal.skills(), journal.factors(), journal.checkins(),
                              evaluations=reality.evaluations(), revisits=reality.revisits())
        text = format_report(report)
        assert text.startswith("Writing: 1 check-in on 1 day (2026-03-02 to 2026-03-02)\n")
        calibration = next(line for line in text.splitlines() if line.startswith("Calibration"))
        assert calibration == ("Calibration: 1 prediction, Brier 0.360 (base rate 0.000), no "
                               "skill score while every outcome is good (it needs good and bad "
                               "ones) (insufficient_data)")
        assert format_table(journal.checkins(), journal.skills(),
                            journal.factors()).endswith("\n1 check-in\n")
    finally:
        journal.close()


def test_about_one_more_day_is_singular():
    factor = {"factor": "mood", "name": "Mood", "status": guards.INSUFFICIENT, "n_eff": 29,
              "more_days_needed": 1}
    section = {"skill": {"name": "Chess"}, "counts": {"checkins": 40},
               "regression": {"available": True, "factors": [factor], "share_explained": None},
               "correlations": [], "time_of_day": {}, "carry_over": [],
               "adjusted": {"available": False}}
    (sentence,) = insights(section)
    assert sentence["text"] == ("Mood: not enough data for a claim yet (effective n 29, 30 "
                                "needed; about 1 more day with check-ins).")
    factor["more_days_needed"] = 4
    assert "about 4 more days with check-ins" in insights(section)[0]["text"]

