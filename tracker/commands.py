"""What each command-line command does, on top of the services (composition root)."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tracker.commands_encryption import run_encryption
from tracker.commands_reality import run_reality
from tracker.domain.words import plural
from tracker.errors import UserError, ValidationError
from tracker.logs import setup_logging
from tracker.paths import DataPaths, default_data_dir

STATE_FLAGS = {  # CLI option -> built-in factor id
    "mood": "mood",
    "sleep": "sleep_hours",
    "sleep_quality": "sleep_quality",
    "hunger": "hunger",
    "energy": "energy",
    "stress": "stress",
}


@dataclass
class Context:
    """Where the data lives, and the journal once a command opens it."""

    paths: DataPaths
    demo: bool = False
    _journal: object | None = field(default=None, repr=False)

    def journal(self):  # -> Journal (imported lazily: the GUI path opens its own)
        """The journal; a damaged one is moved aside and reported with the newest backup."""
        if self._journal is None:
            from tracker.commands_encryption import unlock_journal
            from tracker.services.backups import open_journal

            unlock_journal(self.paths)
            self._journal = open_journal(self.paths, self.settings())
        return self._journal

    def settings(self):  # -> Settings
        from tracker.settings import Settings

        return Settings.load(self.paths.settings)

    def backups(self):  # -> Backups
        from tracker.services.backups import Backups

        return Backups(self.paths, self.settings())

    def close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


@contextlib.contextmanager
def session(args: argparse.Namespace) -> Iterator[Context]:
    """Resolve the data dir (or a seeded temporary one for --demo) and set up logging."""
    temp: Path | None = None
    if args.demo:
        temp = Path(tempfile.mkdtemp(prefix="touchstone-demo-"))
        root = temp
    else:
        root = args.data_dir or default_data_dir()
    paths = DataPaths(Path(root))
    try:
        paths.ensure()
    except OSError as exc:
        reason = exc.strerror or exc
        raise UserError(f"Cannot use the data folder {paths.root}: {reason}.") from None
    with contextlib.suppress(OSError):  # a read-only data dir still lets the user read
        setup_logging(paths.logs)
    context = Context(paths, demo=bool(args.demo))
    try:
        if args.demo:
            seed_demo(context)
        yield context
    finally:
        if context._journal is not None:
            context._journal.close()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def seed_demo(context: Context) -> None:
    """Fill the temporary demo journal with a generated year ending today."""
    from tracker.services.demo import seed_journal
    from tracker.settings import Settings

    seed_journal(context.journal(), end=date.today())
    settings = Settings.load(context.paths.settings)
    settings.welcome_done = True
    settings.save()


def run(args: argparse.Namespace, context: Context) -> int:
    handler = {
        None: cmd_gui,
        "add": cmd_add,
        "list": cmd_list,
        "export": cmd_export,
        "import": cmd_import,
        "report": cmd_report,
        "screenshot": cmd_screenshot,
        "self-test": cmd_self_test,
        "eval": run_reality,
        "revisit": run_reality,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "erase-all": cmd_erase_all,
        "encrypt": run_encryption,
        "decrypt": run_encryption,
        "passphrase": run_encryption,
    }[args.command]
    refuse_writing_when_read_only(args, context.paths)
    code = handler(args, context)
    if code == 0 and args.command in ("add", "import"):
        backup_if_due(context)
    return code


READING_COMMANDS = frozenset({None, "list", "export", "report", "screenshot", "self-test"})


def refuse_writing_when_read_only(args: argparse.Namespace, paths: DataPaths) -> None:
    """One line naming why, before a command that writes starts in a read-only data folder."""
    command = args.command
    reads = command in READING_COMMANDS or getattr(args, "eval_command", None) == "list"
    why = None if reads or not paths.root.is_dir() else paths.read_only()
    if why:
        if command == "eval":
            command = f"eval {args.eval_command}"
        raise UserError(f"The data folder {paths.root} is read-only: {why}. `touchstone "
                        f"{command}` would change it; the reading commands work (list, "
                        "export, report).")


def backup_if_due(context: Context) -> None:
    """Today's automatic backup after a change, unless there is one; a failure is only logged
    (the change itself was saved)."""
    import logging

    try:
        context.backups().back_up_if_due()
    except UserError as exc:
        logging.getLogger(__name__).warning("automatic backup failed: %s", type(exc).__name__)
        print(f"touchstone: warning: the automatic backup failed: {exc}", file=sys.stderr)


# --- parsing helpers -------------------------------------------------------------------------
def parse_number(text: str, what: str) -> float:
    """A number typed on the command line (a decimal comma is accepted)."""
    try:
        return float(str(text).strip().replace(",", "."))
    except ValueError:
        raise ValidationError(f"{what}: {text!r} is not a number.") from None


def parse_pair(text: str, what: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ValidationError(f"{what} expects NAME=VALUE, not {text!r}.")
    return name.strip(), value.strip()


def parse_when(text: str | None) -> tuple[datetime | None, str]:
    """An ISO date-time, and a note when it was ambiguous; without an offset it is read on
    this computer's clock (``domain.local_time``: a time in a DST gap is refused)."""
    if text is None:
        return None, ""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"--at: {text!r} is not a date and time like 2026-11-27T08:30 "
            "or 2026-11-27T08:30+01:00."
        ) from None
    note = ""
    if value.tzinfo is None:
        from tracker.domain.local_time import on_local_clock as read_local

        local = read_local(value, "--at")
        value, note = local.at, local.note
    if value > datetime.now(UTC):
        raise ValidationError("--at: a check-in cannot be in the future.")
    return value, note


def on_local_clock(value: datetime, what: str, text: str) -> datetime:
    """``value`` with this computer's UTC offset at that moment, unless it has an offset."""
    if value.tzinfo is not None:
        return value
    from tracker.domain.local_time import on_local_clock as read_local

    return read_local(value, what).at


def parse_day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{what}: {text!r} is not a date like 2026-11-27.") from None


# --- commands --------------------------------------------------------------------------------
def cmd_gui(args: argparse.Namespace, context: Context) -> int:
    from tracker.app import run_gui

    return run_gui(context.paths, exit_when_ready=args.exit_when_ready)


def cmd_add(args: argparse.Namespace, context: Context) -> int:
    journal = context.journal()
    if not journal.skills(include_archived=True):
        journal.add_skill("Overall")
    ratings: dict[str, int] = {}
    for item in args.skill:
        name, value = parse_pair(item, "--skill")
        skill = journal.skill_by_name(name)
        number = parse_number(value, f"--skill {name}")
        if not number.is_integer():
            raise ValidationError(f"--skill {name}: a rating is a whole number from 1 to 10.")
        ratings[skill.id] = int(number)
    values: dict[str, float] = {}
    for option, factor_id in STATE_FLAGS.items():
        raw = getattr(args, option)
        if raw is not None:
            values[factor_id] = parse_number(raw, "--" + option.replace("_", "-"))
    for item in args.factor:
        name, value = parse_pair(item, "--factor")
        factor = journal.factor_by_name(name)
        text = value.casefold()
        values[factor.id] = (1.0 if text in ("yes", "y", "true") else 0.0
                             if text in ("no", "n", "false") else parse_number(value, name))
    note = args.note if args.note_file is None else read_note_file(args.note_file)
    at, ambiguous = parse_when(args.at)
    change = journal.record(ratings=ratings, values=values, tags=args.tag, note=note, at=at)
    print(f"Saved check-in {change.ids[0]}.")
    if ambiguous:
        print(f"touchstone: note: --at: {ambiguous}", file=sys.stderr)
    return 0


NOTE_FILE_LIMIT = 1 << 20  # far above any note; a wrong file must not fill the memory


def read_note_file(name: str) -> str:
    """The note in the file ``name`` (``-``: standard input), UTF-8, without its final line
    break: the command line is visible to other users, a file or a pipe is not."""
    import stat

    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(NOTE_FILE_LIMIT + 1) if stream else sys.stdin.read().encode()
        else:
            if stat.S_ISCHR(os.stat(name).st_mode):
                raise ValidationError(f"--note-file: {name} is a device, not a file.")
            with open(name, "rb") as fh:
                data = fh.read(NOTE_FILE_LIMIT + 1)
    except OSError as exc:
        raise UserError(f"--note-file: could not read {name}: {exc.strerror or exc}.") from None
    if len(data) > NOTE_FILE_LIMIT:
        raise ValidationError(f"--note-file: {name} is far too long for a note.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"--note-file: {name} is not UTF-8 text.") from None
    return text.removesuffix("\n").removesuffix("\r")


def cmd_list(args: argparse.Namespace, context: Context) -> int:
    from tracker.services.journal import CheckInFilter
    from tracker.services.table import format_table

    journal = context.journal()
    flt = CheckInFilter(since=parse_day(args.since, "--since"),
                        until=parse_day(args.until, "--until"), tag=args.tag, search=args.search)
    rows = journal.checkins(flt)
    sys.stdout.write(format_table(rows, journal.skills(True), journal.factors(True)))
    return 0


def cmd_export(args: argparse.Namespace, context: Context) -> int:
    out = None if args.output in (None, "-") else Path(args.output)
    journal = context.journal()
    from tracker.services import encryption, transfer

    if encryption.is_encrypted(context.paths):
        print(f"touchstone: note: {encryption.EXPORT_WARNING}", file=sys.stderr)
    count = transfer.export_to(journal, out, args.format, bom=args.bom)
    if out is not None:
        print(f"Exported {plural(count, 'check-in')} to {out}.", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, context: Context) -> int:
    if args.source is not None:
        from tracker.commands_import import run_foreign_import

        return run_foreign_import(args, context.journal())
    if args.map or args.dry_run:
        raise ValidationError(
            "--map and --dry-run go with --from daylio|bearable|trackandgraph|csv|auto."
        )
    from tracker.services import transfer

    result = transfer.import_from(context.journal(), args.file, args.format)
    for line in result.created:
        print(line)
    print(f"Imported {plural(result.added, 'check-in')}; {result.skipped:,} already present.")
    return 0


def cmd_report(args: argparse.Namespace, context: Context) -> int:
    import json

    from tracker.services.report import format_report

    journal = context.journal()
    skill_id = journal.skill_by_name(args.skill).id if args.skill else None
    report = journal.report(skill_id=skill_id, since=parse_day(args.since, "--since"))
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n" if args.json \
        else format_report(report)
    if args.output and args.output != "-":
        from tracker.services.transfer import write_output

        write_output(Path(args.output), text, "write a report onto")
    else:
        sys.stdout.write(text)
    return 0


def cmd_screenshot(args: argparse.Namespace, context: Context) -> int:
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
        if not (200 <= width <= 8000 and 200 <= height <= 8000):
            raise ValueError
    except ValueError:
        raise ValidationError(f"--size: {args.size!r} is not WIDTHxHEIGHT like 1100x760.") from None
    from tracker.app import render_screenshots
    from tracker.commands_encryption import unlock_journal

    unlock_journal(context.paths)  # an encrypted journal: TOUCHSTONE_PASSPHRASE or the prompt
    for path in render_screenshots(context.paths, args.output, (width, height)):
        print(path)
    return 0


def cmd_backup(args: argparse.Namespace, context: Context) -> int:
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
    info = context.backups().back_up(dest=dest)
    print(f"Backed up {plural(info.checkins, 'check-in')} to {info.path}.")
    return 0


def cmd_restore(args: argparse.Namespace, context: Context) -> int:
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
    from tracker.commands_encryption import unlock_backup
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


def cmd_erase_all(args: argparse.Namespace, context: Context) -> int:
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


def cmd_self_test(args: argparse.Namespace, context: Context) -> int:
    from tracker.selftest import run_self_test

    return 0 if run_self_test() == 0 else 1
