"""Tables of schema version 3: timed probes with their trials, measures and daily outcomes.

A probe's instant is stored like a check-in's (UTC microseconds + offset in minutes); a daily
outcome's day is an ISO date (a calendar day, no instant). Registered on the same ``Base`` as
the core tables, so the test comparing the migrated schema with the models covers them too.
"""

from __future__ import annotations

from sqlalchemy import REAL, Boolean, CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.tables import Base, table_of


class ProbeRow(Base):
    """One run of a timed task: its prediction, score, error variance or discard reason."""

    __tablename__ = "probes"
    __table_args__ = (
        CheckConstraint("kind IN ('vigilance', 'digit_symbol')", name="probe_kind"),
        CheckConstraint(
            "discarded IS NULL OR discarded IN ('cancelled', 'focus_lost', 'clock_jump', "
            "'event_loop_blocked', 'too_few_trials')",
            name="probe_discarded",
        ),
        CheckConstraint("discarded IS NULL OR score IS NULL", name="probe_discarded_unscored"),
        CheckConstraint("error_variance IS NULL OR error_variance >= 0",
                        name="probe_error_variance"),
        Index("ix_probes_at", "at_utc_us", "id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    at_utc_us: Mapped[int] = mapped_column(Integer)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(REAL)
    prediction: Mapped[float | None] = mapped_column(REAL)
    score: Mapped[float | None] = mapped_column(REAL)
    error_variance: Mapped[float | None] = mapped_column(REAL)
    discarded: Mapped[str | None] = mapped_column(Text)
    checkin_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    created_utc: Mapped[str] = mapped_column(Text)


class ProbeTrialRow(Base):
    """One stimulus of a probe and the response to it (deleted with the probe)."""

    __tablename__ = "probe_trials"
    __table_args__ = ({"sqlite_with_rowid": False},)

    probe_id: Mapped[str] = mapped_column(
        Text, ForeignKey("probes.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    onset_ms: Mapped[float] = mapped_column(REAL)
    rt_ms: Mapped[float | None] = mapped_column(REAL)
    response: Mapped[str] = mapped_column(Text)
    correct: Mapped[bool | None] = mapped_column(Boolean)
    false_start: Mapped[bool] = mapped_column(Boolean)


class MeasureRow(Base):
    """Something measured each day, e.g. "pages written" in "pages"."""

    __tablename__ = "measures"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    higher_is_better: Mapped[bool] = mapped_column(Boolean)
    archived: Mapped[bool] = mapped_column(Boolean)


class DailyOutcomeRow(Base):
    """One day's value of a measure: at most one per measure and day."""

    __tablename__ = "daily_outcomes"
    __table_args__ = (
        Index("ix_daily_outcomes_day", "day", "measure_id"),
        {"sqlite_with_rowid": False},
    )

    measure_id: Mapped[str] = mapped_column(
        Text, ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[str] = mapped_column(Text, primary_key=True)  # ISO date
    value: Mapped[float] = mapped_column(REAL)
    source: Mapped[str] = mapped_column(Text)
    recorded_utc_us: Mapped[int | None] = mapped_column(Integer)
    recorded_offset_min: Mapped[int | None] = mapped_column(Integer)


PROBES = table_of(ProbeRow)
PROBE_TRIALS = table_of(ProbeTrialRow)
MEASURES = table_of(MeasureRow)
DAILY_OUTCOMES = table_of(DailyOutcomeRow)
