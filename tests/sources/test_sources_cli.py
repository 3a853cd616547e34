"""``touchstone outcome sources [add|remove]`` and ``outcome refresh`` in a real subprocess."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

TODAY = date.today()
D1, D2 = (TODAY - timedelta(days=2)).isoformat(), (TODAY - timedelta(days=1)).isoformat()


def run_cli(data_dir: Path, *args: str, answer: str = "") -> subprocess.CompletedProcess[str]:
    """The real ``touchstone`` in a subprocess, ``answer`` on its standard input."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          input=answer, capture_output=True, text=True, env=env, timeout=120)


def _values(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "touchstone.db") as raw:
        return raw.execute("SELECT m.name, m.unit, o.day, o.value FROM daily_outcomes o JOIN "
                           "measures m ON m.id = o.measure_id ORDER BY o.day").fetchall()


def _refused(result, *parts: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("touchstone: "), result.stderr
    for part in parts:
        assert part in lines[0], lines[0]


def test_add_list_refresh_dry_run_remove_and_readd(data_dir, tmp_path):
    sheet = tmp_path / "deep work.csv"
    sheet.write_text(f"Day,Hours\n{D1},2.5\n{D2},3\n", "utf-8")
    empty = run_cli(data_dir, "outcome", "sources")
    assert empty.returncode == 0 and "No outcome sources yet" in empty.stdout
    added = run_cli(data_dir, "outcome", "sources", "add", "metric", "--file", str(sheet),
                    "--map", "Day=date", "--map", "Hours=value", "--unit", "hours")
    assert added.returncode == 0, added.stderr
    assert "Added metric source 'deep work'." in added.stdout
    assert "2 days read; added 2 values" in added.stdout
    first = _values(data_dir)
    assert first == [("deep work", "hours", D1, 2.5), ("deep work", "hours", D2, 3.0)]
    listing = run_cli(data_dir, "outcome", "sources")
    row = next(line for line in listing.stdout.splitlines() if line.startswith("deep work"))
    assert row.split()[2] == "metric" and row.split()[-1] == "2" and "never" not in row
    # the file changes: a dry run says what would change and changes nothing
    sheet.write_text(f"Day,Hours\n{D1},4\n{D2},3\n{TODAY.isoformat()},1\n", "utf-8")
    dry = run_cli(data_dir, "outcome", "refresh", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would add 1 value, 1 changed, 0 removed, 1 unchanged" in dry.stdout
    assert _values(data_dir) == first
    done = run_cli(data_dir, "outcome", "refresh", "Deep Work")
    assert done.returncode == 0 and "added 1 value, 1 changed" in done.stdout
    second = _values(data_dir)
    assert [v[3] for v in second] == [4.0, 3.0, 1.0]
    listed = run_cli(data_dir, "outcome", "list")
    assert "deep work" in listed.stdout.splitlines()[1].split("hours")[-1]  # named source
    # remove: asks; "n" keeps it (one line, exit 2), "y" removes values and measure
    kept = run_cli(data_dir, "outcome", "sources", "remove", "deep work", answer="n\n")
    _refused(kept, "'deep work' was kept", "--yes")
    assert "Remove the source 'deep work' and every value it gave? [y/N]" in kept.stdout
    assert _values(data_dir) == second
    gone = run_cli(data_dir, "outcome", "sources", "remove", "deep work", answer="y\n")
    assert gone.returncode == 0 and "and 3 values it gave" in gone.stdout
    assert _values(data_dir) == []
    again = run_cli(data_dir, "outcome", "sources", "add", "metric", "--file", str(sheet),
                    "--map", "Day=date", "--map", "Hours=value", "--unit", "hours")
    assert again.returncode == 0, again.stderr
    assert _values(data_dir) == second
    logged = "".join(f.read_text("utf-8", "replace") for f in (data_dir / "logs").glob("*"))
    assert str(tmp_path) not in logged and "deep work.csv" not in logged


def test_bad_input_is_one_line_exit_2_and_nothing_written(data_dir, tmp_path):
    sheet = tmp_path / "m.csv"
    sheet.write_text(f"date,value\n{D1},1\n{D1},2\n", "utf-8")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "metric", "--file", str(sheet)),
             "row 2: a second value for", "(row 1")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "metric", "--file",
                     str(tmp_path / "none.csv")), "is not there")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "metric", "--file", str(sheet),
                     "--map", "date"), "--map expects")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "metric", "--repo", "x"),
             "--repo does not go with a metric source")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "git", "--repo", str(tmp_path)),
             "--email")
    _refused(run_cli(data_dir, "outcome", "sources", "remove", "nope", "--yes"),
             "No source is called 'nope'")
    _refused(run_cli(data_dir, "outcome", "refresh", "nope"), "No source is called 'nope'")
    _refused(run_cli(data_dir, "outcome", "sources", "add", "metric", "--file", str(sheet),
                     "--map", "date=date", "--scale", "0"), "scale")
    settings = data_dir / "settings.json"
    assert not settings.exists() or json.loads(settings.read_text())["outcome_sources"] == []
    assert not (data_dir / "touchstone.db").exists() or _values(data_dir) == []


def test_a_bad_source_does_not_stop_the_others(data_dir, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(f"date,value\n{D1},1\n", "utf-8")
    bad.write_text(f"date,value\n{D1},1\n", "utf-8")
    for f in (good, bad):
        assert run_cli(data_dir, "outcome", "sources", "add", "metric", "--file",
                       str(f)).returncode == 0
    bad.write_text(f"date,value\n{D1},x\n", "utf-8")
    good.write_text(f"date,value\n{D1},1\n{D2},2\n", "utf-8")
    both = run_cli(data_dir, "outcome", "refresh")
    assert both.returncode == 0, both.stderr
    assert "bad: not read: bad.csv, row 1: the value 'x' is not a number." in both.stdout
    assert sorted(_values(data_dir)) == [("bad", "", D1, 1.0), ("good", "", D1, 1.0),
                                         ("good", "", D2, 2.0)]
    listing = run_cli(data_dir, "outcome", "sources").stdout
    assert "is not a number" in listing
    only_bad = run_cli(data_dir, "outcome", "refresh", "bad")
    _refused(only_bad, "row 1: the value 'x' is not a number")
