"""Weaknesses of issue 23: no key remembered in a plaintext or dummy keyring; "Delete all my
data" also removes the remembered key and the start-at-login entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from tests.security.conftest import touchstone
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.services import encryption, remembered_key
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.store import cipher
from tracker.ui import autostart

PASSPHRASE = "a keyring passphrase"
pytestmark = pytest.mark.usefixtures("sqlcipher")


class PlaintextKeyring(keyring.backends.null.Keyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (a file anyone with the account reads);
    judged by its name, as the real one would be."""

    priority = 1  # type: ignore[assignment]
    stored: dict[str, str] = {}  # noqa: RUF012

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[username] = password


@pytest.fixture
def unlocked(data_dir: Path) -> Iterator[DataPaths]:
    Journal.open(data_dir).close()
    paths = DataPaths(data_dir)
    encryption.encrypt(paths, None, PASSPHRASE)
    yield paths
    cipher.forget()


@pytest.mark.parametrize("backend", [keyring.backends.null.Keyring, keyring.backends.fail.Keyring,
                                     PlaintextKeyring], ids=["null", "fail", "plaintext"])
def test_a_plaintext_or_dummy_keyring_is_refused(unlocked: DataPaths, backend):
    previous = keyring.get_keyring()
    keyring.set_keyring(backend())
    try:
        with pytest.raises(UserError) as refused:
            remembered_key.remember(unlocked)
    finally:
        keyring.set_keyring(previous)
    name = f"{backend.__module__}.{backend.__qualname__}"
    assert str(refused.value) == (
        f"The system keyring here is {name}, which keeps secrets in plain text or not at all: "
        "the key is not remembered there. Enter the passphrase at each start instead.")
    assert PlaintextKeyring.stored == {}


def test_erase_all_removes_the_remembered_key_and_start_at_login(journal_dir: Path,
                                                                  tmp_path: Path):
    store = tmp_path / "keyring.json"
    env = {"PYTHON_KEYRING_BACKEND": "tests.security.standin_keyring.StandInKeyring",
           "STANDIN_KEYRING_FILE": str(store), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    settings = Settings.load(DataPaths(journal_dir).settings)
    settings.remember_key = True
    settings.save()
    done = touchstone(journal_dir, "encrypt", env={"TOUCHSTONE_NEW_PASSPHRASE": PASSPHRASE,
                                                   **env})
    assert done.returncode == 0, done.stderr
    assert len(json.loads(store.read_text())) == 1  # remembered
    entry = autostart.set_enabled(True, journal_dir, tmp_path / "config")
    other = tmp_path / "config" / "autostart" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n")
    done = touchstone(journal_dir, "erase-all", "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(store.read_text()) == {}
    assert not entry.exists() and other.exists()
    assert not journal_dir.exists()


def test_start_at_login_for_another_folder_is_left_alone(tmp_path: Path):
    entry = autostart.set_enabled(True, tmp_path / "other", tmp_path / "config")
    assert autostart.remove_entry_for(tmp_path / "oth", tmp_path / "config") is None
    assert autostart.remove_entry_for(tmp_path / "other", tmp_path / "config") == entry
    assert not entry.exists()
