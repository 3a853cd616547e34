"""Command-line encryption: passphrases from the terminal or the environment, and the
``encrypt``, ``decrypt`` and ``passphrase`` commands (composition root)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from tracker.domain.words import plural
from tracker.errors import UserError
from tracker.paths import DataPaths

NEW_ENV_VAR = "TOUCHSTONE_NEW_PASSPHRASE"


def add_encryption_parsers(sub, common: argparse.ArgumentParser) -> None:
    """``encrypt``, ``decrypt`` and ``passphrase``."""
    sub.add_parser("encrypt", parents=[common],
                   help="encrypt the journal and its backups with a passphrase (SQLCipher)")
    sub.add_parser("decrypt", parents=[common],
                   help="turn encryption off: the journal and backups become plain files")
    sub.add_parser("passphrase", parents=[common],
                   help="change the passphrase of the encrypted journal and its backups")


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


def unlock_backup(paths: DataPaths, backup) -> None:
    """Ask for the passphrase of an encrypted backup made under another passphrase."""
    from tracker.services import encryption

    passphrase = read_passphrase(
        f"Passphrase for the backup {backup}: ", encryption.ENV_VAR,
        f"{backup} is encrypted with another passphrase. Run the command in a terminal to be "
        f"asked for it, or set {encryption.ENV_VAR}.",
    )
    encryption.unlock_file(backup, passphrase, paths)


def new_passphrase(paths: DataPaths) -> str:
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


def run_encryption(args: argparse.Namespace, context) -> int:
    """``encrypt`` / ``decrypt`` / ``passphrase``: switch, then say what happened to the backups."""
    from tracker.services import encryption
    from tracker.services.privacy import refuse_while_window_open

    if not encryption.available():
        raise encryption.EncryptionUnavailable()
    paths: DataPaths = context.paths
    refuse_while_window_open(paths, f"run `touchstone {args.command}`")
    context.journal()  # unlocks, checks and upgrades the journal first
    context.close_journal()
    settings = context.settings()
    encryption.require_encrypted(paths, args.command != "encrypt")
    if args.command == "encrypt":
        result = encryption.encrypt(paths, settings, new_passphrase(paths))
        print("The journal is now encrypted. Keep the passphrase safe: without it the journal "
              "cannot be opened.")
    elif args.command == "passphrase":
        result = encryption.change_passphrase(paths, settings, new_passphrase(paths))
        print("The passphrase was changed.")
    else:
        result = encryption.decrypt(paths, settings)
        print("The journal is no longer encrypted: anyone who can read your files can read it.")
    print(f"The journal as it was before is kept in {result.safety_backup}.")
    if result.backups_rekeyed:
        n = result.backups_rekeyed
        print(f"{plural(n, 'backup')} {'was' if n == 1 else 'were'} rewritten to match.")
    for path in result.backups_left:
        print(f"Left as it was (another passphrase, or unreadable): {path}")
    for path in result.set_aside_left:
        print(f"Not encrypted: the damaged copy {path} set aside earlier; delete it if you no "
              "longer need it.")
    return 0
