"""The database tables as SQLAlchemy 2 typed declarative models.

User-defined skills and factors are rows, not columns, so a new factor needs no migration.
A check-in keeps its instant as integer microseconds since the Unix epoch (UTC) and the UTC
offset in minutes, so both the instant and the local wall time come back exactly.

These models describe the current schema; the migrations in ``migrations.py`` build it, and a
test checks that the two agree.
"""

from __future__ import annotations

from sqlalchemy import REAL, Boolean, CheckConstraint, ForeignKey, Index, Integer, Table, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every Touchstone table."""


class SkillRow(Base):
    """A skill the user rates, with the anchors that say what 1, 5 and 10 mean."""

    __tablename__ = "skills"

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    anchor_low: Mapped[str] = mapped_column(Text, default="")
    anchor_mid: Mapped[str] = mapped_column(Text, default="")
    anchor_high: Mapped[str] = mapped_column(Text, default="")


class FactorRow(Base):
    """A state factor: built-in (mood, sleep …) or defined by the user."""

    __tablename__ = "factors"
    __table_args__ = (CheckConstraint("kind IN ('number', 'scale', 'yesno')", name="factor_kind"),)

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    minimum: Mapped[float | None] = mapped_column(REAL)
    maximum: Mapped[float | None] = mapped_column(REAL)
    step: Mapped[float] = mapped_column(REAL, default=1.0)
    unit: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    low_label: Mapped[str] = mapped_column(Text, default="")
    high_label: Mapped[str] = mapped_column(Text, default="")


class CheckInRow(Base):
    """One check-in: when (instant + offset) and the note; ratings etc. live in child tables."""

    __tablename__ = "checkins"
    __table_args__ = (
        CheckConstraint("utc_offset_min BETWEEN -1439 AND 1439", name="checkin_offset"),
        Index("ix_checkins_at", "at_utc_us", "id"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)  # UUID, canonical text
    at_utc_us: Mapped[int] = mapped_column(Integer)  # microseconds since 1970-01-01T00:00Z
    utc_offset_min: Mapped[int] = mapped_column(Integer)  # local time = UTC + this
    note: Mapped[str] = mapped_column(Text, default="")
    created_utc: Mapped[str] = mapped_column(Text)  # ISO 8601, UTC, ends in Z
    updated_utc: Mapped[str] = mapped_column(Text)


class RatingRow(Base):
    """A self-rating (1-10) of one skill in one check-in."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("value BETWEEN 1 AND 10", name="rating_range"),
        Index("ix_ratings_skill", "skill_id", "checkin_id", "value"),
        {"sqlite_with_rowid": False},
    )

    checkin_id: Mapped[str] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[str] = mapped_column(Text, ForeignKey("skills.id"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class FactorValueRow(Base):
    """The value of one factor in one check-in; a missing value has no row."""

    __tablename__ = "factor_values"
    __table_args__ = (
        Index("ix_factor_values_factor", "factor_id", "checkin_id", "value"),
        {"sqlite_with_rowid": False},
    )

    checkin_id: Mapped[str] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True
    )
    factor_id: Mapped[str] = mapped_column(Text, ForeignKey("factors.id"), primary_key=True)
    value: Mapped[float] = mapped_column(REAL)


class CheckInTagRow(Base):
    """A tag of a check-in; ``position`` keeps the order, ``tag_key`` is the casefolded tag."""

    __tablename__ = "checkin_tags"
    __table_args__ = (
        Index("ix_checkin_tags_key", "tag_key", "checkin_id"),
        {"sqlite_with_rowid": False},
    )

    checkin_id: Mapped[str] = mapped_column(
        Text, ForeignKey("checkins.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    tag: Mapped[str] = mapped_column(Text)
    tag_key: Mapped[str] = mapped_column(Text)


def table_of(row: type[Base]) -> Table:
    """The ``Table`` of a mapped class (SQLAlchemy types ``__table__`` as any FROM clause)."""
    table = row.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{row.__name__} is not mapped to a table")
    return table


SKILLS = table_of(SkillRow)
FACTORS = table_of(FactorRow)
CHECKINS = table_of(CheckInRow)
RATINGS = table_of(RatingRow)
FACTOR_VALUES = table_of(FactorValueRow)
CHECKIN_TAGS = table_of(CheckInTagRow)
