"""The git part of ``bench_sources.py``: a repository of 20,000 commits made here with
``git fast-import`` (three years, four authors of whom the user is two e-mails, 120 files of
text changed a few lines at a time, some binary), read by ``GitReader``: the first refresh (no
state), then an incremental refresh after 10 new commits (with the previous read's state), and
one with nothing new; and the longest gap of a 1 ms ticker on the main thread while an
incremental refresh runs in a worker thread, as the app reads sources (the issue's rule: an
incremental refresh must not block the UI thread for more than 50 ms)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from common import timings

from tracker.sources.git import GitReader

ROUNDS = int(os.environ.get("BENCH_ROUNDS_SOURCES", "5"))
GIT_COMMITS = 20_000
GIT_FILES = 120
AUTHORS = [("Me", "me@example.org", 5), ("Me", "ME@work.example", 2),
           ("Ann", "ann@example.org", 2), ("Bo", "bo@example.org", 1)]
BERLIN = ZoneInfo("Europe/Berlin")
ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}


class History:
    """Generates commits as a fast-import stream, continuing where the last one ended."""

    def __init__(self, seed: int = 5) -> None:
        self.rng = random.Random(seed)
        self.files = {f"src/m{i:03d}.py": [f"line {i}.{k}\n" for k in range(20)]
                      for i in range(GIT_FILES)}
        self.at = datetime(2023, 12, 1, 9, 0, tzinfo=UTC)
        self.serial = 0

    def commit(self, first: bool) -> bytes:
        rng = self.rng
        self.serial += 1
        self.at += timedelta(minutes=rng.randrange(5, 130))
        name, email, _ = rng.choices(AUTHORS, weights=[a[2] for a in AUTHORS])[0]
        offset = rng.choice([60, 60, 60, 120, -300])
        ident = f"{name} <{email}> {int(self.at.timestamp())} {offset // 60:+03d}00".encode()
        out = bytearray(b"commit refs/heads/main\nauthor " + ident + b"\ncommitter " + ident)
        msg = f"change {self.serial}".encode()
        out += b"\ndata %d\n%s\n" % (len(msg), msg)
        out += b"from refs/heads/main^0\n" if first and self.serial > 1 else b""
        for path in rng.sample(sorted(self.files), rng.choice([1, 1, 2, 3])):
            body = self.files[path]
            for _ in range(rng.randrange(1, 4)):
                k = rng.randrange(len(body))
                body[k] = f"edit {self.serial} {k}\n"
            body.extend(f"new {self.serial}.{j}\n" for j in range(rng.randrange(0, 5)))
            blob = "".join(body).encode()
            out += b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(blob), blob)
        if self.serial % 500 == 0:
            blob = bytes([0, self.serial % 256]) * 64
            out += b"M 100644 inline assets/%d.bin\ndata %d\n%s\n" % (self.serial, len(blob),
                                                                      blob)
        return bytes(out + b"\n")

    def add(self, repo: Path, n: int) -> None:
        text = b"".join(self.commit(i == 0) for i in range(n))
        subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=text, env=ENV,
                       check=True)


def _day(at: datetime) -> date:
    return at.astimezone(BERLIN).date()


def longest_stall(work: Callable[[], object]) -> float:
    """The longest gap (s) between the ticks of a 1 ms ticker on this thread while ``work``
    runs in a worker thread, as the app reads sources: how long the UI thread could stall."""
    worker = threading.Thread(target=work)
    last, longest = time.perf_counter(), 0.0
    worker.start()
    while worker.is_alive():
        time.sleep(0.001)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    worker.join()
    return longest


def bench_git() -> list[tuple[str, list[float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, env=ENV, check=True)
        history = History()
        history.add(repo, GIT_COMMITS)
        subprocess.run(["git", "gc", "-q"], cwd=repo, env=ENV, check=True)
        reader = GitReader()
        options = {"repositories": [str(repo)], "emails": ["me@example.org", "me@work.example"]}
        first_reading = reader.read(options, _day)
        first = timings(lambda: reader.read(options, _day), repeat=ROUNDS)
        incremental: list[float] = []
        unchanged: list[float] = []
        stalls: list[float] = []
        state = first_reading.state
        for r in range(ROUNDS):
            history.add(repo, 10)
            incremental += timings(lambda s=state: reader.read(options, _day, s), repeat=1)
            reading = reader.read(options, _day, state)
            if r == 0:  # the incremental read gives what a full read gives
                assert reading.values == reader.read(options, _day).values
            state = reading.state
            history.add(repo, 10)
            stalls.append(longest_stall(lambda s=state: reader.read(options, _day, s)))
            state = reader.read(options, _day, state).state
            unchanged += timings(lambda s=state: reader.read(options, _day, s), repeat=1)
        mine = sum(first_reading.values["commits"].values())
        state_kb = len(json.dumps(first_reading.state)) / 1e3
        days = len(first_reading.values["commits"])
        print(f"\n== Git source: {GIT_COMMITS:,} commits ({mine:,.0f} the user's, on {days} "
              f"days), {GIT_FILES} files, {ROUNDS} rounds; the state {state_kb:,.0f} kB as JSON")
    return [("first refresh (no state)", first),
            ("incremental refresh after 10 new commits", incremental),
            ("refresh with nothing new", unchanged),
            ("longest UI-thread stall, incremental in a thread", stalls)]
