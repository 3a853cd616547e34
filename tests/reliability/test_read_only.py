"""A data folder that cannot be written (read-only media, immutable, no permission; issue 14):
the reading commands work and change nothing, the writing ones say why in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from read_only_folder import ReadOnlyFolder


def touchstone(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else b"")
            for p in sorted(folder.rglob("*"))}


@pytest.fixture
def written(tmp_path) -> Path:
    data = tmp_path / "data"
    assert touchstone(data, "add", "--skill", "Overall=4", "--note", "first").returncode == 0
    os.chmod(data / "touchstone.db", 0o644)  # as a copy on a stick may have it
    return data


def test_reading_works_and_writing_says_why_in_a_read_only_folder(written, tmp_path,
                                                                  record_property):
    folder = ReadOnlyFolder(written)
    record_property("read_only_method", folder.method)
    print(f"read-only by: {folder.method}")
    before = snapshot(written)

    listed = folder.run("list")  # before: "Cannot use the data folder ...", exit 2
    assert listed.returncode == 0, f"{folder.method}: {listed.stderr}"
    assert "first" in listed.stdout and "1 check-in" in listed.stdout
    out = tmp_path / "elsewhere.json"
    exported = folder.run("export", "--format", "json", "-o", str(out))
    assert exported.returncode == 0, f"{folder.method}: {exported.stderr}"
    assert len(json.loads(out.read_text(encoding="utf-8"))["checkins"]) == 1
    report = folder.run("report", "--json")
    assert report.returncode == 0, f"{folder.method}: {report.stderr}"
    assert json.loads(report.stdout)

    for command in (["add", "--skill", "Overall=5"], ["import", str(out)], ["backup"],
                    ["restore", str(next((written / "backups").glob("*.db")))]):
        refused = folder.run(*command)
        assert refused.returncode == 2, (folder.method, command, refused.stderr)
        [line] = refused.stderr.splitlines()
        assert line.startswith(f"touchstone: The data folder {written} is read-only: it is "), line
        assert f"`touchstone {command[0]}` would change it" in line
    for command in (["probe", "list"], ["outcome", "list"]):  # reading: they work
        assert folder.run(*command).returncode == 0, (folder.method, command)
    refused = folder.run("outcome", "add", "pages", "3", "--create")
    assert refused.returncode == 2 and "`touchstone outcome add` would change it" in refused.stderr
    assert snapshot(written) == before  # not a byte changed, nothing created


WINDOW = """
import sys
from pathlib import Path
import tracker.ui.read_only_mode as mode
shown = mode.apply_read_only

def spy(window, folder, why):
    banner = shown(window, folder, why)
    window.resize(1100, 760)
    history = window.history
    history.refresh()  # the listing reads the read-only journal
    window.grab().save(sys.argv[2])
    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    window.grab().save(sys.argv[2].replace(".png", "-history.png"))
    print("title", window.windowTitle())
    print("banner", banner.isVisible(), banner.toolTip() == folder, banner.text())
    print("form", window.form.isEnabled())
    print("writing", [n for n in mode.WRITING_ACTIONS if getattr(window, n).isEnabled()])
    print("settings", window.settings_and_help.settings_action.isEnabled())
    print("export", window.export_action.isEnabled())
    print("history", history.model.rowCount(), history.delete_button.isVisible())
    return banner

mode.apply_read_only = spy
from tracker.app import open_window
sys.exit(open_window(Path(sys.argv[1]), exit_when_ready=True))
"""


def test_the_window_opens_read_only_and_says_so(written, tmp_path, record_property):
    folder = ReadOnlyFolder(written)
    record_property("read_only_method", folder.method)
    before = snapshot(written)
    png = tmp_path / "read-only-window.png"
    result = folder.run_python("-c", WINDOW, str(written), str(png))
    assert result.returncode == 0, f"{folder.method}: {result.stderr}"  # before: exit 2
    state = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert state["title"].endswith("(read-only)")
    assert state["banner"].startswith("True True Read-only: the data folder cannot be written")
    assert state["form"] == "False"
    assert state["writing"] == "[]" and state["settings"] == "False"
    assert state["export"] == "True"  # reading and exporting still work
    assert state["history"] == "1 False"
    assert png.stat().st_size > 0
    assert snapshot(written) == before


def test_a_write_that_reaches_the_journal_is_refused_with_the_reason(written):
    """The window's save (or any path past the command line's check) meets the same words."""
    from tracker.errors import StoreError
    from tracker.services.journal import Journal

    folder = ReadOnlyFolder(written)
    before = snapshot(written)
    with folder.held():
        journal = Journal.open(written)
        try:
            assert journal.count() == 1
            skill = journal.skills()[0].id
            with pytest.raises(StoreError, match="is read-only: .*nothing was saved"):
                journal.record(ratings={skill: 5})
        finally:
            journal.close()
    assert snapshot(written) == before
