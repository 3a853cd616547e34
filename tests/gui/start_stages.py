"""The real start in a subprocess, and which of some modules are loaded at each of its stages
(first paint, ready, exit): for tests that keep work off the first-paint path."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", TOUCHSTONE_TIMING="1")


def add_checkin(data_dir: Path) -> None:
    """A set-up journal, as a user's: one skill, one check-in (through the real CLI)."""
    subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "add",
                    "--skill", "Overall=6"], check=True, env=ENV, capture_output=True, cwd=ROOT)


def loaded_at_each_stage(data_dir: Path, watch: tuple[str, ...]) -> list[str]:
    """Start Touchstone on ``data_dir`` until ready and exit; one line per stage, "stage: "
    and the modules of ``watch`` loaded by then (comma-separated, or "none")."""
    script = textwrap.dedent(f"""
        import sys
        import tracker.app as app
        from tracker.cli import main

        WATCH = {watch!r}

        def say(what):
            print(what + ":", ",".join(m for m in WATCH if m in sys.modules) or "none",
                  flush=True)

        app._say = say
        code = main(["--data-dir", {str(data_dir)!r}, "--exit-when-ready"])
        say("exit")
        sys.exit(code)
    """)
    run = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True,
                         text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    return run.stdout.splitlines()
