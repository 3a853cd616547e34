"""Tags as yes/no factors of the regression (METHODS §4b): which tags enter, and why not.

A tag is counted per day: a check-in's row is "tagged gym" when any check-in of its local
calendar day carries the tag. A tag enters when, among the days of the model's rows, it is
present on at least ``MIN_TAG_DAYS`` days and absent on at least as many; of those, the
``MAX_TAGS`` present on the most days (ties by name). A tag is never missing: absent = 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tracker.domain.words import plural

MIN_TAG_DAYS = 10  # days with the tag, and days without it, among the model's days
MAX_TAGS = 8  # at most this many tags enter one model (the most used)
TAG_PREFIX = "tag:"  # a tag's id in the report: "tag:" + its tag key (casefolded)
PER = "day"


@dataclass
class TagSeries:
    """One tag against one skill's rated check-ins: ``present`` per check-in, by its day."""

    key: str  # the tag key (whitespace collapsed, casefolded), as stored
    name: str  # as the user writes it most often
    present: np.ndarray  # bool: the check-in's local day carries the tag

    @property
    def id(self) -> str:
        return TAG_PREFIX + self.key


@dataclass
class TagChoice:
    """The tags to try in the model (in order) and one record per tag for the report."""

    chosen: list[TagSeries]
    records: list[dict[str, Any]]


def day_counts(tag: TagSeries, day: np.ndarray, rows: np.ndarray) -> tuple[int, int]:
    """Distinct days of ``rows`` with the tag and without it."""
    days = np.unique(day[rows])
    tagged = np.unique(day[rows & tag.present])
    return len(tagged), len(days) - len(tagged)


def choose_tags(tags: list[TagSeries], day: np.ndarray, rows: np.ndarray) -> TagChoice:
    """Apply the rule to every tag; ``records`` says for each why it is out (or null)."""
    records: list[dict[str, Any]] = []
    eligible: list[tuple[int, str, TagSeries, dict[str, Any]]] = []
    for tag in tags:
        with_, without = day_counts(tag, day, rows)
        record = {"factor": tag.id, "name": tag.name, "days_with": with_,
                  "days_without": without, "entered": False, "reason": None}
        if with_ < MIN_TAG_DAYS:
            record["reason"] = f"on {plural(with_, 'day')}; {MIN_TAG_DAYS} needed"
        elif without < MIN_TAG_DAYS:
            record["reason"] = (f"on every day; {MIN_TAG_DAYS} days without it needed"
                                if without == 0 else
                                f"absent on only {plural(without, 'day')}; {MIN_TAG_DAYS} needed")
        else:
            eligible.append((-with_, tag.key, tag, record))
        records.append(record)
    eligible.sort(key=lambda e: (e[0], e[1]))
    for _, _, _, record in eligible[MAX_TAGS:]:
        record["reason"] = f"not among the {MAX_TAGS} most used tags"
    records.sort(key=lambda r: (-r["days_with"], r["factor"]))
    return TagChoice([e[2] for e in eligible[:MAX_TAGS]], records)


def as_factor_values(tag: TagSeries) -> np.ndarray:
    """The tag as a 0/1 column over the rated check-ins (never missing)."""
    values: np.ndarray = tag.present.astype(float)
    return values


def tags_section(records: list[dict[str, Any]], entered: set[str],
                 no_model: str | None) -> dict[str, Any]:
    """The report's ``tags``: the rule and each tag's days, whether it entered, and why not."""
    for record in records:
        record["entered"] = record["factor"] in entered
        if not record["entered"] and record["reason"] is None:
            record["reason"] = (f"no model yet: {no_model}" if no_model
                                else "moves in step with the factors or other tags")
    return {"per": PER, "min_days_with": MIN_TAG_DAYS, "min_days_without": MIN_TAG_DAYS,
            "max_tags": MAX_TAGS, "items": records}
