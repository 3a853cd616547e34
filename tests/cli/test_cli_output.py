"""Exact output of commands whose printing moved between layers: the whole stdout and stderr,
byte for byte, from the real command line in a subprocess."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "exchange" / "foreign" / "samples"

BEARABLE_PLAN = """\
Bearable file: bearable.csv
Check-ins: 7 new, 0 already present (7 in the file).
Dates: 2024-05-01 to 2024-05-02.
5 of them carry no self-rating: kept as state-only check-ins (in history and the calendar, \
not in analyses of a skill).
Mood 1–10 → factor 'Mood' (1–10), values kept
Energy: not imported
Sleep → factor 'Sleep' (0–24), rounded to 0.25 h
Productivity 1–5 → skill 'Work' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10
New skills: Work.
Tags: 4 (4 new): Caffeine; Alcohol; Headache; Fatigue.
Parts of the day are placed at fixed times: pre 04:00, am 09:00, mid 13:00, pm 19:00, \
all day 12:00.
"""

CSV_PLAN = """\
CSV file: generic.csv
Check-ins: 4 new, 0 already present (4 in the file).
Dates: 2024-07-01 to 2024-07-04.
Columns: Date = timestamp:%d/%m/%Y %H:%M, Focus = skill:Focus@1-5, Mood = factor:mood, \
Slept = factor:sleep_hours, Caffeine = tag, Notes = note, Activities = tags.
Focus 1–5 → skill 'Focus' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10
Mood → factor 'Mood' (1–10), values kept
Slept → factor 'Sleep' (0–24), rounded to 0.25 h
Caffeine: a tag 'Caffeine' where the value is not 0
New skills: Focus.
Tags: 5 (4 new): work; gym; Caffeine; reading; walk.
"""


def test_foreign_import_prints_the_plan_then_the_count(cli, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    bearable = (str(SAMPLES / "bearable.csv"), "--from", "bearable",
                "--map", "Productivity=skill:Work@1-5", "--map", "energy=skip")
    dry = cli("import", *bearable, "--dry-run")
    assert (dry.returncode, dry.stderr) == (0, "")
    assert dry.stdout == BEARABLE_PLAN + "Dry run: nothing was imported.\n"
    done = cli("import", *bearable)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == BEARABLE_PLAN + "Imported 7 check-ins; 0 already present.\n"
    csv = cli("import", str(SAMPLES / "generic.csv"), "--from", "csv", "--map",
              "Focus=skill:Focus@1-5", "--map", "Caffeine=tag", "--map", "Slept=factor:sleep_hours")
    assert (csv.returncode, csv.stderr) == (0, "")
    assert csv.stdout == CSV_PLAN + "Imported 4 check-ins; 0 already present.\n"


def test_a_refused_foreign_import_prints_the_plan_then_one_error_line(cli, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    daylio = str(SAMPLES / "daylio_export.csv")
    assert cli("import", daylio, "--from", "daylio").returncode == 0
    r = cli("import", daylio, "--from", "daylio", "--map", "rad=9", "--dry-run")
    assert r.returncode == 2
    assert r.stdout.startswith("Daylio file: daylio_export.csv\n"
                               "Check-ins: 0 new, 5 already present (6 in the file).\n")
    conflict = "1 check-in in the file has the same id as a different check-in in your journal"
    assert conflict in r.stdout.splitlines()[-1]
    assert r.stderr == "touchstone: " + r.stdout.splitlines()[-1] + "\n"


def test_export_to_standard_output_is_the_file_export_byte_for_byte(cli, tmp_path):
    assert cli("add", "--skill", "Overall=6", "--note", "naïve\ttab").returncode == 0
    for fmt in ("csv", "json"):
        out = tmp_path / f"out.{fmt}"
        to_file = cli("export", "--format", fmt, "-o", str(out))
        assert (to_file.returncode, to_file.stdout) == (0, "")
        assert to_file.stderr == f"Exported 1 check-in to {out}.\n"
        piped = cli("export", "--format", fmt)
        assert (piped.returncode, piped.stderr) == (0, "")
        stored = out.read_text(encoding="utf-8")
        if fmt == "json":  # the export's own time stamp differs between the two runs
            stored, piped_text = (t.split('"exported_at"')[0] for t in (stored, piped.stdout))
        else:
            piped_text = piped.stdout
        assert piped_text == stored
