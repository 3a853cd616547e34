"""Run one encryption switch on a data dir, killing itself with SIGKILL at a named step.

usage: switcher.py DATA_DIR encrypt|passphrase|decrypt STEP|never|report
Passphrases: OLD for an encrypted journal, NEW for the new one (from the environment).
``report``: print "step NAME" at each step and wait for a line on stdin before going on, so
the caller can kill the switch between two steps it has seen.
PAUSE_AT=STEP (environment): at that step print "paused STEP" and wait for a line on stdin.
"""

import os
import signal
import sys
from pathlib import Path

from tracker.paths import DataPaths
from tracker.services import encryption

data_dir, action, kill_at = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
paths = DataPaths(data_dir)


def step(name: str) -> None:
    if kill_at == "report":
        print(f"step {name}", flush=True)
        sys.stdin.readline()
    if name == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    if name == os.environ.get("PAUSE_AT"):
        print(f"paused {name}", flush=True)
        sys.stdin.readline()


if encryption.is_encrypted(paths):
    encryption.unlock(paths, os.environ["OLD"])
if action == "encrypt":
    encryption.encrypt(paths, None, os.environ["NEW"], step)
elif action == "passphrase":
    encryption.change_passphrase(paths, None, os.environ["NEW"], step)
else:
    encryption.decrypt(paths, None, step)
print("done", flush=True)
