"""Start-up: first paint and ready-to-save, against a bare PySide6 window in the same run.

Each process prints wall-clock stamps (``time.time()``) on stderr; the launcher subtracts its own
stamp taken just before spawning, so interpreter start-up is included on both sides.

Both sides run with cached bytecode, as an installed Touchstone does (a wheel's and the frozen
app's modules are compiled once): the children write ``.pyc`` files to a private
``PYTHONPYCACHEPREFIX`` in the temporary folder, filled by the warm-up launches, even when the
caller's environment says ``PYTHONDONTWRITEBYTECODE`` (which would otherwise make every launch
recompile Touchstone's own modules, about 30 ms before the first paint on a 2-core machine).
``BENCH_BYTECODE=0`` measures without it, as the caller's environment has it.

Both sides stamp ``first_paint`` the same way: at the first event-loop turn after the window's
first paint event (``tracker.app._AfterFirstPaint``), so the painting itself is counted on both.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report  # noqa: E402

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
def painted():
    print(f"first_paint={time.time()}", file=sys.stderr, flush=True)
    QApplication.quit()
class Spy(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:  # stamped once painted, as Touchstone is
            QTimer.singleShot(0, painted)
            obj.removeEventFilter(self)
        return False
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 760)
spy = Spy(); w.installEventFilter(spy)
w.show()
app.exec()
"""

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "21"))
BYTECODE = os.environ.get("BENCH_BYTECODE", "1") != "0"


def stamps(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if r.returncode != 0:
        raise SystemExit(f"{cmd} failed: {r.stderr[-2000:]}")
    out: dict[str, float] = {}
    for line in r.stderr.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in ("first_paint", "ready"):
            out[key] = float(value) - start
    return out


def main() -> int:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               TOUCHSTONE_TIMING="1")
    with tempfile.TemporaryDirectory() as tmp:
        if BYTECODE:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        data = Path(tmp) / "data"
        # a set-up journal: one skill, one check-in
        subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), "add",
                        "--skill", "Overall=6"], check=True, capture_output=True, env=env)
        app_cmd = [sys.executable, "-m", "tracker", "--data-dir", str(data), "--exit-when-ready"]
        bare_cmd = [sys.executable, "-c", BARE]
        for _ in range(2):  # warm the file cache (and fill the bytecode cache)
            stamps(app_cmd, env), stamps(bare_cmd, env)
        bare, paint, ready = [], [], []
        for _ in range(ROUNDS):
            bare.append(stamps(bare_cmd, env)["first_paint"])
            s = stamps(app_cmd, env)
            paint.append(s["first_paint"])
            ready.append(s["ready"])
    base = statistics.median(bare)
    cached = "cached bytecode" if BYTECODE else "bytecode as the environment has it"
    ok = report(f"Start-up (median of {ROUNDS} launches, {cached})", [
        ("bare PySide6 window, first paint", base, None, None),
        ("Touchstone first paint (form taking keys)", statistics.median(paint), base, 1.5),
        ("Touchstone ready to save (database open)", statistics.median(ready), base, 3.5),
    ])
    # the machine's noise: the middle half of the launches, and each launch against the bare
    # window launched just before it (which cancels slow drifts of a shared machine)
    for what, times in (("bare", bare), ("first paint", paint), ("ready", ready)):
        q1, _, q3 = statistics.quantiles(times, n=4)
        ratios = [t / b for t, b in zip(times, bare, strict=True)]
        paired = "" if times is bare else f"; paired ratio median {statistics.median(ratios):.2f}x"
        print(f"  {what:<12} middle half {q1 * 1000:.1f}–{q3 * 1000:.1f} ms{paired}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
