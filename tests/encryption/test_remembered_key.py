"""The key remembered in the OS keyring (an in-memory keyring backend stands in for the
system's): never the passphrase, follows a passphrase change, goes with encryption."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from tests.encryption.conftest import PASSPHRASE, fill
from tracker.paths import DataPaths
from tracker.services import encryption, remembered_key
from tracker.settings import Settings
from tracker.store import cipher


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_remembered_key_unlocks_and_follows_the_journal(paths: DataPaths,
                                                        memory_keyring: MemoryKeyring) -> None:
    fill(paths.root, 2)
    settings = Settings.load(paths.settings)
    settings.remember_key = True
    settings.save()
    encryption.encrypt(paths, settings, PASSPHRASE)
    (stored,) = memory_keyring.items.values()
    assert PASSPHRASE not in stored
    cipher.forget()
    assert remembered_key.unlock(paths)
    assert not encryption.is_locked(paths)
    # a passphrase change replaces the remembered key
    encryption.change_passphrase(paths, settings, "the next passphrase")
    cipher.forget()
    assert remembered_key.unlock(paths)
    # turning encryption off removes it
    encryption.decrypt(paths, settings)
    assert memory_keyring.items == {}


def test_without_the_setting_nothing_is_stored(paths: DataPaths,
                                               memory_keyring: MemoryKeyring) -> None:
    fill(paths.root, 1)
    encryption.encrypt(paths, Settings.load(paths.settings), PASSPHRASE)
    assert memory_keyring.items == {}
    cipher.forget()
    assert not remembered_key.unlock(paths)
    assert encryption.is_locked(paths)


def test_a_stale_remembered_key_is_not_used(paths: DataPaths,
                                            memory_keyring: MemoryKeyring) -> None:
    fill(paths.root, 1)
    encryption.encrypt(paths, None, PASSPHRASE)
    remembered_key.remember(paths)
    encryption.change_passphrase(paths, None, "changed without the setting")
    # settings=None: the remembered key is dropped, not left stale
    assert memory_keyring.items == {}
    remembered_key.remember(paths)
    account = next(iter(memory_keyring.items))
    memory_keyring.items[account] = "00" * 32 + ":" + cipher.file_salt(paths.database).hex()
    cipher.forget()
    assert not remembered_key.unlock(paths)  # the key check refuses it
