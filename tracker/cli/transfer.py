"""``touchstone export`` and ``import`` (Touchstone's own CSV/JSON, or another app's export
with ``--from``): the services plan and write, this module prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.cli.context import CommandContext
from tracker.cli.parsing import parse_pair
from tracker.domain.words import plural
from tracker.errors import ExchangeError, UserError, ValidationError

if TYPE_CHECKING:
    from tracker.services.journal import Journal


def cmd_export(args: argparse.Namespace, context: CommandContext) -> int:
    out = None if args.output in (None, "-") else Path(args.output)
    journal = context.journal()
    from tracker.services import encryption, transfer

    if encryption.is_encrypted(context.paths):
        print(f"touchstone: note: {encryption.EXPORT_WARNING}", file=sys.stderr)
    if out is None:  # the service returns the text; printing it is the command line's job
        text, _ = transfer.render(journal, args.format, bom=args.bom)
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except OSError as exc:
            raise UserError(f"Could not write the export: {exc.strerror or exc}.") from None
        return 0
    count = transfer.export_to(journal, out, args.format, bom=args.bom)
    print(f"Exported {plural(count, 'check-in')} to {out}.", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, context: CommandContext) -> int:
    if args.source is not None:
        return run_foreign_import(args, context.journal())
    if args.map or args.dry_run:
        raise ValidationError(
            "--map and --dry-run go with --from daylio|bearable|trackandgraph|csv|auto."
        )
    from tracker.services import transfer

    result = transfer.import_from(context.journal(), args.file, args.format)
    for line in result.created:
        print(line)
    print(f"Imported {plural(result.added, 'check-in')}; {result.skipped:,} already present.")
    return 0


def map_pair(text: str) -> tuple[str, str]:
    """``--map LABEL=VALUE``, the label's inner spaces collapsed (labels are matched so)."""
    label, value = parse_pair(text, "--map", "LABEL=VALUE")
    return " ".join(label.split()), value


def run_foreign_import(args: argparse.Namespace, journal: Journal) -> int:
    """``touchstone import FILE --from APP [--map …] [--dry-run]``: print the plan, apply it."""
    from tracker.services import foreign_import

    pairs = [map_pair(text) for text in args.map or []]
    plan = foreign_import.plan_from_pairs(journal, Path(args.file), args.source, pairs)
    for line in plan.lines():
        print(line)
    if args.dry_run:
        if plan.conflict:
            raise ExchangeError(plan.conflict)
        print("Dry run: nothing was imported.")
        return 0
    result = foreign_import.apply_import(journal, plan)
    print(f"Imported {plural(result.added, 'check-in')}; {result.skipped:,} already present.")
    return 0
