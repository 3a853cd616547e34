"""``touchstone add``, ``list`` and ``report``: record a check-in, read them, analyse them."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tracker.cli.context import CommandContext
from tracker.cli.parsing import parse_checkin_time, parse_day, parse_number, parse_pair
from tracker.errors import UserError, ValidationError

STATE_FLAGS = {  # CLI option -> built-in factor id
    "mood": "mood",
    "sleep": "sleep_hours",
    "sleep_quality": "sleep_quality",
    "hunger": "hunger",
    "energy": "energy",
    "stress": "stress",
}
NOTE_FILE_LIMIT = 1 << 20  # far above any note; a wrong file must not fill the memory


def cmd_add(args: argparse.Namespace, context: CommandContext) -> int:
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
    at, ambiguous = parse_checkin_time(args.at)
    change = journal.record(ratings=ratings, values=values, tags=args.tag, note=note, at=at)
    print(f"Saved check-in {change.ids[0]}.")
    if ambiguous:
        print(f"touchstone: note: --at: {ambiguous}", file=sys.stderr)
    return 0


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


def cmd_list(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.services.journal import CheckInFilter
    from tracker.services.table import format_table

    journal = context.journal()
    flt = CheckInFilter(since=parse_day(args.since, "--since"),
                        until=parse_day(args.until, "--until"), tag=args.tag, search=args.search)
    rows = journal.checkins(flt)
    sys.stdout.write(format_table(rows, journal.skills(True), journal.factors(True)))
    return 0


def cmd_report(args: argparse.Namespace, context: CommandContext) -> int:
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
