"""Tables of schema version 2: external evaluations and blind re-ratings (revisits).

Times are stored like check-ins: integer microseconds since the epoch (UTC) plus the UTC offset
in minutes. Registered on the same ``Base`` as the core tables, so the test comparing the
migrated schema with the models covers them too.
"""

from __future__ import annotations

from sqlalchemy import REAL, Boolean, CheckConstraint, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.store.tables import Base, table_of


class EvaluationRow(Base):
    """An external evaluation with its prediction (before) and outcome (after)."""

    __tablename__ = "evaluations"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('application', 'interview', 'work_trial', 'performance_review', "
            "'peer_review', 'exam', 'first_impression', 'other')",
            name="evaluation_kind",
        ),
        CheckConstraint("probability IS NULL OR probability BETWEEN 0 AND 1",
                        name="evaluation_probability"),
        CheckConstraint("outcome IS NULL OR outcome IN ('accepted', 'rejected', 'no_answer')",
                        name="evaluation_outcome"),
        Index("ix_evaluations_at", "at_utc_us", "id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    at_utc_us: Mapped[int] = mapped_column(Integer)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)
    evaluator: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    expected_by: Mapped[str | None] = mapped_column(Text)  # ISO date
    notes: Mapped[str] = mapped_column(Text)
    scale_min: Mapped[float | None] = mapped_column(REAL)
    scale_max: Mapped[float | None] = mapped_column(REAL)
    has_prediction: Mapped[bool] = mapped_column(Boolean)
    probability: Mapped[float | None] = mapped_column(REAL)
    expected_score: Mapped[float | None] = mapped_column(REAL)
    predicted_utc_us: Mapped[int | None] = mapped_column(Integer)
    predicted_offset_min: Mapped[int | None] = mapped_column(Integer)
    checkin_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    outcome: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(REAL)
    reason: Mapped[str] = mapped_column(Text)
    resolved_utc_us: Mapped[int | None] = mapped_column(Integer)
    resolved_offset_min: Mapped[int | None] = mapped_column(Integer)
    created_utc: Mapped[str] = mapped_column(Text)
    updated_utc: Mapped[str] = mapped_column(Text)


class RevisitRow(Base):
    """A blind re-rating of one skill of a past check-in (deleted with the check-in)."""

    __tablename__ = "revisits"
    __table_args__ = (
        CheckConstraint("rating_then BETWEEN 1 AND 10 AND rating_now BETWEEN 1 AND 10",
                        name="revisit_ratings"),
        Index("ix_revisits_checkin", "checkin_id", "skill_id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    checkin_id: Mapped[str] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="CASCADE")
    )
    skill_id: Mapped[str] = mapped_column(Text, ForeignKey("skills.id"))
    at_utc_us: Mapped[int] = mapped_column(Integer)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    rating_then: Mapped[int] = mapped_column(Integer)
    rating_now: Mapped[int] = mapped_column(Integer)
    now_checkin_id: Mapped[str | None] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    created_utc: Mapped[str] = mapped_column(Text)


EVALUATIONS = table_of(EvaluationRow)
REVISITS = table_of(RevisitRow)
