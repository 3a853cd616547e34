"""The command line (``touchstone``): ``main``, the argparse tree, one module per command group.
A composition root: may import any layer (heavy ones inside a command); only entry points import it.

``touchstone [global options] [command] [options]``: global options (``--data-dir``,
``--demo``) work before or after the command. Bad input prints one line on stderr and exits 2
with nothing changed; success exits 0. A plain window launch reaches ``tracker.app`` without
building the parser or importing any command module.
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


def window_launch(argv: Sequence[str]) -> argparse.Namespace | None:
    """What ``parser.build_parser`` makes of a plain window launch (only ``--data-dir DIR``,
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
        from tracker.cli.parser import build_parser

        args = build_parser().parse_args(argv)
    window = args.command is None and not args.demo  # the window needs no command module
    try:
        if window:
            from tracker.app import open_window

            return open_window(args.data_dir, exit_when_ready=args.exit_when_ready)
        from tracker.cli.context import open_session
        from tracker.cli.dispatch import run

        with open_session(args.data_dir, demo=args.demo) as context:
            return run(args, context)
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
