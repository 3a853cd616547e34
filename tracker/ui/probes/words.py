"""The probes' words: units, instructions, the score beside the prediction, discard reasons."""

from __future__ import annotations

import html

from tracker.domain.measured import DiscardReason, ProbeKind
from tracker.domain.probe_scoring import LAPSE_MS, ProbeScore
from tracker.ui.number_input import format_number
from tracker.ui.probes.timing import BLOCK_BOUND_MS
from tracker.ui.text import translator

tr = translator("probes")

EXAMPLE = {ProbeKind.VIGILANCE: 3.5, ProbeKind.DIGIT_SYMBOL: 40.0}
DIGITS = {ProbeKind.VIGILANCE: 2, ProbeKind.DIGIT_SYMBOL: 1}


def unit(kind: ProbeKind) -> str:
    return tr("responses per second") if kind == ProbeKind.VIGILANCE else tr(
        "correct per minute")


def unit_explained(kind: ProbeKind) -> str:
    if kind == ProbeKind.VIGILANCE:
        return tr("Vigilance is scored as your mean speed: responses per second, 1000 divided "
                  "by each reaction time in milliseconds, averaged. 4.0 means reactions of "
                  "about 250 ms; 3.0 about 330 ms; slower is lower.")
    return tr("Digit-symbol is scored as correct answers per minute over the 90 seconds. "
              "Wrong answers do not count.")


def title(kind: ProbeKind) -> str:
    return tr("Vigilance — 3 minutes") if kind == ProbeKind.VIGILANCE else tr(
        "Digit-symbol sprint — 90 seconds")


def instructions(kind: ProbeKind) -> str:
    if kind == ProbeKind.VIGILANCE:
        return tr("Keep your eyes on the box. Every few seconds an orange circle appears: "
                  "press Space as soon as you see it. Do not press before it shows. After "
                  "each response you see your reaction time. It takes 3 minutes.")
    return tr("A key at the top pairs nine symbols with the digits 1 to 9; it is new every "
              "time. A symbol shows below it: type its digit, as fast as you can without "
              "mistakes, then the next one comes. It takes 90 seconds.")


def result(kind: ProbeKind, score: ProbeScore, prediction: float | None) -> str:
    """Rich text: the score and the prediction side by side, then what went wrong."""
    digits = DIGITS[kind]
    expected = "–" if prediction is None else format_number(prediction, digits)
    cell = '<td style="padding-right: 32px">'
    table = (f"<table><tr>{cell}{html.escape(tr('Measured'))}</td>{cell}"
             f"{html.escape(tr('You expected'))}</td></tr><tr>"
             f'{cell}<span style="font-size: 22pt; font-weight: 600">'
             f"{format_number(score.score, digits)}</span></td>"
             f'{cell}<span style="font-size: 22pt">{expected}</span></td></tr></table>')
    if kind == ProbeKind.VIGILANCE:
        detail = (tr("About %1 ms per reaction. Lapses (%2 ms or slower): %3. "
                     "False starts: %4.")
                  .replace("%1", f"{1000 / score.score:.0f}")
                  .replace("%2", f"{LAPSE_MS:.0f}").replace("%3", str(score.lapses))
                  .replace("%4", str(score.false_starts)))
    else:
        detail = tr("Answers: %1, wrong: %2.").replace("%1", str(score.n)).replace(
            "%2", str(score.errors))
    return f"{table}<p>{html.escape(unit(kind))}</p><p>{html.escape(detail)}</p>"


def discarded(reason: DiscardReason) -> str:
    why = {
        DiscardReason.CANCELLED: tr("You stopped the run."),
        DiscardReason.FOCUS_LOST: tr("The window lost focus during the task."),
        DiscardReason.CLOCK_JUMP: tr("The computer's clock jumped (it may have been asleep)."),
        DiscardReason.EVENT_LOOP_BLOCKED: tr(
            "The computer was too busy to time a reaction: Touchstone was held up for more "
            "than %1 ms while a circle was due or showing.").replace(
                "%1", f"{BLOCK_BOUND_MS:.0f}"),
        DiscardReason.TOO_FEW_TRIALS: tr("There were too few answers to score."),
    }[reason]
    return html.escape(why + " " + tr(
        "The run is kept as discarded, with the reason, and counts in no analysis."))
