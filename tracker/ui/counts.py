"""Counted nouns of the screens, each a pair of translatable strings chosen by the count
("1 check-in" / "2 check-ins"; ``tracker.domain.words.pick``)."""

from __future__ import annotations

from tracker.domain.words import pick
from tracker.ui.text import translator

tr = translator("counts")


def checkins(n: int) -> str:
    return pick(n, tr("%1 check-in"), tr("%1 check-ins"))


def days(n: int) -> str:
    return pick(n, tr("%1 day"), tr("%1 days"))


def held_out_days(n: int) -> str:
    return pick(n, tr("%1 test day"), tr("%1 test days"))


def folds(n: int) -> str:
    return pick(n, tr("%1 fold"), tr("%1 folds"))


def backups(n: int) -> str:
    return pick(n, tr("%1 backup"), tr("%1 backups"))


def minutes(n: int) -> str:
    return pick(n, tr("%1 minute"), tr("%1 minutes"))


def hours(n: int) -> str:
    return pick(n, tr("%1 hour"), tr("%1 hours"))


def factors(n: int) -> str:
    return pick(n, tr("%1 factor"), tr("%1 factors"))


def tags(n: int) -> str:
    return pick(n, tr("%1 tag"), tr("%1 tags"))
