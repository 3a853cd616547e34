"""The command line: ``touchstone [global options] [command] [options]``.

Global options (``--data-dir``, ``--demo``) work before or after the command. Bad input prints
one line on stderr and exits 2 with nothing changed; success exits 0.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from tracker.errors import UserError

log = logging.getLogger(__name__)

EXIT_OK, EXIT_BUG, EXIT_USER = 0, 1, 2
# what str.splitlines() breaks at, shown escaped: an error is one line even when a path has \n
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


class _Parser(argparse.ArgumentParser):
    """argparse, except that ``--opt=--`` gives ``--opt`` the value ``--`` (Python 3.11's
    argparse drops the ``--`` and stores an empty list instead of a string)."""

    def _get_values(self, action, arg_strings):
        if action.option_strings and action.nargs is None and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)


def _global_options(defaults: bool) -> argparse.ArgumentParser:
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
    common = _global_options(defaults=False)
    parser = _Parser(
        prog="touchstone",
        parents=[_global_options(defaults=True)],
        description="Touchstone: how much does your state cloud your judgment of yourself?",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="open the window and quit once the form can save (for timing)")
    sub = parser.add_subparsers(dest="command", metavar="command")

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
    from tracker.commands_import import add_import_options

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
    from tracker.commands_reality import add_reality_parsers

    add_reality_parsers(sub, common)
    from tracker.commands_encryption import add_encryption_parsers

    add_encryption_parsers(sub, common)

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
    return parser


def window_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """What ``build_parser`` makes of a plain window launch (only ``--data-dir DIR``,
    ``--demo`` and ``--exit-when-ready``), without building every command's parser on the
    way to the window; None for anything else, which the full parser handles."""
    args = argparse.Namespace(data_dir=None, demo=False, exit_when_ready=False, command=None)
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--demo", "--exit-when-ready"):
            setattr(args, arg[2:].replace("-", "_"), True)
        elif arg.startswith("--data-dir=") and len(arg) > len("--data-dir="):
            args.data_dir = Path(arg.partition("=")[2])
        elif arg == "--data-dir" and rest and rest[0] and not rest[0].startswith("-"):
            args.data_dir = Path(rest.pop(0))
        else:
            return None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = window_launch(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    window = args.command is None and not args.demo  # the window needs no command module
    if not window:
        from tracker import commands

    try:
        if window:
            from tracker.app import open_window

            return open_window(args.data_dir, exit_when_ready=args.exit_when_ready)
        with commands.session(args) as context:
            return commands.run(args, context)
    except UserError as exc:
        print(f"touchstone: {str(exc).translate(_LINE_BREAKS)}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: keep the traceback in the log, say where it is
        # the message may quote what the user typed: log the type and the frames only
        log.error("unexpected %s in command %r\n%s", type(exc).__name__, args.command,
                  "".join(traceback.format_tb(exc.__traceback__)))
        print("touchstone: internal error; details are in the log file "
              "(see the data dir's logs/ folder).", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
