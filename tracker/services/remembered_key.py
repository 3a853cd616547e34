"""Remembering an encrypted journal's key in the OS keyring (opt-in, off by default).

What is stored is the derived key and its salt, never the passphrase (which may be used
elsewhere), under the service "Touchstone" and an account naming the data folder by a hash.
The keyring (Secret Service, macOS Keychain, Windows Credential Locker) protects it with the
user's login; anyone logged in as the user can then open the journal without the passphrase.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging

from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.store import cipher

SERVICE = "Touchstone"
log = logging.getLogger(__name__)


def available() -> bool:
    """True when the ``keyring`` package is installed (whether a backend works is seen on use)."""
    return importlib.util.find_spec("keyring") is not None


def _account(paths: DataPaths) -> str:
    digest = hashlib.sha256(str(paths.root.resolve()).encode("utf-8")).hexdigest()[:24]
    return f"journal-{digest}"


def remember(paths: DataPaths) -> None:
    """Store the key this process holds for the journal in the OS keyring."""
    key = cipher.key_for(paths.database)
    if key is None:
        raise UserError("The journal is not unlocked, so there is no key to remember.")
    if not available():
        raise UserError('Remembering the passphrase needs the keyring package: pip install '
                        '"touchstone[encryption]".')
    import keyring
    from keyring.errors import KeyringError

    unsafe = unsafe_backend(keyring.get_keyring())
    if unsafe is not None:
        raise UserError(f"The system keyring here is {unsafe}, which keeps secrets in plain "
                        "text or not at all: the key is not remembered there. Enter the "
                        "passphrase at each start instead.")
    try:
        keyring.set_password(SERVICE, _account(paths), f"{key.key.hex()}:{key.salt.hex()}")
    except (KeyringError, RuntimeError) as error:
        raise UserError(f"The system keyring refused to store the key: {error}") from None


_UNSAFE_MODULES = ("keyring.backends.fail", "keyring.backends.null")


def unsafe_backend(backend: object) -> str | None:
    """The name of a keyring backend that would keep the key in plain text (keyrings.alt's
    ``PlaintextKeyring``) or drop it (``fail``, ``null``), or None for a real keyring. A
    chained backend is judged by every keyring it may write to."""
    chained = getattr(backend, "backends", None)
    for one in chained if chained else [backend]:
        kind = type(one)
        if kind.__module__.startswith(_UNSAFE_MODULES) or "plaintext" in kind.__name__.lower():
            return f"{kind.__module__}.{kind.__qualname__}"
    return None


def unlock(paths: DataPaths) -> bool:
    """Unlock the journal with a remembered key; False when none is stored or it is stale."""
    if not available() or not cipher.is_encrypted(paths.database):
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        stored = keyring.get_password(SERVICE, _account(paths))
    except (KeyringError, RuntimeError) as error:
        log.warning("keyring unavailable: %s", type(error).__name__)
        return False
    if not stored:
        return False
    try:
        key_hex, salt_hex = stored.split(":")
        key = cipher.CipherKey(bytes.fromhex(key_hex), bytes.fromhex(salt_hex))
    except ValueError:
        return False
    if key.salt != cipher.file_salt(paths.database):
        return False  # the passphrase was changed since: ask for it
    entry = cipher.KeyChecks(paths.key_checks).entry(key.salt)
    if entry is not None and entry.get("check") != key.check_value():
        return False
    cipher.remember(key)
    return True


def forget(paths: DataPaths) -> None:
    """Remove the remembered key, if any (turning the setting off, or encryption off)."""
    if not available():
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, _account(paths))
    except PasswordDeleteError:
        pass
    except (KeyringError, RuntimeError) as error:  # no keyring: nothing can be stored there
        log.debug("keyring unavailable: %s", type(error).__name__)
