"""Command-line glue for importing other apps' exports (kept light: the parser imports this).

``add_import_options`` adds ``--from``, ``--map`` and ``--dry-run`` to the ``import``
sub-parser without loading the database or exchange code; ``run_foreign_import`` loads the
service only when the command runs.
"""

from __future__ import annotations

import argparse

SOURCES = ("daylio", "bearable", "trackandgraph", "csv", "auto")


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--from``, ``--map`` and ``--dry-run`` to the ``import`` sub-parser."""
    parser.add_argument(
        "--from",
        dest="source",
        choices=SOURCES,
        metavar="APP",
        help="import another app's export: daylio, bearable, trackandgraph, csv (any "
        "sheet) or auto (detect)",
    )
    parser.add_argument(
        "--map",
        dest="map",
        action="append",
        default=[],
        metavar="LABEL=VALUE",
        help="a mood label's value (rad=9), a measure's target (Productivity=skill:Work@1-5, "
        "Energy=skip) or, with --from csv, a column's role (Date=timestamp:%%d/%%m/%%Y)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would be imported and change nothing"
    )


def run_foreign_import(args: argparse.Namespace, journal) -> int:
    """``touchstone import FILE --from APP [--map …] [--dry-run]``; prints the plan."""
    from tracker.services import foreign_import

    return foreign_import.run_foreign_import(args, journal)
