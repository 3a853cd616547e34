"""Probes, measures and outcomes in the whole-journal export and import.

Import rules, all or nothing like the check-ins': a probe with a new id is added, an identical
one skipped, one whose id exists with other content refuses the file. A measure is matched by
id (its name, unit and flags are taken from the file, like a skill's); one with the name of a
different measure of yours refuses the file. A day's outcome is added when the journal has none
for that measure and day, skipped when it has the same value, and refuses the file when it has
another (``touchstone outcome import --replace`` is the way to overwrite values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from tracker.domain.measured import DailyOutcome, Measure, Probe
from tracker.domain.words import plural
from tracker.errors import ExchangeError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session

    from tracker.exchange.dataset import Dataset
    from tracker.exchange.measured_json import MeasuredDataset
    from tracker.services.journal import Journal

NOTHING = "Nothing was imported."


def measured_dataset(journal: Journal) -> MeasuredDataset:
    """Everything in the journal: definitions, check-ins, evaluations, revisits, probes,
    measures and outcomes."""
    from tracker.exchange.measured_json import MeasuredDataset
    from tracker.services.reality import full_dataset

    reality = full_dataset(journal)
    return MeasuredDataset(
        skills=reality.skills, factors=reality.factors, checkins=reality.checkins,
        evaluations=reality.evaluations, revisits=reality.revisits,
        probes=journal.list_probes(), measures=journal.list_measures(),
        outcomes=journal.list_outcomes())


@dataclass
class MeasuredImport:
    """What of a file's probes, measures and outcomes is new."""

    probes: list[Probe] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    outcomes: list[DailyOutcome] = field(default_factory=list)

    def writer(self) -> Callable[[Session], None] | None:
        """Writes them inside the import's transaction (None when there is nothing)."""
        if not (self.probes or self.measures or self.outcomes):
            return None
        from tracker.store.measured_repository import import_measured

        return partial(import_measured, probes=self.probes, measures=self.measures,
                       outcomes=self.outcomes)

    def summary(self) -> str:
        """"Added 3 probes and 12 outcomes." (empty when nothing of them was new)."""
        parts = [plural(len(items), noun) for items, noun in (
            (self.probes, "probe"), (self.measures, "measure"), (self.outcomes, "outcome"))
            if items]
        if not parts:
            return ""
        return "Added " + (" and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1
                           else parts[0]) + "."


def plan_measured_import(journal: Journal, data: Dataset) -> MeasuredImport:
    """The new probes, measures and outcomes of ``data``; an ``ExchangeError`` on a clash."""
    from tracker.exchange.measured_json import probe_to_json

    plan = MeasuredImport()
    have = {p.id: p for p in journal.list_probes()} if getattr(data, "probes", None) else {}
    for probe in getattr(data, "probes", []):
        mine = have.get(probe.id)
        if mine is None:
            plan.probes.append(probe)
        elif probe_to_json(mine) != probe_to_json(probe):
            raise ExchangeError(f"The file's probe {probe.id} differs from the one with that id "
                                f"in your journal. {NOTHING}")
    measures = {m.id: m for m in journal.list_measures()}
    names = {m.name.casefold(): m.id for m in measures.values()}
    for measure in getattr(data, "measures", []):
        owner = names.get(measure.name.casefold())
        if owner is not None and owner != measure.id:
            raise ExchangeError(f"The file's measure {measure.name!r} has a different id from "
                                f"your measure of that name. {NOTHING}")
        if measures.get(measure.id) != measure:
            plan.measures.append(measure)
    stored = {(o.measure_id, o.day): o for o in journal.list_outcomes()}
    named = {m.id: m.name for m in [*measures.values(), *plan.measures]}
    for outcome in getattr(data, "outcomes", []):
        mine_outcome = stored.get((outcome.measure_id, outcome.day))
        if mine_outcome is None:
            plan.outcomes.append(outcome)
        elif mine_outcome.value != outcome.value:
            raise ExchangeError(
                f"The file's {named.get(outcome.measure_id, outcome.measure_id)} on "
                f"{outcome.day.isoformat()} is {outcome.value:g}, your journal has "
                f"{mine_outcome.value:g}. {NOTHING}")
    return plan
