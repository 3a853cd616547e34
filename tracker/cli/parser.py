"""The argparse tree: every command, option and help text (``touchstone --help`` loads only this).

Imports nothing of ours: the command modules, the services and the domain load only when a
command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

KINDS = ("application", "interview", "work-trial", "performance-review", "peer-review", "exam",
         "first-impression", "other")
OUTCOMES = ("accepted", "rejected", "no-answer")
SOURCES = ("daylio", "bearable", "trackandgraph", "csv", "auto")
Subparsers = Any  # argparse._SubParsersAction[argparse.ArgumentParser] (a private name)


class _Parser(argparse.ArgumentParser):
    """argparse, except that ``--opt=--`` gives ``--opt`` the value ``--`` (Python 3.11's
    argparse drops the ``--`` and stores an empty list instead of a string)."""

    def _get_values(self, action, arg_strings):
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)


def global_options(defaults: bool) -> argparse.ArgumentParser:
    """Options accepted before and after the command (only the top level sets defaults)."""
    parent = argparse.ArgumentParser(add_help=False)
    default = None if defaults else argparse.SUPPRESS
    parent.add_argument("--data-dir", type=Path, default=default, metavar="DIR",
                        help="where the database, backups, logs and settings live")
    parent.add_argument("--demo", action="store_true",
                        default=False if defaults else argparse.SUPPRESS,
                        help="use a temporary data dir seeded with a generated year")
    return parent


class _VersionAction(argparse.Action):
    """``--version``: the installed version, looked up only when asked for."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import tracker

        print(f"Touchstone {tracker.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, from ``touchstone`` down to ``eval resolve``."""
    common = global_options(defaults=False)
    parser = _Parser(
        prog="touchstone",
        parents=[global_options(defaults=True)],
        description="Touchstone: how much does your state cloud your judgment of yourself?",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="open the window and quit once the form can save (for timing)")
    sub = parser.add_subparsers(dest="command", metavar="command")
    _add_checkin_parsers(sub, common)
    _add_reality_parsers(sub, common)
    _add_measured_parsers(sub, common)
    _add_encryption_parsers(sub, common)
    _add_maintenance_parsers(sub, common)
    return parser


def _add_checkin_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``add``, ``list``, ``export``, ``import``, ``report``, ``screenshot``, ``self-test``."""
    add = sub.add_parser("add", parents=[common], help="record one check-in")
    add.add_argument("--skill", action="append", default=[], metavar="NAME=V", required=True,
                     help="a self-rating 1-10 (repeat for several skills)")
    for flag, what in (("--mood", "1-10"), ("--sleep", "hours last night, 0-24"),
                       ("--sleep-quality", "1-5"), ("--hunger", "1-5 (5 = starving)"),
                       ("--energy", "1-10"), ("--stress", "1-10")):
        add.add_argument(flag, metavar="V", help=what)
    add.add_argument("--factor", action="append", default=[], metavar="NAME=V",
                     help="a custom factor's value (yes/no as 1/0)")
    add.add_argument("--tag", action="append", default=[], metavar="T")
    notes = add.add_mutually_exclusive_group()
    notes.add_argument("--note", default="", metavar="TEXT",
                       help="a note (other users of the computer can see a command line: "
                            "prefer --note-file for anything private)")
    notes.add_argument("--note-file", metavar="FILE",
                       help="read the note from FILE, or from standard input with -")
    add.add_argument("--at", metavar="ISO", help="when (default now), e.g. 2026-11-27T08:30")

    lst = sub.add_parser("list", parents=[common], help="show check-ins as a table")
    lst.add_argument("--since", metavar="DATE")
    lst.add_argument("--until", metavar="DATE")
    lst.add_argument("--tag", metavar="T")
    lst.add_argument("--search", metavar="TEXT")

    exp = sub.add_parser("export", parents=[common], help="write all data as CSV or JSON")
    exp.add_argument("--format", choices=("csv", "json"), required=True)
    exp.add_argument("-o", "--output", metavar="FILE", help="file to write ('-' = stdout)")
    exp.add_argument("--bom", action="store_true", help="start the CSV with a BOM (for Excel)")

    imp = sub.add_parser("import", parents=[common], help="import a CSV or JSON file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=("csv", "json"))
    add_import_options(imp)

    rep = sub.add_parser("report", parents=[common], help="the analysis, as text or JSON")
    rep.add_argument("--skill", metavar="NAME")
    rep.add_argument("--since", metavar="DATE")
    rep.add_argument("--json", action="store_true")
    rep.add_argument("-o", "--output", metavar="FILE")

    shot = sub.add_parser("screenshot", parents=[common], help="render the windows to PNG")
    shot.add_argument("-o", "--output", required=True, type=Path, metavar="DIR")
    shot.add_argument("--size", default="1100x760", metavar="WxH")
    sub.add_parser("self-test", parents=[common], help="exercise every layer; exit 0 if all work")


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--from``, ``--map`` and ``--dry-run`` (other apps' exports) to ``import``."""
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


def _add_reality_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``eval`` (with add, list, resolve) and ``revisit``."""
    ev = sub.add_parser("eval", parents=[common], help="external evaluations and predictions")
    ev_sub = ev.add_subparsers(dest="eval_command", metavar="action", required=True)

    add = ev_sub.add_parser("add", parents=[common],
                            help="log an evaluation, with your prediction beforehand")
    add.add_argument("--kind", required=True, metavar="KIND", help=", ".join(KINDS))
    add.add_argument("--evaluator", default="", metavar="TEXT", help="who evaluates you")
    add.add_argument("--for", dest="purpose", default="", metavar="TEXT",
                     help="what it is for (a job, a paper …)")
    add.add_argument("--date", metavar="ISO", help="when it took place (default now)")
    add.add_argument("--expected-by", metavar="DATE", help="expected decision date")
    add.add_argument("--notes", default="", metavar="TEXT")
    add.add_argument("--probability", metavar="P",
                     help="your chance of a good outcome, in percent (0-100)")
    add.add_argument("--expected-score", metavar="S", help="the score you expect")
    add.add_argument("--scale", metavar="MIN-MAX", help="the evaluator's scale, e.g. 1-10")
    add.add_argument("--checkin", metavar="ID|latest",
                     help="link the check-in recording your state now ('latest': the last "
                          "three hours' latest)")

    lst = ev_sub.add_parser("list", parents=[common], help="evaluations as a table")
    lst.add_argument("--pending", action="store_true", help="only those without an outcome")
    lst.add_argument("--json", action="store_true")

    res = ev_sub.add_parser("resolve", parents=[common], help="record an outcome")
    res.add_argument("id", help="the evaluation's id (or its first characters)")
    res.add_argument("--outcome", required=True, choices=OUTCOMES)
    res.add_argument("--score", metavar="S", help="the score given, on the evaluation's scale")
    res.add_argument("--reason", default="", metavar="TEXT",
                     help="the stated reason (leave out when none was given)")
    res.add_argument("--replace", action="store_true",
                     help="replace an outcome recorded before")

    rev = sub.add_parser("revisit", parents=[common],
                         help="re-rate a past day blind (interactive)")
    rev.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # reproducible draws (tests)


def _add_measured_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``outcome`` (with add, import, list) and ``probe list``."""
    out = sub.add_parser("outcome", parents=[common], help="measured daily outcomes")
    out_sub = out.add_subparsers(dest="outcome_command", metavar="action", required=True)
    add = out_sub.add_parser("add", parents=[common], help="record one day's value of a measure")
    add.add_argument("measure", metavar="MEASURE", help="the measure's name, e.g. 'pages written'")
    add.add_argument("value", metavar="VALUE", help="the day's value (a number)")
    add.add_argument("--date", metavar="DATE", help="the day (default today), e.g. 2026-12-01")
    add.add_argument("--create", action="store_true", help="define the measure if it is new")
    add.add_argument("--unit", metavar="UNIT", help="the new measure's unit, e.g. pages")
    imp = out_sub.add_parser("import", parents=[common],
                             help="import a CSV of date,measure,value[,unit] rows, all or nothing")
    imp.add_argument("file", type=Path)
    imp.add_argument("--create", action="store_true", help="define the measures that are new")
    imp.add_argument("--replace", action="store_true",
                     help="take the file's value where the journal has another for that day")
    lst = out_sub.add_parser("list", parents=[common], help="outcomes as a table")
    lst.add_argument("--measure", metavar="NAME", help="only this measure")
    add_source_parsers(out_sub, common)

    probe = sub.add_parser("probe", parents=[common], help="timed probes (run in the window)")
    probe_sub = probe.add_subparsers(dest="probe_command", metavar="action", required=True)
    probe_sub.add_parser("list", parents=[common], help="past probes as a table")


def _add_encryption_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``encrypt``, ``decrypt`` and ``passphrase``."""
    sub.add_parser("encrypt", parents=[common],
                   help="encrypt the journal and its backups with a passphrase (SQLCipher)")
    sub.add_parser("decrypt", parents=[common],
                   help="turn encryption off: the journal and backups become plain files")
    sub.add_parser("passphrase", parents=[common],
                   help="change the passphrase of the encrypted journal and its backups")


def _add_maintenance_parsers(sub: Subparsers, common: argparse.ArgumentParser) -> None:
    """``backup``, ``restore`` and ``erase-all``."""
    bak = sub.add_parser("backup", parents=[common],
                         help="copy the journal now (into the backup folder, or to FILE)")
    bak.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write the copy here instead of the backup folder")
    res = sub.add_parser("restore", parents=[common],
                         help="replace the journal with a backup (the current one is kept)")
    res.add_argument("file", type=Path)
    era = sub.add_parser("erase-all", parents=[common],
                         help="delete the journal, backups, logs, settings and draft for good")
    era.add_argument("--yes", action="store_true", help="really do it")


SOURCE_KINDS = ("git", "anki", "metric")


def add_source_parsers(out_sub: Any, common: argparse.ArgumentParser) -> None:
    """``outcome sources [add|remove]`` and ``outcome refresh`` under ``outcome``."""
    src = out_sub.add_parser("sources", parents=[common],
                             help="outcome sources (git, Anki, a daily-metric file): list, add, "
                             "remove")
    src_sub = src.add_subparsers(dest="sources_command", metavar="action")
    add = src_sub.add_parser("add", parents=[common], help="add a source and read it")
    add.add_argument("kind", choices=SOURCE_KINDS, metavar="KIND", help="git, anki or metric")
    add.add_argument("--name", metavar="NAME", help="what to call it (default from its file)")
    add.add_argument("--unit", default="", metavar="UNIT", help="a metric's unit, e.g. words")
    add.add_argument("--repo", action="append", default=[], metavar="FOLDER",
                     help="git: a repository folder (repeat for more)")
    add.add_argument("--email", action="append", default=[], metavar="EMAIL",
                     help="git: your author e-mail (repeat for more)")
    add.add_argument("--path", action="append", default=[], metavar="PATH",
                     help="git: count only changes under this path (repeat for more)")
    add.add_argument("--collection", type=Path, metavar="FILE",
                     help="anki: the collection file (collection.anki2) or profile folder")
    add.add_argument("--file", type=Path, metavar="FILE", help="metric: the CSV or JSON file")
    add.add_argument("--map", action="append", default=[], metavar="COLUMN=ROLE",
                     help="metric: a column's role, date[:FORMAT] or value "
                     "(Day=date:%%d/%%m/%%Y, Words=value)")
    add.add_argument("--scale", metavar="NUMBER", help="metric: multiply each value by this")
    rem = src_sub.add_parser("remove", parents=[common],
                             help="remove a source and the values it gave")
    rem.add_argument("name", metavar="NAME")
    rem.add_argument("--yes", action="store_true", help="do not ask")
    ref = out_sub.add_parser("refresh", parents=[common], help="read the outcome sources again")
    ref.add_argument("name", nargs="?", metavar="NAME", help="only this source")
    ref.add_argument("--dry-run", action="store_true",
                     help="show what would be added or changed, and change nothing")
