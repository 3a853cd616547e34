"""Weakness of issue 23: scrypt N=2^17 for new keys; a journal keyed with N=2^15 is upgraded at
its next unlock (re-encrypted under a new salt, keys.json rewritten), with or without keys.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.security.conftest import touchstone
from tracker.store import cipher

FIXTURE = Path(__file__).parents[1] / "packaging" / "fixtures" / "encrypted_journal"
PASSPHRASE = "correct horse battery staple"  # the fixture's (made with N=2^15)
NOTE = "known answer from source"

pytestmark = [pytest.mark.usefixtures("sqlcipher"), pytest.mark.real_kdf]


def kdfs(data: Path) -> list[dict]:
    return [e["kdf"] for e in json.loads((data / "keys.json").read_text())["keys"].values()]


def test_new_keys_use_scrypt_n_2_17(journal_dir: Path):
    done = touchstone(journal_dir, "encrypt", env={"TOUCHSTONE_NEW_PASSPHRASE": PASSPHRASE})
    assert done.returncode == 0, done.stderr
    assert kdfs(journal_dir) == [{"name": "scrypt", "n": 2**17, "r": 8, "p": 1}]


@pytest.mark.parametrize("with_checks", [True, False], ids=["keys.json", "journal-alone"])
def test_an_old_key_is_upgraded_at_the_next_unlock(tmp_path: Path, with_checks: bool):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    for name in ("touchstone.db", "keys.json") if with_checks else ("touchstone.db",):
        shutil.copyfile(FIXTURE / name, data / name)
    old_salt = cipher.file_salt(data / "touchstone.db")
    done = touchstone(data, "list", env={"TOUCHSTONE_PASSPHRASE": PASSPHRASE})
    assert done.returncode == 0 and NOTE in done.stdout, done.stderr
    assert cipher.file_salt(data / "touchstone.db") != old_salt  # re-encrypted
    assert kdfs(data) == [{"name": "scrypt", "n": 2**17, "r": 8, "p": 1}]
    if not with_checks:
        return  # what follows does not depend on how the old key was found
    again = touchstone(data, "list", env={"TOUCHSTONE_PASSPHRASE": PASSPHRASE})
    assert again.returncode == 0 and NOTE in again.stdout, again.stderr
    wrong = touchstone(data, "list", env={"TOUCHSTONE_PASSPHRASE": "not the passphrase"})
    assert (wrong.returncode, wrong.stderr) == (2, "touchstone: Wrong passphrase.\n")
