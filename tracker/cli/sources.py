"""``touchstone outcome sources [add|remove]`` and ``touchstone outcome refresh``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.cli.context import CommandContext
from tracker.cli.parsing import parse_number, parse_pair
from tracker.domain.words import plural
from tracker.errors import UserError, ValidationError

if TYPE_CHECKING:
    from tracker.services.outcome_sources import RefreshPlan, SourceBook

def run_sources(args: argparse.Namespace, context: CommandContext) -> int:
    from tracker.services.outcome_sources import SourceBook

    book = SourceBook(context.settings())
    if args.outcome_command == "refresh":
        return cmd_refresh(args, context, book)
    if args.sources_command == "add":
        return cmd_add(args, context, book)
    if args.sources_command == "remove":
        return cmd_remove(args, context, book)
    return cmd_list(book)


def cmd_list(book: SourceBook) -> int:
    sources = book.sources()
    if not sources:
        print("No outcome sources yet: `touchstone outcome sources add git|anki|metric …` "
              "adds one.")
        return 0
    width = max(len(s.name) for s in sources) + 2
    print(f"{'name':<{width}}{'kind':<8}{'last refresh':<18}{'days':>6}")
    for s in sources:
        status = book.status(s)
        when = status.last_refresh.replace("T", " ")[:16] or "never"
        print(f"{s.name:<{width}}{s.config.kind:<8}{when:<18}{status.days:>6}"
              + (f"  ({status.error})" if status.error else ""))
    return 0


def cmd_add(args: argparse.Namespace, context: CommandContext, book: SourceBook) -> int:
    from tracker.services.outcome_sources import add_source, refresh

    options = source_options(args)
    name = args.name or default_name(args.kind, options)
    journal = context.journal()  # opened first: a locked journal leaves no source behind
    source = add_source(book, args.kind, name, options, args.unit)
    plan = refresh(journal, book, source)
    if plan.error:  # checked when added, failing now: nothing kept
        book.drop(source)
        raise UserError(f"{plan.error} The source was not added.")
    print(f"Added {args.kind} source {source.name!r}.")
    _print_plan(plan, dry_run=False)
    return 0


def cmd_remove(args: argparse.Namespace, context: CommandContext, book: SourceBook) -> int:
    from tracker.services.outcome_sources import remove_source

    source = book.find(args.name)
    if not args.yes:
        print(f"Remove the source {source.name!r} and every value it gave? [y/N] ", end="",
              flush=True)
        answer = sys.stdin.readline().strip().casefold()
        if answer not in ("y", "yes"):
            raise UserError(f"{source.name!r} was kept (answer y, or add --yes).")
    dropped = remove_source(context.journal(), book, source)
    print(f"Removed {source.name!r} and {plural(dropped, 'value')} it gave.")
    return 0


def cmd_refresh(args: argparse.Namespace, context: CommandContext, book: SourceBook) -> int:
    from tracker.services.outcome_sources import refresh, refresh_all

    journal = context.journal()
    if args.name:
        plans = [refresh(journal, book, book.find(args.name), args.dry_run)]
    else:
        plans = refresh_all(journal, book, args.dry_run)
        if not plans:
            print("No outcome sources yet: `touchstone outcome sources add …` adds one.")
            return 0
    for plan in plans:
        _print_plan(plan, args.dry_run)
    failed = [p for p in plans if p.error]
    if len(failed) == len(plans):  # nothing could be read: one line, exit 2
        raise UserError(failed[0].error if len(failed) == 1 else
                        f"No source could be read ({'; '.join(p.error for p in failed)}).")
    return 0


def _print_plan(plan: RefreshPlan, dry_run: bool) -> None:
    name = plan.source.name
    if plan.error:
        print(f"{name}: not read: {plan.error} Nothing was changed.")
        return
    verb = "would add" if dry_run else "added"
    print(f"{name}: {plan.days:,} days read; {verb} {plural(plan.added, 'value')}, "
          f"{plan.changed:,} changed, {plan.removed:,} removed, {plan.unchanged:,} unchanged."
          + (" Nothing was changed (dry run)." if dry_run else ""))
    for measure in plan.measures:
        unit = f" in {measure.unit}" if measure.unit else ""
        print(f"  {'New' if not dry_run else 'Would define'} measure {measure.name!r}{unit}.")
    for note in plan.notes:
        print(f"  {note}")


def source_options(args: argparse.Namespace) -> dict[str, Any]:
    """The reader's options from the flags of ``outcome sources add KIND``."""
    kind = args.kind
    given = {"git": ("repo", "email", "path"), "anki": ("collection",),
             "metric": ("file", "map", "scale")}[kind]
    stray = [f"--{flag}" for flag in ("repo", "email", "path", "collection", "file", "map",
                                      "scale") if flag not in given and getattr(args, flag)]
    if stray:
        raise ValidationError(f"{', '.join(stray)} does not go with a {kind} source.")
    if kind == "git":
        if not args.repo:
            raise ValidationError("A git source needs --repo FOLDER (one or more).")
        if not args.email:
            raise ValidationError("A git source needs --email EMAIL (your author e-mail).")
        options: dict[str, Any] = {"repositories": [_absolute(p) for p in args.repo],
                                   "emails": list(args.email)}
        if args.path:
            options["paths"] = list(args.path)
        return options
    if kind == "anki":
        if args.collection is None:
            raise ValidationError("An anki source needs --collection FILE.")
        return {"collection": _absolute(str(args.collection))}
    if args.file is None:
        raise ValidationError("A metric source needs --file FILE (a CSV or JSON of date,value).")
    options = {"file": _absolute(str(args.file))}
    for text in args.map:
        column, role = parse_pair(text, "--map", "COLUMN=date[:FORMAT] or COLUMN=value")
        head, _, fmt = role.partition(":")
        if head.strip().casefold() == "date":
            options["date"] = column
            if fmt.strip():
                options["format"] = fmt.strip()
        elif role.casefold() == "value":
            options["value"] = column
        else:
            raise ValidationError(f"--map {text}: a column is date[:FORMAT] or value.")
    if args.scale is not None:
        options["scale"] = parse_number(args.scale, "--scale")
    return options


def default_name(kind: str, options: dict[str, Any]) -> str:
    if kind == "git":
        return Path(options["repositories"][0]).name or "Git"
    if kind == "anki":
        return "Anki"
    return Path(options["file"]).stem or "Daily metric"


def _absolute(text: str) -> str:
    return str(Path(text).expanduser().absolute())
