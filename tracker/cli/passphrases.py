"""Passphrases on the command line: typed without echo in a terminal, or taken (then dropped)
from the environment; unlocking the journal or a backup for one command."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from tracker.errors import UserError
from tracker.paths import DataPaths

NEW_ENV_VAR = "TOUCHSTONE_NEW_PASSPHRASE"


def read_passphrase(prompt: str, env_var: str, locked_message: str) -> str:
    """The passphrase from ``env_var`` (then dropped from the environment), or typed without
    echo in a terminal; without either, ``UserError(locked_message)``."""
    from tracker.services.encryption import is_text

    value = os.environ.pop(env_var, None)
    if value is None:
        if not sys.stdin.isatty():
            raise UserError(locked_message)
        try:
            value = getpass.getpass(prompt)
        except EOFError:
            raise UserError(locked_message) from None
    if not is_text(value):  # it cannot be the passphrase, which is UTF-8 text
        raise UserError("The passphrase holds bytes that are not UTF-8 text. Nothing was changed.")
    return value


def unlock_journal(paths: DataPaths) -> None:
    """Unlock an encrypted journal for this command (asks once; a wrong passphrase is exit 2)."""
    from tracker.services import encryption

    if not encryption.is_locked(paths):
        return
    if not encryption.available():
        raise encryption.EncryptionUnavailable(f"The journal in {paths.root} is encrypted.")
    passphrase = read_passphrase(
        "Passphrase for the journal: ", encryption.ENV_VAR,
        f"The journal in {paths.root} is encrypted. Run the command in a terminal to be asked "
        f"for its passphrase, or set {encryption.ENV_VAR} (see SECURITY.md for the risks).",
    )
    encryption.unlock(paths, passphrase)


def unlock_backup(paths: DataPaths, backup: Path) -> None:
    """Ask for the passphrase of an encrypted backup made under another passphrase."""
    from tracker.services import encryption

    passphrase = read_passphrase(
        f"Passphrase for the backup {backup}: ", encryption.ENV_VAR,
        f"{backup} is encrypted with another passphrase. Run the command in a terminal to be "
        f"asked for it, or set {encryption.ENV_VAR}.",
    )
    encryption.unlock_file(backup, passphrase, paths)


def new_passphrase() -> str:
    """A new passphrase: from ``TOUCHSTONE_NEW_PASSPHRASE``, or typed twice in a terminal."""
    from tracker.services import encryption

    value = os.environ.pop(NEW_ENV_VAR, None)
    if value is not None:
        encryption.check_new_passphrase(value)
        return value
    if not sys.stdin.isatty():
        raise UserError(f"Run the command in a terminal to choose the passphrase, or set "
                        f"{NEW_ENV_VAR}. Nothing was changed.")
    print(encryption.FORGOTTEN_WARNING, file=sys.stderr)
    first = getpass.getpass(f"New passphrase (at least {encryption.MIN_LENGTH} characters): ")
    encryption.check_new_passphrase(first)
    encryption.check_new_passphrase(first, getpass.getpass("The same passphrase again: "))
    return first
