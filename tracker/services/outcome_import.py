"""Daily outcomes by measure name: one typed by hand (``outcome add``) or a CSV file of them
(``outcome import``), checked whole before anything is written.

Re-importing a file changes nothing: a row whose value is already stored for that measure and
day is left as it is. A row that *disagrees* with a stored value is refused (with its line)
unless ``replace`` is given: a file never silently overwrites a value typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.measured import DailyOutcome, Measure
from tracker.errors import ValidationError
from tracker.services.changes import Change
from tracker.services.clock import local_now
from tracker.services.measured import check_outcome_day, new_measure

if TYPE_CHECKING:
    from tracker.exchange.outcome_csv import OutcomeRow
    from tracker.services.journal import Journal


class UnknownMeasure(ValidationError):
    """No measure has that name (the caller may offer to create it)."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


class ConflictingOutcome(ValidationError):
    """A row disagrees with the value stored for its measure and day (``replace`` takes it)."""


@dataclass
class OutcomePlan:
    """What an import will write: new measures, then the outcomes added or replaced.

    ``conflicts`` says, line by line, which stored values it replaces; ``change`` is what the
    journal returned once written (None before, or when nothing was new)."""

    measures: list[Measure] = field(default_factory=list)
    outcomes: list[DailyOutcome] = field(default_factory=list)
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    change: Change | None = None


@dataclass(frozen=True, slots=True)
class OutcomeAdded:
    """One outcome typed by hand: its measure (``created`` if new), the value it replaced and
    the journal's ``change`` (for the window's refresh)."""

    measure: Measure
    day: date
    value: float
    previous: float | None
    created: bool
    change: Change


def unknown_measure(name: str, journal: Journal, where: str = "") -> UnknownMeasure:
    known = ", ".join(m.name for m in journal.list_measures(include_archived=False))
    return UnknownMeasure(f"{where}no measure called {name!r} (measures: {known or 'none yet'})",
                          name)


def check_unit(measure: Measure, unit: str, where: str = "") -> None:
    if unit and measure.unit and unit.casefold() != measure.unit.casefold():
        raise ValidationError(f"{where}{measure.name} is measured in {measure.unit}, not {unit}.")


def add_by_name(journal: Journal, name: str, value: float, day: date | None = None, *,
                create: bool = False, unit: str = "",
                higher_is_better: bool = True) -> OutcomeAdded:
    """Save one day's value of the measure called ``name`` (created first with ``create``)."""
    day = day or local_now().date()
    measure = journal.measure_by_name(name)
    created = measure is None
    if measure is None:
        if not create:
            raise unknown_measure(name, journal)
        measure = new_measure(name, unit, higher_is_better, journal.list_measures())
    check_unit(measure, unit)
    check_outcome_day(day, local_now().date())
    previous = stored_value(journal, measure.id, day)
    outcome = DailyOutcome(measure.id, day, value, "manual", local_now())
    change = journal.add_outcomes([outcome], [measure] if created else [])
    return OutcomeAdded(measure, day, float(value), previous, created, change)


def stored_value(journal: Journal, measure_id: str, day: date) -> float | None:
    """The value stored for ``measure_id`` on ``day``, or None."""
    return {o.day: o.value for o in journal.list_outcomes(measure_id)}.get(day)


def plan_outcome_import(journal: Journal, rows: list[OutcomeRow], *, create: bool = False,
                        replace: bool = False, source: str = "csv") -> OutcomePlan:
    """Check every row against the journal; a ``ValidationError`` naming the line otherwise."""
    now = local_now()
    plan = OutcomePlan()
    existing = journal.list_measures()
    by_name = {m.name.casefold(): m for m in existing}
    stored = {(o.measure_id, o.day): o.value for o in journal.list_outcomes()}
    for row in rows:
        where = f"Line {row.line}: "
        measure = by_name.get(row.measure.casefold())
        if measure is None:
            if not create:
                raise unknown_measure(row.measure, journal, where)
            measure = new_measure(row.measure, row.unit, True, existing + plan.measures)
            plan.measures.append(measure)
            by_name[measure.name.casefold()] = measure
        check_unit(measure, row.unit, where)
        check_outcome_day(row.day, now.date(), where)
        before = stored.get((measure.id, row.day))
        if before == row.value:
            plan.unchanged += 1
            continue
        if before is not None:
            conflict = (f"{where}{measure.name} on {row.day.isoformat()} is {before:g} in the "
                        f"journal, the file says {row.value:g}")
            if not replace:
                raise ConflictingOutcome(conflict)
            plan.conflicts.append(conflict)
        plan.outcomes.append(DailyOutcome(measure.id, row.day, row.value, source, now))
        if before is None:
            plan.added += 1
        else:
            plan.replaced += 1
    return plan


def import_outcome_file(journal: Journal, path: Path, *, create: bool = False,
                        replace: bool = False) -> OutcomePlan:
    """Read, check and save a CSV of outcomes, all or nothing; what was done."""
    plan = plan_outcome_file(journal, path, create=create, replace=replace)
    if plan.outcomes or plan.measures:
        plan.change = journal.add_outcomes(plan.outcomes, plan.measures)
    return plan


def plan_outcome_file(journal: Journal, path: Path, *, create: bool = True,
                      replace: bool = True) -> OutcomePlan:
    """Read and check a CSV of outcomes without writing: what an import would do (by default
    with every new measure and replaced value listed, for the window to ask about first)."""
    from tracker.exchange.outcome_csv import read_outcome_csv
    from tracker.services.import_files import read_import_file

    rows = read_outcome_csv(read_import_file(path), str(path))
    return plan_outcome_import(journal, rows, create=create, replace=replace)
