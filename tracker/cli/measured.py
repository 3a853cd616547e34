"""``touchstone outcome add|import|list`` and ``touchstone probe list``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cli.context import CommandContext
from tracker.cli.parsing import parse_day, parse_number
from tracker.domain.words import plural
from tracker.errors import ValidationError

if TYPE_CHECKING:
    from tracker.services.journal import Journal

NOTHING = "Nothing was imported."


def run_outcome(args: argparse.Namespace, context: CommandContext) -> int:
    """Run ``outcome …``; a ``UserError`` propagates to ``cli.main`` (one line, exit 2)."""
    if args.outcome_command in ("sources", "refresh"):
        from tracker.cli.sources import run_sources

        return run_sources(args, context)
    journal = context.journal()
    if args.outcome_command == "list":
        from tracker.services.outcome_sources import SourceBook

        names = {s.tag: s.name for s in SourceBook(context.settings()).sources()}
        return cmd_outcome_list(args, journal, names)
    return {"add": cmd_outcome_add, "import": cmd_outcome_import}[args.outcome_command](
        args, journal)


def run_probe(args: argparse.Namespace, context: CommandContext) -> int:
    return cmd_probe_list(args, context.journal())


def cmd_outcome_add(args: argparse.Namespace, journal: Journal) -> int:
    from tracker.services.outcome_import import UnknownMeasure, add_by_name

    value = parse_number(args.value, "VALUE")
    day = parse_day(args.date, "--date")
    try:
        added = add_by_name(journal, args.measure, value, day, create=args.create,
                            unit=args.unit or "")
    except UnknownMeasure as exc:
        raise ValidationError(f"{exc}; add --create to define it. Nothing was saved.") from None
    unit = f" {added.measure.unit}" if added.measure.unit else ""
    if added.created:
        print(f"New measure {added.measure.name!r}" + (f" in {added.measure.unit}." if unit
                                                       else "."))
    was = "" if added.previous is None else (
        " (unchanged)" if added.previous == added.value else f" (was {added.previous:g})")
    print(f"{added.measure.name} on {added.day.isoformat()}: {added.value:g}{unit}{was}.")
    return 0


def cmd_outcome_import(args: argparse.Namespace, journal: Journal) -> int:
    from tracker.services.outcome_import import (
        ConflictingOutcome,
        UnknownMeasure,
        import_outcome_file,
    )

    try:
        plan = import_outcome_file(journal, Path(args.file), create=args.create,
                                   replace=args.replace)
    except UnknownMeasure as exc:
        raise ValidationError(f"{exc}; add --create to define it. {NOTHING}") from None
    except ConflictingOutcome as exc:
        raise ValidationError(f"{exc}; add --replace to take the file's values. "
                              f"{NOTHING}") from None
    for measure in plan.measures:
        print(f"New measure {measure.name!r}" + (f" in {measure.unit}." if measure.unit
                                                 else "."))
    print(f"Imported {plural(plan.added, 'outcome')}; {plan.replaced:,} replaced, "
          f"{plan.unchanged:,} already present.")
    return 0


def cmd_outcome_list(args: argparse.Namespace, journal: Journal,
                     sources: dict[str, str] | None = None) -> int:
    """The outcomes as a table; a source's values name the source (``sources``: tag -> name)."""
    measures = {m.id: m for m in journal.list_measures()}
    wanted = None
    if args.measure is not None:
        found = journal.measure_by_name(args.measure)
        if found is None:
            from tracker.services.outcome_import import unknown_measure

            raise unknown_measure(args.measure, journal)
        wanted = found.id
    outcomes = journal.list_outcomes(wanted)
    if not outcomes:
        print("No outcomes yet: `touchstone outcome add MEASURE VALUE --create` records one.")
        return 0
    width = max(len(measures[o.measure_id].name) for o in outcomes) + 2
    print(f"{'date':<12}{'measure':<{width}}{'value':>10}  {'unit':<10}source")
    for o in outcomes:
        m = measures[o.measure_id]
        print(f"{o.day.isoformat():<12}{m.name:<{width}}{o.value:>10g}  {m.unit:<10}"
              f"{(sources or {}).get(o.source, o.source)}")
    return 0


def cmd_probe_list(args: argparse.Namespace, journal: Journal) -> int:
    probes = journal.list_probes()
    if not probes:
        print("No probes yet: run one from the window after a check-in.")
        return 0
    print(f"{'date':<18}{'kind':<14}{'predicted':>10}{'score':>10}{'± SE':>8}  discarded")
    for p in probes:
        se = "" if p.error_variance is None else f"{p.error_variance ** 0.5:.2f}"
        print(f"{p.at:%Y-%m-%d %H:%M}  {p.kind.value.replace('_', '-'):<14}"
              f"{_number(p.prediction):>10}{_number(p.score):>10}{se:>8}  "
              f"{(p.discarded.value.replace('_', ' ') if p.discarded else '')}")
    return 0


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
