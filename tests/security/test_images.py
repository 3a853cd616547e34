"""Item 4 of issue 23: screenshots (which show notes and tags) are private files; `screenshot`
opens an encrypted journal with TOUCHSTONE_PASSPHRASE, as its message says."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.security.conftest import touchstone
from tracker.services import encryption

PASSPHRASE = "a screenshot passphrase"


def umask_000(fn):
    """Run the command under umask 000: a file made with the default mode would be 0666."""
    def run(*args, **kwargs):
        old = os.umask(0)
        try:
            return fn(*args, **kwargs)
        finally:
            os.umask(old)
    return run


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_screenshots_are_0600_also_of_an_encrypted_journal(journal_dir: Path, tmp_path: Path):
    """Encrypted where SQLCipher is installed (both fixes at once), plain elsewhere."""
    if encryption.available():
        done = touchstone(journal_dir, "encrypt", env={"TOUCHSTONE_NEW_PASSPHRASE": PASSPHRASE})
        assert done.returncode == 0, done.stderr
    shots = tmp_path / "shots"
    done = umask_000(touchstone)(journal_dir, "screenshot", "-o", str(shots), "--size",
                                 "700x500", env={"TOUCHSTONE_PASSPHRASE": PASSPHRASE})
    assert done.returncode == 0, done.stderr
    written = [Path(line) for line in done.stdout.splitlines()]
    assert Path(shots / "history.png") in written and len(written) > 10
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in shots.iterdir()}
    assert set(modes.values()) == {0o600}, modes
    assert stat.S_IMODE(shots.stat().st_mode) == 0o700  # made by the command: the user's only
