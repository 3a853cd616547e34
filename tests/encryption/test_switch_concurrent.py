"""A switch in progress owns its scratch copy: another process opening the journal meanwhile
(which clears scratch files an interrupted switch left) leaves it alone, and a second switch
is refused in one plain line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.encryption.conftest import fill
from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.journal import Journal
from tracker.store.rekey import scratch_path

SWITCHER = Path(__file__).with_name("switcher.py")
ROOT = Path(__file__).resolve().parents[2]
NEW = "the new passphrase"

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="flock is POSIX"),
              pytest.mark.skipif(not encryption.available(), reason="needs SQLCipher")]


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))


def test_another_process_leaves_the_scratch_copy_of_a_running_switch_alone(data_dir: Path):
    ids = set(fill(data_dir, 3))
    paths = DataPaths(data_dir)
    env = dict(os.environ, NEW=NEW, PAUSE_AT="exported", PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, str(SWITCHER), str(data_dir), "encrypt", "never"],
                          env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as switcher:
        assert switcher.stdout.readline().strip() == "paused exported"
        assert scratch_path(paths.database).is_file()
        # what every process opening the journal runs first (in prepare_database)
        cleared = python("from pathlib import Path; from tracker.store.rekey import "
                         f"discard_scratch; discard_scratch(Path({str(paths.database)!r}))")
        assert cleared.returncode == 0, cleared.stderr
        assert scratch_path(paths.database).is_file()
        second = python("from pathlib import Path; from tracker.store.rekey import switch_key;"
                        " from tracker.store.cipher import KeyChecks; "
                        f"switch_key(Path({str(paths.database)!r}), None, KeyChecks(Path('k')))")
        assert "Another Touchstone process is switching the journal's encryption" in \
            second.stderr.strip().splitlines()[-1]
        out, errors = switcher.communicate("\n", timeout=120)
    assert switcher.returncode == 0, errors
    assert out.strip() == "done"
    assert not scratch_path(paths.database).exists()
    encryption.unlock(paths, NEW)
    journal = Journal.open(data_dir)
    try:
        assert {c.id for c in journal.checkins()} == ids
    finally:
        journal.close()


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_an_add_waiting_on_a_switch_saves_nothing_into_the_old_file_and_moves_nothing(
        data_dir: Path):
    ids = set(fill(data_dir, 3))
    paths = DataPaths(data_dir)
    env = dict(os.environ, NEW=NEW, PAUSE_AT="checked", PYTHONPATH=str(ROOT))
    add_env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    with subprocess.Popen([sys.executable, str(SWITCHER), str(data_dir), "encrypt", "never"],
                          env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as switcher:
        assert switcher.stdout.readline().strip() == "paused checked"
        # the copy is made and the lock held: an add now opens the old file and waits
        with subprocess.Popen([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                               "add", "--skill", "Overall=4"], env=add_env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as adder:
            while adder.poll() is None and not _has_open(adder.pid, paths.database):
                pass
            out, errors = switcher.communicate("\n", timeout=120)
            assert switcher.returncode == 0, errors
            added, refused = adder.communicate(timeout=120)
    assert not list(data_dir.glob("touchstone.db.corrupt-*")), refused
    encryption.unlock(paths, NEW)
    journal = Journal.open(data_dir)
    try:
        stored = {c.id for c in journal.checkins()}
    finally:
        journal.close()
    if adder.returncode == 0:  # it got through after the switch: then it is in the journal
        assert stored == ids | {added.split()[-1].rstrip(".")}
    else:
        assert adder.returncode == 2 and stored == ids, refused
        assert refused.count("\n") == 1 and "moved aside" not in refused, refused


PAUSED_ADD = """
import sys
from tracker.cli import main
from tracker.store import repository

real = repository.prepare_database


def checked_then_paused(*args, **kwargs):
    version = real(*args, **kwargs)  # the journal was checked (plain) and closed again
    print("paused", flush=True)
    sys.stdin.readline()
    return version


repository.prepare_database = checked_then_paused
sys.exit(main(["--data-dir", sys.argv[1], "add", "--skill", "Overall=4"]))
"""


def test_an_add_that_meets_a_journal_switched_while_it_opened_says_so(data_dir: Path):
    ids = set(fill(data_dir, 3))
    paths = DataPaths(data_dir)
    add_env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    with subprocess.Popen([sys.executable, "-c", PAUSED_ADD, str(data_dir)], text=True,
                          env=dict(add_env, PYTHONPATH=str(ROOT)), stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as adder:
        assert adder.stdout.readline().strip() == "paused"
        switched = subprocess.run([sys.executable, "-m", "tracker", "--data-dir",
                                   str(data_dir), "encrypt"], capture_output=True, text=True,
                                  timeout=120, env=dict(add_env, TOUCHSTONE_NEW_PASSPHRASE=NEW))
        assert switched.returncode == 0, switched.stderr
        _out, refused = adder.communicate("\n", timeout=120)
    assert adder.returncode == 2, refused
    line = refused.strip()
    assert "\n" not in line and "not a SQLite database" not in line, line  # before: it was
    assert "another Touchstone process switched its encryption" in line, line
    assert "Nothing was saved; try again." in line, line
    assert not list(data_dir.glob("touchstone.db.corrupt-*"))
    encryption.unlock(paths, NEW)
    journal = Journal.open(data_dir)
    try:
        assert {c.id for c in journal.checkins()} == ids
    finally:
        journal.close()
