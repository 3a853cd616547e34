"""Run ``tracker.cli.main`` with the touch-reality commands wired in, as the lead will wire
them (used only until ``cli.py``/``commands.py`` register ``eval`` and ``revisit``)."""

from __future__ import annotations

import argparse
import sys

from tracker import cli, commands
from tracker.commands_reality import add_reality_parsers, run_reality

_build = cli.build_parser


def build_parser() -> argparse.ArgumentParser:
    parser = _build()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "eval" not in sub.choices:
        add_reality_parsers(sub, cli._global_options(defaults=False))
    return parser


_run = commands.run


def run(args: argparse.Namespace, context) -> int:
    if args.command in ("eval", "revisit"):
        return run_reality(args, context)
    return _run(args, context)


cli.build_parser = build_parser
commands.run = run

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
