"""Importing another app's export: detect, parse, preview, then apply all-or-nothing.

``plan_import`` reads a file (format from ``app`` or sniffed), converts it with the user's
choices and sorts the check-ins with ``plan_merge`` against the journal: nothing is written.
``apply_import`` re-plans against the journal as it is now and writes the new check-ins and
definitions in one transaction, or nothing when any id conflicts. Ids come from the source
rows, so importing the same file again adds nothing and a newer export adds only what is new.

Callers (``tracker.cli.transfer`` and the import wizard) pass typed choices and show the
plan's ``lines()`` themselves: nothing here prints or reads the command line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.models import CheckIn, Factor
from tracker.domain.words import plural
from tracker.errors import ExchangeError
from tracker.exchange import plan_merge
from tracker.exchange.foreign import (
    APP_NAMES,
    APPS,
    ColumnRole,
    Conversion,
    CsvMapping,
    ImportOptions,
    MoodRow,
    SourceData,
    Target,
    convert,
    detect_app,
    guess_mapping,
    level_to_mood,
    parse_bearable,
    parse_daylio_backup,
    parse_daylio_csv,
    parse_mapped_csv,
    parse_role,
    parse_target,
    parse_trackandgraph,
    read_table,
    rescale,
)
from tracker.exchange.foreign.mapped_csv import ROLES, TIMESTAMP_FORMATS
from tracker.services.import_files import ImportResult, read_import_file

if TYPE_CHECKING:
    from tracker.services.journal import Journal

__all__ = [
    "APPS",
    "APP_NAMES",
    "ROLES",
    "TIMESTAMP_FORMATS",
    "ColumnRole",
    "CsvMapping",
    "ForeignPlan",
    "ImportOptions",
    "SourceData",
    "Target",
    "default_target",
    "load_source",
    "measure_text",
    "mood_rows",
    "preview_table",
    "apply_import",
    "choose_app",
    "guess_mapping",
    "level_to_mood",
    "parse_source",
    "plan_from_pairs",
    "plan_import",
    "read_bytes",
    "read_table",
    "rescale",
]

_MOOD_VALUE = re.compile(r"^\s*(\d{1,2}|skip)\s*$", re.IGNORECASE)


@dataclass
class ForeignPlan:
    """What importing ``path`` would do; ``lines()`` says it in words."""

    app: str
    path: Path
    source: SourceData
    options: ImportOptions
    conversion: Conversion
    mapping: CsvMapping | None = None
    new: list[CheckIn] = field(default_factory=list)
    identical: int = 0
    conflict: str = ""  # the refusal message when ids clash
    new_tags: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflict

    def lines(self) -> list[str]:
        """The preview: counts, date range, mood mapping, conversions, new definitions."""
        conv = self.conversion
        out = [f"{APP_NAMES[self.app]} file: {self.path.name}"]
        total = len(conv.checkins)
        out.append(
            f"Check-ins: {len(self.new):,} new, {self.identical:,} already present "
            f"({total:,} in the file)."
        )
        if conv.first is not None and conv.last is not None:
            out.append(f"Dates: {conv.first:%Y-%m-%d} to {conv.last:%Y-%m-%d}.")
        if conv.state_only:
            out.append(
                f"{conv.state_only:,} of them carry no self-rating: kept as state-only "
                "check-ins (in history and the calendar, not in analyses of a skill)."
            )
        if self.mapping is not None:
            roles = ", ".join(f"{k} = {v.spec()}" for k, v in self.mapping.columns.items())
            out.append(f"Columns: {roles}.")
        if conv.moods:
            pairs = ", ".join(
                f"{m.label} → {'left out' if m.mood is None else m.mood}" for m in conv.moods
            )
            out.append(f"Mood (label → mood 1–10): {pairs}.")
        out.extend(conv.conversions)
        if conv.new_skills:
            out.append("New skills: " + ", ".join(s.name for s in conv.new_skills) + ".")
        if conv.new_factors:
            out.append("New factors: " + ", ".join(_factor_text(f) for f in conv.new_factors) + ".")
        if conv.tags:
            shown = "; ".join(conv.tags[:12]) + (" …" if len(conv.tags) > 12 else "")
            out.append(f"Tags: {len(conv.tags)} ({len(self.new_tags)} new): {shown}.")
        if conv.left_out:
            out.append(f"Left out: {plural(conv.left_out, 'entry', 'entries')} with no value "
                       "(only tags or a note).")
        out.extend(self.source.remarks)
        if self.conflict:
            out.append(self.conflict)
        return out


def _factor_text(factor: Factor) -> str:
    if factor.minimum is not None and factor.maximum is not None:
        return f"{factor.name} ({factor.minimum:g}–{factor.maximum:g})"
    return f"{factor.name} (number{', ' + factor.unit if factor.unit else ''})"


def read_bytes(path: Path) -> bytes:
    return read_import_file(Path(path))


def choose_app(path: Path, raw: bytes, app: str | None) -> str:
    """``app`` when given (checked), else the app whose export ``raw`` looks like."""
    if app is None or app == "auto":
        return detect_app(path, raw[:4096])
    if app not in APPS:
        raise ExchangeError(f"Unknown source {app!r}: use one of {', '.join(APPS)}.")
    return app


def parse_source(app: str, raw: bytes, mapping: CsvMapping | None = None) -> SourceData:
    """The file's entries in its own terms (``mapping`` is needed for ``csv``)."""
    if app == "daylio":
        return parse_daylio_backup(raw) if raw.startswith(b"PK") else parse_daylio_csv(raw)
    if app == "bearable":
        return parse_bearable(raw)
    if app == "trackandgraph":
        return parse_trackandgraph(raw)
    if mapping is None:
        header, rows = read_table(raw, limit=50)
        mapping = guess_mapping(header, rows)
    return parse_mapped_csv(raw, mapping)


def csv_mapping(
    raw: bytes, pairs: Sequence[tuple[str, str]]
) -> tuple[CsvMapping, list[tuple[str, str]]]:
    """The guessed column roles with the pairs naming a column applied; the other pairs."""
    header, rows = read_table(raw, limit=50)
    mapping = guess_mapping(header, rows)
    by_key = {h.casefold(): h for h in header}
    rest = []
    for label, value in pairs:
        column = by_key.get(label.casefold())
        if column is None:
            rest.append((label, value))
        else:
            mapping.columns[column] = parse_role(value)
    return mapping, rest


def options_from(pairs: Sequence[tuple[str, str]], source: SourceData) -> ImportOptions:
    """(label, value) pairs: a measure's target, or a mood label's value (1-10 or skip)."""
    options = ImportOptions()
    measures = {m.casefold(): m for m in source.measures}
    labels = {m.casefold(): m for m in source.mood_labels}
    for label, value in pairs:
        if label.casefold() in measures:
            options.targets[measures[label.casefold()]] = parse_target(value)
            continue
        if label.casefold() not in labels:
            raise ExchangeError(
                f"--map {label}={value}: the file has no mood label or measure {label!r} "
                f"(mood labels: {', '.join(source.mood_labels) or 'none'}; measures: "
                f"{', '.join(source.measures) or 'none'})."
            )
        match = _MOOD_VALUE.match(value)
        mood = (
            None if match and match[1].casefold() == "skip" else (int(match[1]) if match else None)
        )
        if match is None or (mood is not None and not 1 <= mood <= 10):
            raise ExchangeError(
                f"--map {label}={value}: a mood label maps to a whole number 1-10 or skip."
            )
        options.mood[labels[label.casefold()]] = mood
    return options


def plan_import(
    journal: Journal,
    path: Path,
    app: str | None = None,
    options: ImportOptions | None = None,
    mapping: CsvMapping | None = None,
    source: SourceData | None = None,
) -> ForeignPlan:
    """Parse and convert ``path``; sort its check-ins against the journal (nothing written)."""
    path = Path(path)
    if source is None:
        raw = read_bytes(path)
        app = choose_app(path, raw, app)
        if app == "csv" and mapping is None:
            mapping, _ = csv_mapping(raw, [])
        source = parse_source(app, raw, mapping)
    options = options or ImportOptions()
    conversion = convert(
        source,
        journal.skills(include_archived=True),
        journal.factors(include_archived=True),
        options,
    )
    existing = {c.id: c for c in journal.checkins()}
    merge = plan_merge(existing, conversion.checkins)
    conflict = ""
    if merge.conflicts:
        conflict = merge.conflict_message() + (
            " (Was an entry edited in the other app, or the mapping changed since the last import?)"
        )
    known_tags = {t.casefold() for t in journal.tags()}
    return ForeignPlan(
        app=source.app,
        path=path,
        source=source,
        options=options,
        conversion=conversion,
        mapping=mapping if source.app == "csv" else None,
        new=merge.new,
        identical=len(merge.identical),
        conflict=conflict,
        new_tags=[t for t in conversion.tags if t.casefold() not in known_tags],
    )


def apply_import(journal: Journal, plan: ForeignPlan) -> ImportResult:
    """Re-plan against the journal as it is now, then write everything or nothing."""
    fresh = plan_import(journal, plan.path, plan.app, plan.options, plan.mapping, plan.source)
    if fresh.conflict:
        raise ExchangeError(fresh.conflict)
    conv = fresh.conversion
    if fresh.new:
        journal.store.import_all(conv.new_skills, conv.new_factors, fresh.new)
        journal._note_own_write()
    created = [f"New skill {s.name!r}" for s in conv.new_skills] + [
        f"New factor {_factor_text(f)!r}" for f in conv.new_factors
    ]
    return ImportResult(
        added=len(fresh.new), skipped=fresh.identical, created=created if fresh.new else []
    )


def plan_from_pairs(
    journal: Journal, path: Path, app: str | None, pairs: Sequence[tuple[str, str]]
) -> ForeignPlan:
    """``plan_import`` with choices given as (label, value) pairs, e.g. ``("rad", "9")``: a
    column's role (csv), a measure's target or a mood label's value."""
    path = Path(path)
    raw = read_bytes(path)
    app = choose_app(path, raw, app)
    split = list(pairs)
    mapping = None
    if app == "csv":
        mapping, split = csv_mapping(raw, split)
    source = parse_source(app, raw, mapping)
    options = options_from(split, source)
    return plan_import(journal, path, app, options, mapping, source)


# --- for the import wizard (the UI reaches the exchange layer only through services) ------------


def load_source(path: Path, app: str | None, mapping: CsvMapping | None = None) -> SourceData:
    """Read and parse ``path`` as ``app`` (sniffed when None); csv needs ``mapping``."""
    raw = read_bytes(Path(path))
    return parse_source(choose_app(Path(path), raw, app), raw, mapping)


def preview_table(path: Path, limit: int = 8) -> tuple[list[str], list[list[str]]]:
    """The header and first rows of a CSV, for the column-mapping page."""
    return read_table(read_bytes(Path(path)), limit)


def mood_rows(source: SourceData, options: ImportOptions | None = None) -> list[MoodRow]:
    """The mood labels the file uses, with level, count and (chosen or default) mood."""
    from tracker.exchange.foreign.convert import mood_table

    return mood_table(source, options or ImportOptions())


def default_target(source: SourceData, measure: str) -> Target:
    """Where ``measure`` goes unless the user says otherwise (scale included)."""
    from tracker.exchange.foreign.convert import targets

    return targets(source, ImportOptions())[measure]


def measure_text(source: SourceData, measure: str) -> str:
    """A measure's name with its source scale or unit, e.g. "Energy (1–5)"."""
    found = source.measures[measure]
    if found.low is not None and found.high is not None:
        return f"{found.name} ({found.low:g}–{found.high:g})"
    return f"{found.name} ({found.unit})" if found.unit else found.name
