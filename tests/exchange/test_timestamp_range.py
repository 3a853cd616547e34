"""One range of valid check-in times for every way in, and every export imports back (issue
14): any wall time of years 1-9999 with a whole-minute UTC offset under 24 h, including those
whose UTC instant falls outside years 1-9999 (0001-01-01T00:00+14:00)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tracker.services import transfer
from tracker.services.journal import Journal

LATEST_OFFSET = 24 * 60 - 1
offsets = st.integers(-LATEST_OFFSET, LATEST_OFFSET).map(lambda m: timezone(timedelta(minutes=m)))
anywhen = st.builds(lambda naive, tz: naive.replace(tzinfo=tz),
                    st.datetimes(min_value=datetime.min, max_value=datetime.max), offsets)
EAST, WEST = timezone(timedelta(minutes=LATEST_OFFSET)), timezone(-timedelta(minutes=LATEST_OFFSET))


def test_every_export_imports_back_over_the_whole_range(tmp_path):
    source = Journal.open(tmp_path / "source")
    targets = {fmt: Journal.open(tmp_path / f"into-{fmt}") for fmt in ("csv", "json")}
    skill = source.add_skill("Overall").ids[0]

    @settings(max_examples=20 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 500)
    @given(st.lists(anywhen, min_size=1, max_size=4))
    @example([datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))])  # the issue's
    @example([datetime.min.replace(tzinfo=EAST), datetime.max.replace(tzinfo=WEST),
              datetime.min.replace(tzinfo=WEST), datetime.max.replace(tzinfo=EAST)])
    def round_trip(moments):
        ids = [source.record(ratings={skill: n % 10 + 1}, at=at).ids[0]
               for n, at in enumerate(moments)]
        expected = {c.id: (c.at, c.at.utcoffset()) for c in map(source.get, ids)}
        for fmt, target in targets.items():
            out = tmp_path / f"all.{fmt}"
            transfer.export_to(source, out, fmt)
            result = transfer.import_from(target, out)  # earlier examples' skipped: identical
            assert result.added == len(moments)
            got = {i: (c.at, c.at.utcoffset()) for i in ids if (c := target.get(i))}
            assert got == expected
            assert transfer.import_from(source, out).added == 0  # and into the same journal

    try:
        round_trip()
    finally:
        source.close()
        for target in targets.values():
            target.close()


def test_the_issues_extreme_goes_in_and_back_out_through_the_command_line(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")

    def touchstone(data: Path, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
                              capture_output=True, text=True, env=env, timeout=120)

    source = tmp_path / "source"
    assert touchstone(source, "add", "--skill", "Overall=4", "--at",
                      "0001-01-01T00:00+14:00").returncode == 0
    out = tmp_path / "all.json"  # CSV and JSON both: the round trip above
    assert touchstone(source, "export", "--format", "json", "-o", str(out)).returncode == 0
    result = touchstone(source, "import", str(out))  # into the same journal
    assert result.returncode == 0, result.stderr  # before: "... is out of range"
    result = touchstone(tmp_path / "new", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert "Imported 1 check-in" in result.stdout
