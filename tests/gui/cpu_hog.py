"""Run a command beside busy loops, one per core by default (``make stress``): the GUI monkey
must survive a machine whose cores are taken. The hogs stop when the command ends (or after
``--limit`` seconds); the command's exit code is returned.

    python tests/gui/cpu_hog.py [--hogs N] [--limit SECONDS] -- COMMAND ...
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time


def _spin(limit: float) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--limit", type=float, default=3600.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    hogs = [multiprocessing.Process(target=_spin, args=(args.limit,), daemon=True)
            for _ in range(args.hogs)]
    for hog in hogs:
        hog.start()
    try:
        return subprocess.call(command)
    finally:
        for hog in hogs:
            hog.terminate()
        for hog in hogs:
            hog.join()


if __name__ == "__main__":
    sys.exit(main())
