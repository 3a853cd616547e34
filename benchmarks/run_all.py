"""Run every benchmark in this folder (``make bench``); exits 1 if any missed its target."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(folder: Path = HERE) -> int:
    failed = []
    for script in sorted(folder.glob("bench_*.py")):
        r = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if r.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nOVER TARGET or failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
