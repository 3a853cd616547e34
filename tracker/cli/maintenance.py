"""``touchstone backup``, ``restore``, ``erase-all`` and ``self-test``, and the automatic
backup after a command that changed the journal."""

from __future__ import annotations

import argparse
import sys

from tracker.cli.context import CommandContext
from tracker.domain.words import plural
from tracker.errors import UserError


def backup_if_due(context: CommandContext) -> None:
    """Today's automatic backup after a change, unless there is one; a failure is only logged
    (the change itself was saved)."""
    import logging

    try:
        context.backups().back_up_if_due()
    except UserError as exc:
        logging.getLogger(__name__).warning("automatic backup failed: %s", type(exc).__name__)
        print(f"touchstone: warning: the automatic backup failed: {exc}", file=sys.stderr)


def cmd_backup(args: argparse.Namespace, context: CommandContext) -> int:
    context.journal()  # checks (and upgrades) the journal first
    dest = args.output
    if dest is not None:
        if str(dest) == "-":
            raise UserError("backup -o: a backup is a database file; name a file, not '-'.")
        if dest.is_symlink():
            raise UserError(f"{dest} is a symbolic link; Touchstone does not write a backup "
                            "through a link. Name a new file. Nothing was written.")
        if dest.exists():
            raise UserError(f"{dest} already exists; choose a new file name. Nothing was written.")
    context.close_journal()
    info = context.backups().back_up(dest=dest, manual=True)
    print(f"Backed up {plural(info.checkins, 'check-in')} to {info.path}.")
    return 0


def cmd_restore(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.services.backups import JournalDamaged
    from tracker.services.privacy import refuse_while_window_open

    source = args.file
    if not source.is_file():
        raise UserError(f"{source} is not a file. Nothing was changed.")
    refuse_while_window_open(context.paths, "restore")
    try:
        context.journal()  # a damaged journal is moved aside here, so nothing is lost
    except JournalDamaged as damaged:
        print(f"The damaged journal was moved aside to {damaged.set_aside}.", file=sys.stderr)
    context.close_journal()
    from tracker.cli.passphrases import unlock_backup
    from tracker.services.encryption import LockedFile

    try:
        result = context.backups().restore(source)
    except LockedFile:
        unlock_backup(context.paths, source)
        result = context.backups().restore(source)
    print(f"Restored {plural(result.restored.checkins, 'check-in')} from {source}.")
    if result.safety_copy is not None:
        print(f"The journal as it was before is kept in {result.safety_copy}.")
    return 0


def cmd_erase_all(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.services.privacy import erase_all, refuse_while_window_open

    if not args.yes:
        raise UserError(
            f"This deletes, for good, the journal, every backup, the logs, the settings and the "
            f"draft in {context.paths.root}, the key remembered in the system keyring and the "
            "start-at-login entry. To do it, run: touchstone erase-all --yes"
        )
    refuse_while_window_open(context.paths, "delete the data")
    context.close_journal()
    removed = erase_all(context.paths, context.backups())
    from tracker.ui.autostart import remove_entry_for  # plain files, no Qt

    entry = remove_entry_for(context.paths.root)
    if entry is not None:
        removed.append(entry)
    print(f"Deleted everything Touchstone stored in {context.paths.root} "
          f"({plural(len(removed), 'file or folder', 'files and folders')}).")
    return 0


def cmd_self_test(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.selftest import run_self_test

    return 0 if run_self_test() == 0 else 1
