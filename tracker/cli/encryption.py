"""``touchstone encrypt``, ``decrypt`` and ``passphrase``: switch, then say what happened to
the backups (passphrases are read by ``cli.passphrases``)."""

from __future__ import annotations

import argparse

from tracker.cli.context import CommandContext
from tracker.cli.passphrases import new_passphrase
from tracker.domain.words import plural


def run_encryption(args: argparse.Namespace, context: CommandContext) -> int:
    """``encrypt`` / ``decrypt`` / ``passphrase``: switch, then say what happened to the backups."""
    from tracker.services import encryption
    from tracker.services.privacy import refuse_while_window_open

    if not encryption.available():
        raise encryption.EncryptionUnavailable()
    paths = context.paths
    refuse_while_window_open(paths, f"run `touchstone {args.command}`")
    context.journal()  # unlocks, checks and upgrades the journal first
    context.close_journal()
    settings = context.settings()
    encryption.require_encrypted(paths, args.command != "encrypt")
    if args.command == "encrypt":
        result = encryption.encrypt(paths, settings, new_passphrase())
        print("The journal is now encrypted. Keep the passphrase safe: without it the journal "
              "cannot be opened.")
    elif args.command == "passphrase":
        result = encryption.change_passphrase(paths, settings, new_passphrase())
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
