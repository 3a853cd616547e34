"""The window from the command line: ``touchstone --demo`` opens it on the demo journal, and
``touchstone screenshot`` renders it to PNG files offscreen."""

from __future__ import annotations

import argparse

from tracker.cli.context import CommandContext
from tracker.cli.parsing import parse_size


def cmd_gui(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.app import run_gui

    return run_gui(context.paths, exit_when_ready=args.exit_when_ready)


def cmd_screenshot(args: argparse.Namespace, context: CommandContext) -> int:
    width, height = parse_size(args.size)
    from tracker.app import render_screenshots
    from tracker.cli.passphrases import unlock_journal

    unlock_journal(context.paths)  # an encrypted journal: TOUCHSTONE_PASSPHRASE or the prompt
    for path in render_screenshots(context.paths, args.output, (width, height)):
        print(path)
    return 0
