"""What each command-line command does, on top of the services (composition root)."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

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
        if self._journal is None:
            from tracker.services.journal import Journal

            self._journal = Journal.open(self.paths.root)
        return self._journal


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
    }[args.command]
    return handler(args, context)


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


def parse_when(text: str | None) -> datetime | None:
    """An ISO date-time; without an offset it is read on this computer's clock."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"--at: {text!r} is not a date and time like 2026-11-27T08:30 "
            "or 2026-11-27T08:30+01:00."
        ) from None
    if value.tzinfo is None:
        value = value.astimezone()  # the local offset in force at that moment
    if value > datetime.now(UTC):
        raise ValidationError("--at: a check-in cannot be in the future.")
    return value


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
    change = journal.record(ratings=ratings, values=values, tags=args.tag, note=args.note,
                            at=parse_when(args.at))
    print(f"Saved check-in {change.ids[0]}.")
    return 0


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
    count = context.journal().export_to(out, args.format, bom=args.bom)
    if out is not None:
        print(f"Exported {count} check-ins to {out}.", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, context: Context) -> int:
    result = context.journal().import_from(args.file, args.format)
    for line in result.created:
        print(line)
    print(f"Imported {result.added} check-ins; {result.skipped} already present.")
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
        from tracker.paths import write_private_text

        write_private_text(Path(args.output), text)
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

    for path in render_screenshots(context.paths, args.output, (width, height)):
        print(path)
    return 0


def cmd_self_test(args: argparse.Namespace, context: Context) -> int:
    from tracker.selftest import run_self_test

    return 0 if run_self_test() == 0 else 1
