"""An `add` loop for the race tests: runs the real command line (`touchstone add`, exactly as
the console script does, one journal open and close per add) over and over in this process,
printing each check-in id whose `add` returned exit code 0 — an acknowledged check-in — and
``fail <code> <message>`` for one that did not.

Usage: adder.py DATA_DIR TAG (TOUCHSTONE_PASSPHRASE in the environment for an encrypted one)
"""

import contextlib
import io
import sys

from tracker.cli import main as touchstone


def main() -> None:
    data_dir, tag = sys.argv[1], sys.argv[2]
    i = 0
    while True:
        i += 1
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = touchstone(["--data-dir", data_dir, "add", "--skill", f"Overall={1 + i % 10}",
                               "--note", f"{tag} {i}"])
        if code == 0:
            print(out.getvalue().split()[-1].rstrip("."), flush=True)
        else:
            print(f"fail {code} {err.getvalue().strip()}", flush=True)


if __name__ == "__main__":
    main()
