"""``touchstone eval add|list|resolve`` and ``touchstone revisit`` (interactive, on stdin)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, TextIO

from tracker.cli.context import CommandContext
from tracker.cli.parsing import optional_number, parse_day, parse_event_time, parse_scale
from tracker.domain.words import plural
from tracker.errors import UserError, ValidationError

if TYPE_CHECKING:
    from tracker.services.reality import Reality


def run_reality(args: argparse.Namespace, context: CommandContext) -> int:
    """Run ``eval …`` or ``revisit``; a ``UserError`` propagates to ``cli.main`` (exit 2)."""
    from tracker.services.reality import Reality

    reality = Reality(context.journal())
    if args.command == "revisit":
        return cmd_revisit(args, reality, sys.stdin, sys.stdout)
    return {"add": cmd_eval_add, "list": cmd_eval_list, "resolve": cmd_eval_resolve}[
        args.eval_command](args, reality)


# eval ------------------------------------------------------------------------------------------
def cmd_eval_add(args: argparse.Namespace, reality: Reality) -> int:
    percent = optional_number(args.probability, "--probability")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError(f"--probability: give a percentage from 0 to 100, not {percent:g}.")
    checkin_id = args.checkin
    if checkin_id == "latest":
        recent = reality.recent_checkin()
        if recent is None:
            raise ValidationError("--checkin latest: no check-in in the last three hours; "
                                  "run `touchstone add` first.")
        checkin_id = recent.id
    at = parse_event_time(args.date)
    change = reality.log_evaluation(
        kind=args.kind, evaluator=args.evaluator, purpose=args.purpose, at=at,
        expected_by=parse_day(args.expected_by, "--expected-by"), notes=args.notes,
        scale=parse_scale(args.scale), probability=None if percent is None else percent / 100,
        expected_score=optional_number(args.expected_score, "--expected-score"),
        checkin_id=checkin_id)
    print(f"Logged evaluation {change.ids[0]}.")
    return 0


def cmd_eval_list(args: argparse.Namespace, reality: Reality) -> int:
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


def cmd_eval_resolve(args: argparse.Namespace, reality: Reality) -> int:
    from tracker.services.reality import already_resolved_message

    evaluation = reality.find(args.id)
    if evaluation.outcome is not None and not args.replace:
        raise UserError(already_resolved_message(evaluation).replace(
            "Nothing was changed.", "Add --replace to change it; nothing was changed."))
    score = optional_number(args.score, "--score")
    change = reality.resolve(args.id, args.outcome, score=score, reason=args.reason,
                             replace=args.replace)
    print(f"{change.message} for {change.ids[0]}.")
    return 0


# revisit ---------------------------------------------------------------------------------------
def cmd_revisit(args: argparse.Namespace, reality: Reality, stdin: TextIO, stdout: TextIO) -> int:
    """Show a past check-in without its rating and ask for a blind re-rating on stdin."""
    import random

    from tracker.domain.reality import check_rating_value
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
