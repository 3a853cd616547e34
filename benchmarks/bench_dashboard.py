"""Dashboard on 10 years × ~3 check-ins a day (~11,000), against a bare pyqtgraph window.

Each side runs in its own process (so peak RSS is its own) on the same data directory:

- bare: import PySide6 + pyqtgraph, load the check-ins through the journal, plot the same
  timeline points (scatter, date axis) in one PlotWidget, show it, process events.
- dashboard: create_dashboard(journal), show it, process events until the timeline is painted
  ("first view shown"; the mood-adjusted line follows right after, reported as "complete").
  Then a range change per range, run in a real event loop: the longest time the UI thread
  was blocked (the set_range call itself, and the largest gap between ticks of a 5 ms
  heartbeat timer while the report is computed in the worker thread and the view redrawn),
  and the time until the new view is complete (report computed, adjusted line drawn).

Times are from the start of the child's main code (imports included) to the painted window.
Peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss at the end of each child.
Run: python benchmarks/bench_dashboard.py   (BENCH_ROUNDS=5 by default). Exits 1 when a
target is missed (first view, peak RSS).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import report, spread, verdict  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
PER_DAY = 7.0  # mean check-ins on a day with any; gives ~11,000 over 10 years


def seed(data_dir: Path) -> int:
    from tracker.services.demo import demo_dataset
    from tracker.services.journal import Journal

    journal = Journal.open(data_dir)
    skills, factors, checkins = demo_dataset(days=3650, end=date.today(), per_day=PER_DAY)
    journal.store.import_all(skills, factors, checkins)
    count = journal.count()
    journal.close()
    return count


def child(mode: str, data_dir: Path) -> None:
    import time

    start = time.perf_counter()
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    from tracker.services.journal import Journal

    journal = Journal.open(data_dir)
    result: dict[str, float] = {}
    if mode == "bare":
        import numpy as np
        import pyqtgraph as pg

        skill = journal.skills()[0].id
        rows = [c for c in journal.checkins() if skill in c.ratings]
        x = np.array([c.at.timestamp() for c in rows])
        y = np.array([float(c.ratings[skill]) for c in rows])
        widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        widget.addItem(pg.ScatterPlotItem(x=x, y=y, size=5, pen=None))
        widget.resize(1100, 760)
        widget.show()
        app.processEvents()
        widget.grab()  # make sure it was painted
        result["shown"] = time.perf_counter() - start
        result["points"] = len(rows)
    else:
        from tracker.ui.dashboard import create_dashboard

        dash = create_dashboard(journal)
        dash.set_range("all")  # the same points as the bare window
        dash.resize(1100, 760)
        dash.show()
        dash.refresh_current()
        dash.grab()  # painted: points and 7-day mean; the adjusted line is queued next
        result["shown"] = time.perf_counter() - start
        result["points"] = len(dash.views["timeline"].points.getData()[0])
        dash.settle()
        dash.grab()
        result["complete"] = time.perf_counter() - start
        import resource

        result["rss_open_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        changes, blocked = [], []
        for key in ("90d", "2y", "all", "30d", "1y", "all"):
            t = time.perf_counter()
            dash.set_range(key)
            sync = time.perf_counter() - t
            longest = run_until_settled(dash)
            dash.grab()
            changes.append(time.perf_counter() - t)
            blocked.append(max(sync, longest))
        result["range_changes"] = changes
        result["range_blocked"] = blocked
        result["reports"] = dash.data.report_calls
    import resource

    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result), flush=True)
    os._exit(0)


def run_until_settled(dash) -> float:
    """Run the event loop until the visible view is complete; the longest heartbeat gap."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
        if (dash.current_view().settled() and not dash.worker.busy()
                and not dash._refresh_timer.isActive()):
            loop.quit()

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()
    loop.exec()
    timer.stop()
    return max(gaps)


def run(mode: str, data_dir: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(data_dir)],
                         capture_output=True, text=True, env=env, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"{mode} failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        count = seed(data_dir)
        bare = [run("bare", data_dir) for _ in range(ROUNDS)]
        dash = [run("dashboard", data_dir) for _ in range(ROUNDS)]
    med = statistics.median
    bare_shown = med(r["shown"] for r in bare)
    ok = report(f"Dashboard, {count} check-ins over 10 years ({bare[0]['points']} rated 'Overall'),"
           f" median of {ROUNDS}", [
        ("first view shown (timeline points painted)", [r["shown"] for r in dash],
         bare_shown, 2.0),
        ("complete first view (adjusted line, report)", [r["complete"] for r in dash],
         bare_shown, None),
        ("bare pyqtgraph window, same points", [r["shown"] for r in bare], None, None),
    ])
    changes = [c for r in dash for c in r["range_changes"]]
    blocked = [c for r in dash for c in r["range_blocked"]]
    report("Range change: longest UI-thread block (aim <= 250 ms; the report is computed in a "
           "worker)", [
        ("median over 6 changes per round", med(blocked), None, None),
        ("slowest", max(blocked), None, None),
    ])
    report("Range change: until the new view is complete (report computed, line drawn)", [
        ("median over 6 changes per round", med(changes), None, None),
        ("slowest", max(changes), None, None),
    ])
    rss_bare = med(r["rss_mb"] for r in bare)
    print("\n== Peak RSS (ru_maxrss)")
    print(f"  bare pyqtgraph window                 {rss_bare:8.1f} MB")
    for label, key in (("dashboard open (first view complete)", "rss_open_mb"),
                       ("after 6 range changes", "rss_mb")):
        rss = med(r[key] for r in dash)
        ratio = rss / rss_bare
        ok = ok and ratio <= 1.5
        print(f"  {label:<37} {rss:8.1f} MB  {ratio:5.2f}x baseline, target <= 1.5x  "
              f"{verdict(ratio, 1.5)}; {spread([r[key] for r in dash], 1, ' MB')}")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
    else:
        sys.exit(main())
