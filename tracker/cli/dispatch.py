"""Which function runs each command, and what happens around every command: a command that
writes is refused in a read-only data folder; a saved change is followed by the day's backup."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from tracker.cli import checkins, encryption, maintenance, measured, reality, transfer, window
from tracker.cli.context import CommandContext
from tracker.errors import UserError
from tracker.paths import DataPaths

Handler = Callable[[argparse.Namespace, CommandContext], int]
READING_COMMANDS = frozenset({None, "list", "export", "report", "screenshot", "self-test",
                              "probe"})


def handler_for(command: str | None) -> Handler:
    """The function for ``command`` (looked up now, so a test can replace one)."""
    return {
        None: window.cmd_gui,
        "add": checkins.cmd_add,
        "list": checkins.cmd_list,
        "export": transfer.cmd_export,
        "import": transfer.cmd_import,
        "report": checkins.cmd_report,
        "screenshot": window.cmd_screenshot,
        "self-test": maintenance.cmd_self_test,
        "eval": reality.run_reality,
        "revisit": reality.run_reality,
        "outcome": measured.run_outcome,
        "probe": measured.run_probe,
        "backup": maintenance.cmd_backup,
        "restore": maintenance.cmd_restore,
        "erase-all": maintenance.cmd_erase_all,
        "encrypt": encryption.run_encryption,
        "decrypt": encryption.run_encryption,
        "passphrase": encryption.run_encryption,
    }[command]


def run(args: argparse.Namespace, context: CommandContext) -> int:
    """Run the parsed command on ``context``; its exit code."""
    handler = handler_for(args.command)
    refuse_writing_when_read_only(args, context.paths)
    code = handler(args, context)
    if code == 0 and (args.command in ("add", "import")
                      or args.command == "outcome" and args.outcome_command != "list"
                      and not is_reading(args)):
        maintenance.backup_if_due(context)
    return code


def refuse_writing_when_read_only(args: argparse.Namespace, paths: DataPaths) -> None:
    """One line naming why, before a command that writes starts in a read-only data folder."""
    command = args.command
    action = getattr(args, "eval_command", None) or getattr(args, "outcome_command", None)
    reads = command in READING_COMMANDS or action == "list" or (
        command == "outcome" and is_reading(args))
    why = None if reads or not paths.root.is_dir() else paths.read_only()
    if why:
        if action:
            command = f"{command} {action}"
        raise UserError(f"The data folder {paths.root} is read-only: {why}. `touchstone "
                        f"{command}` would change it; the reading commands work (list, "
                        "export, report).")


def is_reading(args: argparse.Namespace) -> bool:
    """Whether this ``outcome`` command only reads (a listing or a dry run)."""
    action = getattr(args, "outcome_command", None)
    return (action == "sources" and getattr(args, "sources_command", None) is None
            or action == "refresh" and bool(getattr(args, "dry_run", False)))
