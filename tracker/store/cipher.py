"""Encryption at rest with SQLCipher: keys from a passphrase, the in-memory keychain, key checks.

A passphrase never reaches SQL text or disk. It goes through scrypt (RFC 7914; N=2^17, r=8,
p=1, 32-byte output; a key made with N=2^15 before is upgraded at the next unlock) with a random
16-byte salt, and the derived key is handed to SQLCipher as a *raw key* (``PRAGMA key =
"x'<key><salt>'"``: hex digits only, no user text). SQLCipher stores
that salt as the first 16 bytes of the file, so the salt of an encrypted file can be read back
from the file itself; SQLCipher 4's defaults do the rest (AES-256-CBC per page, HMAC-SHA512
per page, a fresh IV for every page write).

The keychain is this process's memory of unlocked keys, indexed by salt: ``connection.connect``
looks a file's salt up there, so every part of the store opens an unlocked journal (and its
backups, which keep the journal's key and salt) without passing keys around. The key check file
(``keys.json`` in the data folder) holds, per salt, the KDF parameters and an HMAC of a fixed
text under the key: it tells "wrong passphrase" apart from "damaged file" and holds nothing
that helps an attacker more than the encrypted file itself does.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from tracker.errors import StoreError
from tracker.store.header import (  # noqa: F401 - re-exported: cipher.is_encrypted etc.
    SALT_BYTES,
    encrypted_salt,
    file_salt,
    is_encrypted,
)

KEY_BYTES = 32
KDF_V1: dict[str, Any] = {"name": "scrypt", "n": 2**15, "r": 8, "p": 1}  # still opened
KDF_V2: dict[str, Any] = {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}  # OWASP's minimum; new
KDF_CURRENT = KDF_V2
KNOWN_KDFS = (KDF_V2, KDF_V1)
_CHECK_TEXT = b"Touchstone key check v1"

INSTALL_HINT = (
    'Encryption needs the optional SQLCipher driver: pip install "touchstone[encryption]" '
    "(see SECURITY.md)."
)


class EncryptionUnavailable(StoreError):
    """The SQLCipher driver is not installed."""

    def __init__(self, what: str = "") -> None:
        super().__init__(f"{what} {INSTALL_HINT}".strip())


class WrongPassphrase(StoreError):
    """The passphrase does not open this file."""


class LockedFile(StoreError):
    """An encrypted file whose key this process does not hold."""


@dataclass(frozen=True, slots=True, repr=False)
class CipherKey:
    """A derived 256-bit key and the salt it belongs to (``repr`` never shows the key)."""

    key: bytes
    salt: bytes
    n: int = KDF_CURRENT["n"]  # scrypt's work factor the key was derived with

    @property
    def kdf(self) -> dict:
        """The key derivation parameters, as ``keys.json`` records them."""
        return {"name": "scrypt", "n": self.n, "r": 8, "p": 1}

    @property
    def outdated(self) -> bool:
        """Derived with weaker parameters than new keys get (upgraded at unlock)."""
        return self.n < KDF_CURRENT["n"]

    def pragma_value(self) -> str:
        """The raw-key literal for ``PRAGMA key``: ``x'<key hex><salt hex>'``."""
        return f"x'{self.key.hex()}{self.salt.hex()}'"

    def check_value(self) -> str:
        """The key check stored in ``keys.json``: HMAC-SHA256 of a fixed text under the key."""
        import hashlib
        import hmac

        return hmac.new(self.key, _CHECK_TEXT, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return f"CipherKey(salt={self.salt.hex()})"


def available() -> bool:
    """True when the SQLCipher driver (``sqlcipher3``) imports (~6 ms, the first time)."""
    try:
        driver()
    except EncryptionUnavailable:
        return False
    return True


def driver() -> ModuleType:
    """The SQLCipher DB-API module (imported on first use: ~6 ms, never for plain journals)."""
    try:
        import sqlcipher3.dbapi2 as module
    except ImportError:  # not installed, or broken (a missing shared library)
        raise EncryptionUnavailable("This journal is encrypted.") from None
    return module


def derive_key(passphrase: str, salt: bytes, kdf: dict | None = None) -> CipherKey:
    """The key for ``passphrase`` (as typed; see ``normalized``) and ``salt`` under the KDF
    parameters ``kdf`` (new keys': ``KDF_CURRENT``): only ``KNOWN_KDFS`` are accepted."""
    params = KDF_CURRENT if kdf is None else kdf
    if params not in KNOWN_KDFS:
        raise StoreError("The key check file names an unknown key derivation.")
    if not passphrase:
        raise WrongPassphrase("The passphrase is empty.")
    import hashlib  # OpenSSL's scrypt: only imported when a key is derived

    n, r, p = params["n"], params["r"], params["p"]
    key = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p,
        maxmem=256 * r * n, dklen=KEY_BYTES,
    )
    return CipherKey(key, salt, n)


def normalized(passphrase: str) -> str:
    """The passphrase in Unicode NFC: "é" typed as one character or as e + accent (as input
    methods and systems differ) gives the same key."""
    import unicodedata

    return unicodedata.normalize("NFC", passphrase)


def new_key(passphrase: str) -> CipherKey:
    """A key for ``passphrase`` under a fresh random salt (for a newly encrypted file)."""
    import secrets

    return derive_key(normalized(passphrase), secrets.token_bytes(SALT_BYTES))


# ---- the keychain: keys this process has unlocked, by salt ----

_keychain: dict[bytes, CipherKey] = {}


def remember(key: CipherKey) -> None:
    """Hold ``key`` for this process: files with its salt now open with it."""
    _keychain[key.salt] = key


def forget(salt: bytes | None = None) -> None:
    """Drop one key (by salt), or every key when ``salt`` is None (locking)."""
    if salt is None:
        _keychain.clear()
    else:
        _keychain.pop(salt, None)


def key_for(path: Path) -> CipherKey | None:
    """The held key that opens ``path``, or None (plain file, or nothing held for it).

    Costs nothing while no key is held, so plain journals never read their header twice.
    """
    if not _keychain:
        return None
    salt = encrypted_salt(path)
    return None if salt is None else _keychain.get(salt)


# ---- the key check file ----


@dataclass(frozen=True)
class KeyChecks:
    """``keys.json``: per salt, the KDF parameters and the key check; written atomically."""

    path: Path

    def _load(self) -> dict[str, dict]:
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # unreadable: behave as if absent (unlocking still works, less precisely)
        entries = data.get("keys") if isinstance(data, dict) else None
        if not isinstance(entries, dict):
            return {}
        return {salt: entry for salt, entry in entries.items()
                if isinstance(entry, dict) and _is_hex(salt, SALT_BYTES)}

    def entry(self, salt: bytes) -> dict | None:
        """The stored entry for ``salt``: ``{"kdf": {...}, "check": hex}``, or None."""
        found = self._load().get(salt.hex())
        return found if isinstance(found, dict) else None

    def add(self, key: CipherKey) -> None:
        """Record ``key``'s check (and its KDF) before a file encrypted with it goes live."""
        import json

        from tracker.paths import write_private_text

        entries = self._load()
        entries[key.salt.hex()] = {"kdf": key.kdf, "check": key.check_value()}
        write_private_text(
            self.path, json.dumps({"version": 1, "keys": entries}, indent=1, sort_keys=True)
        )

    def retain_only(self, salts: set[bytes]) -> None:
        """Drop entries for salts no file uses any more (after re-keying the backups)."""
        import json

        from tracker.paths import write_private_text

        entries = self._load()
        kept = {s: e for s, e in entries.items() if bytes.fromhex(s) in salts}
        if kept == entries:
            return
        if not kept:
            self.path.unlink(missing_ok=True)
            return
        write_private_text(
            self.path, json.dumps({"version": 1, "keys": kept}, indent=1, sort_keys=True)
        )


def _is_hex(text: object, size: int) -> bool:
    try:
        return isinstance(text, str) and len(bytes.fromhex(text)) == size
    except ValueError:
        return False


def key_from_passphrase(path: Path, passphrase: str, checks: KeyChecks,
                        kdf: dict | None = None) -> tuple[CipherKey, bool]:
    """The key ``passphrase`` gives for the encrypted file ``path``, and whether it was checked.

    Raises ``WrongPassphrase`` when the key check file knows this salt and the key does not
    match. Without an entry (a file from another computer) the key is derived under ``kdf``
    (default: new keys') and returned unchecked: the caller learns whether it is right by
    opening the file, and tries the older parameters (``KNOWN_KDFS``) next.
    """
    salt = encrypted_salt(path)
    if salt is None:
        raise StoreError(f"{path} is not an encrypted Touchstone file.")
    entry = checks.entry(salt)
    if entry is not None and (entry.get("kdf") not in KNOWN_KDFS
                              or not isinstance(entry.get("check"), str)):
        entry = None  # a damaged or foreign entry: as if there were none
    import hmac

    # NFC first (how keys are made); then the passphrase exactly as typed, for a file whose key
    # came from a differently composed passphrase
    params = entry["kdf"] if entry is not None else kdf
    for candidate in dict.fromkeys((normalized(passphrase), passphrase)):
        key = derive_key(candidate, salt, params)
        if entry is None:
            return key, False
        if hmac.compare_digest(entry["check"], key.check_value()):
            return key, True
    raise WrongPassphrase("Wrong passphrase.")
