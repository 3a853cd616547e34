"""A time given without an offset, read on the computer's clock in a real process with ``TZ``
set (issue 14): a time in the spring DST gap is refused, the repeated autumn hour takes the
first and says so; the same rule in the form's time field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BERLIN = "Europe/Berlin"
# CI installs tzdata (.ci/run): there a missing zone fails instead of skipping
pytestmark = pytest.mark.skipif(not Path("/usr/share/zoneinfo/Europe/Berlin").exists()
                                and os.environ.get("CI") != "true",
                                reason="no tz database (tzdata) on this machine")


def touchstone(data: Path, *args: str, tz: str = BERLIN) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TZ=tz)
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def stored_times(data: Path) -> list[str]:
    result = touchstone(data, "export", "--format", "json")
    return [c["timestamp"] for c in json.loads(result.stdout)["checkins"]]


def test_a_time_in_the_spring_gap_is_refused_and_nothing_saved(tmp_path):
    data = tmp_path / "data"
    result = touchstone(data, "add", "--skill", "Overall=5", "--at", "2026-03-29T02:30")
    assert result.returncode == 2, result.stdout  # before: saved as 01:30+01:00, no word
    [line] = result.stderr.splitlines()
    assert line.startswith("touchstone: --at: '2026-03-29T02:30' does not exist")
    assert "01:30 or 03:30" in line and "+01:00 to +02:00" in line
    assert not (data / "touchstone.db").exists() or stored_times(data) == []


def test_the_repeated_autumn_hour_takes_the_first_and_says_so(tmp_path):
    data = tmp_path / "data"
    result = touchstone(data, "add", "--skill", "Overall=5", "--at", "2026-10-25T02:30")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Saved check-in")
    [note] = result.stderr.splitlines()
    assert "happened twice" in note and "took the first, +02:00" in note
    assert "2026-10-25T02:30+01:00" in note  # how to get the other one
    assert stored_times(data) == ["2026-10-25T02:30:00+02:00"]


def test_an_ordinary_local_time_is_stored_with_its_offset_and_no_note(tmp_path):
    data = tmp_path / "data"
    for when in ("2026-01-15T09:00", "2026-03-29T03:30"):  # winter; just after the gap
        result = touchstone(data, "add", "--skill", "Overall=5", "--at", when)
        assert result.returncode == 0 and result.stderr == ""
    assert stored_times(data) == ["2026-01-15T09:00:00+01:00", "2026-03-29T03:30:00+02:00"]


FORM = """
from datetime import datetime
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tracker.ui.timestamp_input import TimestampInput
app = QApplication([])
field = TimestampInput()
field.show()
field.set_at(datetime(2026, 3, 29, 1, 30))
field.edit.setFocus()
field.edit.setSelectedSection(field.edit.Section.HourSection)
QTest.keyClick(field.edit, Qt.Key.Key_Up)  # one hour on, into the gap
print("spring:", field.edit.text(), field.at().isoformat())
field.set_at(datetime(2026, 10, 25, 2, 30))
print("autumn:", field.edit.text(), field.at().isoformat())
"""


def test_the_forms_time_field_follows_the_same_rule(tmp_path):
    """The field never shows a time in the gap (Qt steps over it, so what is shown is what
    is saved); in the repeated hour the first is taken, as on the command line."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TZ=BERLIN)
    result = subprocess.run([sys.executable, "-c", FORM], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "spring: 2026-03-29  03:30 2026-03-29T03:30:00+02:00", lines
    assert lines[1] == "autumn: 2026-10-25  02:30 2026-10-25T02:30:00+02:00", lines


FORM_HINT = """
import sys
from datetime import datetime
from PySide6.QtWidgets import QApplication
from tracker.domain import Skill
from tracker.ui.checkin_form import CheckInForm
app = QApplication([])
form = CheckInForm([Skill("s1", "Overall", 0, False, "", "", "")], [])
form.resize(1000, 640)
print("start:", form.time_hint.text())
form.time_input.set_at(datetime(2026, 10, 25, 2, 30))  # as a draft or the picker sets it
print("autumn:", form.time_hint.text())
form.grab().save(sys.argv[1])
form.time_input.set_at(datetime(2026, 10, 25, 4, 30))
print("after:", form.time_hint.text())
"""


def test_the_form_says_which_of_the_repeated_hour_it_saves(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TZ=BERLIN)
    png = tmp_path / "form-repeated-hour.png"
    result = subprocess.run([sys.executable, "-c", FORM_HINT, str(png)], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "start: Change the time to record a missed moment."
    assert lines[1] == ("autumn: 02:30 happens twice that night (the clocks go back): the "
                        "first, at UTC offset +02:00, is saved."), lines
    assert lines[2] == "after: Change the time to record a missed moment."
    assert png.stat().st_size > 0
