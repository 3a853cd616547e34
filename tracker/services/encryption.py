"""Encryption at rest as the user sees it: unlock, turn on, change passphrase, turn off.

Each switch backs the journal up first, re-keys it into a verified new file that replaces the old
one atomically (``store.rekey``), then brings every backup it can open to the same state, so a
backup never stays plaintext beside an encrypted journal (nor under a passphrase the user has
just retired). The passphrase itself is only ever passed through: what this process keeps is the
derived key, in memory, until ``lock``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import StoreError, UserError
from tracker.paths import DataPaths
from tracker.settings import Settings
from tracker.store import cipher
from tracker.store.connection import connect, driver_errors
from tracker.store.rekey import discard_scratch, rekey_file, switch_key

log = logging.getLogger(__name__)

ENV_VAR = "TOUCHSTONE_PASSPHRASE"
MIN_LENGTH = 8
Step = Callable[[str], None]

WrongPassphrase = cipher.WrongPassphrase
EncryptionUnavailable = cipher.EncryptionUnavailable
LockedFile = cipher.LockedFile

FORGOTTEN_WARNING = (
    "If you forget the passphrase, your journal cannot be opened by anyone, including you: "
    "there is no reset and no recovery. Write it down somewhere safe."
)
EXPORT_WARNING = (
    "Exports are plaintext by nature: anyone who can read the exported file can read your "
    "check-ins, even while the journal itself is encrypted."
)


@dataclass(frozen=True, slots=True)
class SwitchResult:
    """What a switch did: the safety backup made first and the backups re-keyed after."""

    safety_backup: Path | None
    backups_rekeyed: int
    backups_left: list[Path]  # not re-keyed: an older passphrase, or unreadable (see the log)
    set_aside_left: list[Path] = field(default_factory=list)  # damaged copies, as they were


def available() -> bool:
    """True when the SQLCipher driver is installed."""
    return cipher.available()


def is_encrypted(paths: DataPaths) -> bool:
    return cipher.is_encrypted(paths.database)


def is_locked(paths: DataPaths) -> bool:
    """True when the journal is encrypted and this process does not hold its key."""
    return is_encrypted(paths) and cipher.key_for(paths.database) is None


def is_locked_file(path: Path) -> bool:
    """True for an encrypted file (e.g. a backup) this process holds no key for."""
    return cipher.is_encrypted(path) and cipher.key_for(path) is None


def is_text(passphrase: str) -> bool:
    """False for a passphrase holding undecodable bytes (from a non-UTF-8 environment)."""
    try:
        passphrase.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_new_passphrase(passphrase: str, repeated: str | None = None) -> None:
    """Refuse a passphrase too short to protect anything, or one typed twice differently."""
    if len(passphrase) < MIN_LENGTH:
        raise UserError(f"The passphrase must be at least {MIN_LENGTH} characters long.")
    if passphrase != passphrase.strip():
        raise UserError("The passphrase must not start or end with a space.")
    if not is_text(passphrase):
        raise UserError("The passphrase holds bytes that are not UTF-8 text. Nothing was changed.")
    if repeated is not None and repeated != passphrase:
        raise UserError("The two passphrases differ. Nothing was changed.")


def unlock(paths: DataPaths, passphrase: str) -> None:
    """Hold the journal's key for this process, or raise ``WrongPassphrase``.

    Finishes a switch that was interrupted after the journal was encrypted: backups still in
    plaintext are encrypted now.
    """
    unlock_file(paths.database, passphrase, paths)
    key = cipher.key_for(paths.database)
    if key is not None and key.outdated:
        _upgrade_key(paths, passphrase)
    if cipher.key_for(paths.database) is not None:
        try:
            align_backups(paths, Settings.load(paths.settings))
        except (UserError, OSError) as error:  # a backup problem must not keep the journal shut
            log.warning("backups not aligned at unlock: %s", type(error).__name__)


def unlock_file(path: Path, passphrase: str, paths: DataPaths) -> None:
    """Hold the key that opens the encrypted file ``path`` (the journal or a backup).

    With a key check on record a wrong passphrase is told apart from a damaged file: a right
    passphrase is held even when the file then fails to open, so the usual damaged-journal
    handling (set aside, offer a backup) takes over.
    """
    cipher.driver()  # EncryptionUnavailable before any work
    checks = cipher.KeyChecks(paths.key_checks)
    for kdf in cipher.KNOWN_KDFS:  # without a key check: today's parameters, then older ones
        key, checked = cipher.key_from_passphrase(path, passphrase, checks, kdf)
        if checked or _opens(path, key):
            cipher.remember(key)
            return
    raise WrongPassphrase(
        "Wrong passphrase (or the file is damaged: there is no key check on record for it)."
    )


def _upgrade_key(paths: DataPaths, passphrase: str) -> None:
    """Re-encrypt a journal whose key came from weaker scrypt parameters under a key from
    today's (same passphrase, new salt; backups and the draft follow, ``keys.json`` is
    rewritten atomically). On failure (another process has the journal open) the old key
    keeps working and the next unlock tries again."""
    settings = Settings.load(paths.settings)
    try:
        _switch(paths, settings, cipher.new_key(passphrase), None)
    except (UserError, OSError) as error:
        log.warning("key derivation not upgraded: %s", type(error).__name__)
        return
    log.info("the journal's key derivation was upgraded to scrypt N=2^17")


def verify_passphrase(paths: DataPaths, passphrase: str) -> None:
    """Raise ``WrongPassphrase`` unless ``passphrase`` is the unlocked journal's (asked again
    before changing or removing it, as anyone at an unlocked computer could try)."""
    import hmac

    held = cipher.key_for(paths.database)
    key, _ = cipher.key_from_passphrase(paths.database, passphrase,
                                        cipher.KeyChecks(paths.key_checks))
    if held is None or not hmac.compare_digest(key.key, held.key):
        raise WrongPassphrase("Wrong passphrase.")


def lock() -> None:
    """Forget every key this process holds."""
    cipher.forget()


def encrypt(paths: DataPaths, settings: Settings | None, passphrase: str,
            on_step: Step | None = None) -> SwitchResult:
    """Encrypt the (plain) journal and its backups under ``passphrase``."""
    if not cipher.available():
        raise EncryptionUnavailable()
    require_encrypted(paths, False)
    check_new_passphrase(passphrase)
    return _switch(paths, settings, cipher.new_key(passphrase), on_step)


def change_passphrase(paths: DataPaths, settings: Settings | None, passphrase: str,
                      on_step: Step | None = None) -> SwitchResult:
    """Re-encrypt the (unlocked) journal and its backups under a new passphrase and salt."""
    _require_unlocked(paths)
    check_new_passphrase(passphrase)
    return _switch(paths, settings, cipher.new_key(passphrase), on_step)


def decrypt(paths: DataPaths, settings: Settings | None,
            on_step: Step | None = None) -> SwitchResult:
    """Turn encryption off: the journal and the backups this process can open become plain."""
    _require_unlocked(paths)
    return _switch(paths, settings, None, on_step)


def align_backups(paths: DataPaths, settings: Settings | None,
                  on_step: Step | None = None) -> tuple[int, list[Path]]:
    """Bring every backup to the journal's key (or to plain); (re-keyed, left under other keys).

    Also runs after an interrupted switch finishes on the next start, so a backup never stays
    plaintext beside an encrypted journal.
    """
    from tracker.services.backups import Backups

    target = cipher.key_for(paths.database) if is_encrypted(paths) else None
    rekeyed, left = 0, []
    for entry in Backups(paths, settings).entries():
        if rekeyed and on_step:
            on_step("backup-rekeyed")
        salt = cipher.encrypted_salt(entry.path)
        if salt is None and cipher.file_salt(entry.path) is not None:
            continue  # neither plain SQLite nor whole encrypted pages: not ours to touch
        if (salt is None and target is None) or (target is not None and salt == target.salt):
            continue
        if salt is not None and cipher.key_for(entry.path) is None:
            left.append(entry.path)  # an older passphrase we were not given
            continue
        try:
            rekey_file(entry.path, target)
        except (UserError, OSError) as error:  # one bad file must not stop the others
            log.warning("backup not re-keyed: %s", type(error).__name__)
            left.append(entry.path)
            continue
        rekeyed += 1
    _tidy_key_checks(paths, settings)
    return rekeyed, left


def _switch(paths: DataPaths, settings: Settings | None, key: cipher.CipherKey | None,
            on_step: Step | None) -> SwitchResult:
    from tracker.services.backups import Backups

    if not paths.database.exists():
        raise UserError(f"There is no journal in {paths.root} yet.")
    discard_scratch(paths.database)
    try:
        safety = Backups(paths, settings).back_up().path
    except StoreError as error:
        raise StoreError(f"{error} Nothing was changed: a backup comes first.") from None
    old = cipher.key_for(paths.database)
    switch_key(paths.database, key, cipher.KeyChecks(paths.key_checks), on_step)
    if on_step:
        on_step("journal-done")
    _move_draft(paths, old, key)
    rekeyed, left = align_backups(paths, settings, on_step)
    if old is not None and (key is None or old.salt != key.salt):
        cipher.forget(old.salt)
    _update_remembered_key(paths, settings, key)
    # damaged journals set aside earlier are kept byte for byte (they may be repairable): say
    # that they are not encrypted, so the user can delete them
    set_aside = sorted(p for p in paths.root.glob(f"{paths.database.name}.corrupt-*")
                       if not p.name.endswith(("-wal", "-shm")))
    return SwitchResult(safety, rekeyed, left, set_aside if key is not None else [])


def keep_encrypted_after_damage(paths: DataPaths, damaged_copy: Path) -> bool:
    """Encrypt the new, empty journal made after a damaged one was set aside, under the
    damaged one's key (unlocked this session), so starting over keeps encryption on. The new
    journal must be closed. False when the damaged copy was plain or its key is not at hand."""
    key = cipher.key_for(damaged_copy) if cipher.encrypted_salt(damaged_copy) else None
    if key is None or not paths.database.exists():
        return False
    switch_key(paths.database, key, cipher.KeyChecks(paths.key_checks), None)
    return True


def _update_remembered_key(paths: DataPaths, settings: Settings | None,
                           key: cipher.CipherKey | None) -> None:
    """A key remembered in the OS keyring follows the switch (or goes, with encryption)."""
    from tracker.services import remembered_key

    if key is not None and settings is not None and settings.remember_key:
        try:
            remembered_key.remember(paths)
        except UserError as error:  # the switch itself is done; the next start asks instead
            import logging

            logging.getLogger(__name__).warning("could not remember the key: %s", error)
    else:
        remembered_key.forget(paths)


def _move_draft(paths: DataPaths, old: cipher.CipherKey | None,
                new: cipher.CipherKey | None) -> None:
    """Carry an unfinished form over to the new key (a draft is never left in plaintext)."""
    from tracker.services.drafts import drafts_under

    source, target = drafts_under(paths, old), drafts_under(paths, new)
    draft = source.load()
    if draft:
        target.save(draft)  # the new one first: a crash in between loses nothing
    for stale in (paths.draft, paths.sealed_draft):
        if stale != target.path:
            stale.unlink(missing_ok=True)


def _tidy_key_checks(paths: DataPaths, settings: Settings | None) -> None:
    """Keep key checks only for salts some file still uses."""
    from tracker.services.backups import Backups

    files = [paths.database, *(e.path for e in Backups(paths, settings).entries())]
    salts = {s for s in (cipher.file_salt(f) for f in files) if s is not None}
    cipher.KeyChecks(paths.key_checks).retain_only(salts)


def require_encrypted(paths: DataPaths, encrypted: bool) -> None:
    """Refuse a switch that does not fit the journal as it is (before asking for anything)."""
    if encrypted and not is_encrypted(paths):
        raise UserError("The journal is not encrypted (`touchstone encrypt` encrypts it). "
                        "Nothing was changed.")
    if not encrypted and is_encrypted(paths):
        raise UserError("The journal is already encrypted; `touchstone passphrase` changes "
                        "its passphrase.")


def _require_unlocked(paths: DataPaths) -> None:
    cipher.driver()
    require_encrypted(paths, True)
    if is_locked(paths):
        raise LockedFile("The journal is locked: unlock it with its passphrase first.")


def _opens(path: Path, key: cipher.CipherKey) -> bool:
    try:
        conn = connect(path, read_only=True, key=key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            conn.close()
    except driver_errors():
        return False
    return True
