"""``touchstone eval add|list|resolve`` and ``touchstone revisit`` (interactive, on stdin).

Wired into ``cli.py`` with ``add_reality_parsers(sub, common)`` and into ``commands.run`` with
``"eval": run_reality, "revisit": run_reality``. Importing this module loads only argparse.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TextIO

from tracker.domain.words import plural
from tracker.errors import UserError

KINDS = ("application", "interview", "work-trial", "performance-review", "peer-review", "exam",
         "first-impression", "other")
OUTCOMES = ("accepted", "rejected", "no-answer")


def add_reality_parsers(sub, common: argparse.ArgumentParser) -> None:
    """Add ``eval`` (with add, list, resolve) and ``revisit`` to the subparsers ``sub``."""
    ev = sub.add_parser("eval", parents=[common], help="external evaluations and predictions")
    ev_sub = ev.add_subparsers(dest="eval_command", metavar="action", required=True)

    add = ev_sub.add_parser("add", parents=[common],
                            help="log an evaluation, with your prediction beforehand")
    add.add_argument("--kind", required=True, metavar="KIND", help=", ".join(KINDS))
    add.add_argument("--evaluator", default="", metavar="TEXT", help="who evaluates you")
    add.add_argument("--for", dest="purpose", default="", metavar="TEXT",
                     help="what it is for (a job, a paper …)")
    add.add_argument("--date", metavar="ISO", help="when it took place (default now)")
    add.add_argument("--expected-by", metavar="DATE", help="expected decision date")
    add.add_argument("--notes", default="", metavar="TEXT")
    add.add_argument("--probability", metavar="P",
                     help="your chance of a good outcome, in percent (0-100)")
    add.add_argument("--expected-score", metavar="S", help="the score you expect")
    add.add_argument("--scale", metavar="MIN-MAX", help="the evaluator's scale, e.g. 1-10")
    add.add_argument("--checkin", metavar="ID|latest",
                     help="link the check-in recording your state now ('latest': the last "
                          "three hours' latest)")

    lst = ev_sub.add_parser("list", parents=[common], help="evaluations as a table")
    lst.add_argument("--pending", action="store_true", help="only those without an outcome")
    lst.add_argument("--json", action="store_true")

    res = ev_sub.add_parser("resolve", parents=[common], help="record an outcome")
    res.add_argument("id", help="the evaluation's id (or its first characters)")
    res.add_argument("--outcome", required=True, choices=OUTCOMES)
    res.add_argument("--score", metavar="S", help="the score given, on the evaluation's scale")
    res.add_argument("--reason", default="", metavar="TEXT",
                     help="the stated reason (leave out when none was given)")
    res.add_argument("--replace", action="store_true",
                     help="replace an outcome recorded before")

    rev = sub.add_parser("revisit", parents=[common],
                         help="re-rate a past day blind (interactive)")
    rev.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # reproducible draws (tests)


def run_reality(args: argparse.Namespace, context) -> int:
    """Run ``eval …`` or ``revisit``; a ``UserError`` propagates to ``cli.main`` (exit 2)."""
    from tracker.services.reality import Reality

    reality = Reality(context.journal())
    if args.command == "revisit":
        return cmd_revisit(args, reality, sys.stdin, sys.stdout)
    return {"add": cmd_eval_add, "list": cmd_eval_list, "resolve": cmd_eval_resolve}[
        args.eval_command](args, reality)


# helpers ---------------------------------------------------------------------------------------
def _number(text: str | None, what: str) -> float | None:
    from tracker.errors import ValidationError

    if text is None:
        return None
    try:
        return float(str(text).strip().rstrip("%").replace(",", "."))
    except ValueError:
        raise ValidationError(f"{what}: {text!r} is not a number.") from None


def _scale(text: str | None) -> tuple[float, float] | None:
    from tracker.errors import ValidationError

    if text is None:
        return None
    lo, sep, hi = text.strip().partition("-")
    if not sep or not lo or not hi:
        raise ValidationError(f"--scale: {text!r} is not MIN-MAX like 1-10.")
    return _number(lo, "--scale"), _number(hi, "--scale")


def _day(text: str | None, what: str) -> date | None:
    from tracker.commands import parse_day

    return parse_day(text, what)


# eval ------------------------------------------------------------------------------------------
def _when(text: str | None):
    """--date: an ISO date or date-time, possibly in the future (an interview next week)."""
    from datetime import datetime

    from tracker.errors import ValidationError

    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"--date: {text!r} is not a date like 2026-11-27 or "
                              "2026-11-27T14:00.") from None
    from tracker.commands import on_local_clock

    return on_local_clock(value, "--date", text)


def cmd_eval_add(args: argparse.Namespace, reality) -> int:
    from tracker.errors import ValidationError

    percent = _number(args.probability, "--probability")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(f"--probability: give a percentage from 0 to 100, not {percent:g}.")
    checkin_id = args.checkin
    if checkin_id == "latest":
        recent = reality.recent_checkin()
        if recent is None:
            raise ValidationError("--checkin latest: no check-in in the last three hours; "
                                  "run `touchstone add` first.")
        checkin_id = recent.id
    at = _when(args.date)
    change = reality.log_evaluation(
        kind=args.kind, evaluator=args.evaluator, purpose=args.purpose, at=at,
        expected_by=_day(args.expected_by, "--expected-by"), notes=args.notes,
        scale=_scale(args.scale), probability=None if percent is None else percent / 100,
        expected_score=_number(args.expected_score, "--expected-score"), checkin_id=checkin_id)
    print(f"Logged evaluation {change.ids[0]}.")
    return 0


def cmd_eval_list(args: argparse.Namespace, reality) -> int:
    import json

    from tracker.services.reality_report import evaluation_record

    items = reality.pending() if args.pending else reality.evaluations()
    if args.json:
        sys.stdout.write(json.dumps([evaluation_record(e) for e in items], indent=2,
                                    ensure_ascii=False) + "\n")
        return 0
    if not items:
        print("No evaluations yet." if not args.pending else "Nothing pending.")
        return 0
    today = date.today()
    print(f"{'id':<9}{'date':<12}{'kind':<20}{'who / what':<30}{'predicted':>10}  outcome")
    for e in items:
        p = e.prediction
        predicted = "" if p is None else (
            f"{p.probability * 100:.0f} %" if p.probability is not None
            else f"{p.expected_score:g}")
        if e.outcome:
            state = e.outcome.result.value.replace("_", " ")
            if e.outcome.score is not None:
                state += f" ({e.outcome.score:g})"
        else:
            state = "OVERDUE" if e.overdue(today) else "pending"
            if e.expected_by:
                state += f" (by {e.expected_by})"
        who = " — ".join(x for x in (e.evaluator, e.purpose) if x)[:28]
        print(f"{e.id[:8]:<9}{e.at.date()!s:<12}{e.kind.value.replace('_', '-'):<20}"
              f"{who:<30}{predicted:>10}  {state}")
    return 0


def cmd_eval_resolve(args: argparse.Namespace, reality) -> int:
    from tracker.services.reality import already_resolved_message

    evaluation = reality.find(args.id)
    if evaluation.outcome is not None and not args.replace:
        raise UserError(already_resolved_message(evaluation).replace(
            "Nothing was changed.", "Add --replace to change it; nothing was changed."))
    change = reality.resolve(args.id, args.outcome, score=_number(args.score, "--score"),
                             reason=args.reason, replace=args.replace)
    print(f"{change.message} for {change.ids[0]}.")
    return 0


# revisit ---------------------------------------------------------------------------------------
def cmd_revisit(args: argparse.Namespace, reality, stdin: TextIO, stdout: TextIO) -> int:
    """Show a past check-in without its rating and ask for a blind re-rating on stdin."""
    import random

    from tracker.domain.reality import check_rating_value
    from tracker.errors import ValidationError
    from tracker.services.reality import CheckInDraft

    rng = random.Random(args.seed) if args.seed is not None else None
    blind = reality.pick_for_revisit(rng)
    if blind is None:
        stdout.write("No check-in is old enough to revisit yet (30 days or more, not yet "
                     "re-rated).\n")
        return 0

    def ask(prompt: str) -> str:
        stdout.write(prompt)
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise ValidationError("No answer given; nothing was saved.")
        return line.strip()

    when = blind.at
    stdout.write(f"A day from your journal, drawn at random ({blind.eligible} to choose from):\n"
                 f"  {when:%A %d %B %Y, %H:%M}\n")
    if blind.tags:
        stdout.write(f"  tags: {', '.join(blind.tags)}\n")
    if blind.note:
        stdout.write("  note: " + blind.note.replace("\n", "\n        ") + "\n")
    stdout.write("Looking back, how skilled were you that day? (1-10, Enter to skip)\n")
    ratings: dict[str, int] = {}
    for skill in blind.skills:
        while True:
            answer = ask(f"  {skill.name}: ")
            if not answer:
                break
            try:
                ratings[skill.id] = check_rating_value(answer, skill.name)
                break
            except ValidationError as exc:
                stdout.write(f"  {exc}\n")
    if not ratings:
        stdout.write("Skipped; nothing was saved.\n")
        return 0
    draft = None
    today = ask("Check in now as well? How skilled are you today, "
                f"{blind.skills[0].name} (1-10, Enter to skip): ")
    if today:
        rating = check_rating_value(today, blind.skills[0].name)
        mood = ask("  Mood now (1-10, Enter to skip): ")
        values = {"mood": float(check_rating_value(mood, "Mood"))} if mood else {}
        draft = CheckInDraft({blind.skills[0].id: rating}, values)
    change = reality.record_revisit(blind.checkin_id, ratings, checkin=draft)
    stdout.write(f"Saved {plural(len(change.ids), 're-rating')}" +
                 (" and a check-in." if draft else ".") + "\n")
    return 0
