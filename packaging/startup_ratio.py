"""Frozen vs source start-up: median time to a window that can save, and the ratio.

    python3 packaging/startup_ratio.py [--rounds 9] [--bundle DIR] [--python .venv/bin/python]

Each side opens a data dir it made (one check-in, so no first-run dialog) offscreen with
``--exit-when-ready`` and TOUCHSTONE_TIMING=1, which prints ``ready=<time.time()>`` at first
paint (see tracker/app.py). Measured from just before spawning, so process start, unpacking
and imports count on both sides; also the whole process wall time (start to exit).
Issue 7's target: frozen <= 1.2 x source.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def launch(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to ready, seconds to exit) for one launch."""
    start = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    end = time.time()
    if r.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({r.returncode}): {r.stderr[-1500:]}")
    ready = [float(line.partition("=")[2]) for line in r.stderr.splitlines()
             if line.startswith("ready=")]
    return (ready[0] - start if ready else float("nan")), end - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "touchstone")
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = parser.parse_args()
    frozen = str(args.bundle / ("touchstone.exe" if os.name == "nt" else "touchstone"))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TOUCHSTONE_TIMING="1")
    with tempfile.TemporaryDirectory(prefix="touchstone-startup-") as tmp:
        # each side makes its own data dir: a source tree newer than the build may have a newer
        # schema, which the frozen app rightly refuses (with a dialog that would wait forever)
        sides = {"source": [args.python, "-m", "tracker"], "frozen": [frozen]}
        for name, cmd in sides.items():
            data = str(Path(tmp) / name)
            subprocess.run([*cmd, "--data-dir", data, "add", "--skill", "Overall=6"], check=True,
                           capture_output=True, env=env, cwd=ROOT)
            cmd += ["--data-dir", data, "--exit-when-ready"]
        for cmd in sides.values():  # warm the file cache
            launch(cmd, env)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for _ in range(args.rounds):  # interleaved, so drift affects both alike
            for name, cmd in sides.items():
                runs[name].append(launch(cmd, env))
    medians = {name: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs))
               for name, rs in runs.items()}
    for name, (ready, total) in medians.items():
        print(f"{name:<7} ready {ready * 1000:7.0f} ms   process {total * 1000:7.0f} ms"
              f"   (median of {args.rounds})")
    ready_ratio = medians["frozen"][0] / medians["source"][0]
    total_ratio = medians["frozen"][1] / medians["source"][1]
    print(f"frozen/source: ready {ready_ratio:.2f}x, process {total_ratio:.2f}x (target <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
