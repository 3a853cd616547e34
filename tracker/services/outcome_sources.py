"""Outcome sources (issue #18): the sources the user added, read through their readers
(``tracker.sources``) into daily outcomes of one measure per reader key.

A source lives in the settings (``Settings.outcome_sources``: id, kind, name, unit, options and
the measure id per key; paths and e-mails stay there and are never logged); what its last
refresh gave (when, how many days, the reader's ``state``, the error) lives beside the settings
in ``outcome-sources.json``. Its values are stored with ``source = "source:<id>"``, so they can
be re-derived and removed: a refresh replaces them whole, in one transaction, or writes
nothing. A refresh is split so the app can read off the UI thread: ``plan_refresh`` reads (the
source and the journal, nothing written) and ``apply_refresh`` writes the plan.

Days are the journal's local days (METHODS §0): an instant is counted on the calendar day at
the UTC offset of the journal's latest check-in at or before it (the first check-in's for
earlier instants); a journal without check-ins uses this computer's time zone. Days after the
journal's today are left out (with a note).
"""

from __future__ import annotations

import bisect
import json
import math
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.measured import DailyOutcome, Measure
from tracker.domain.validation import validate_name
from tracker.errors import ValidationError
from tracker.services.clock import local_now
from tracker.services.measured import new_measure
from tracker.sources.base import DayOf, SourceConfig, SourceError

if TYPE_CHECKING:
    from tracker.services.changes import Change
    from tracker.services.journal import Journal
    from tracker.settings import Settings

STATUS_FILE = "outcome-sources.json"
PREFIX = "source:"


@dataclass(frozen=True, slots=True)
class Source:
    """A source the user added: its reader config, the unit it was given, its measures."""

    config: SourceConfig
    unit: str = ""
    measure_ids: dict[str, str] = field(default_factory=dict)  # reader key -> measure id

    @property
    def tag(self) -> str:
        """The ``DailyOutcome.source`` of its values."""
        return PREFIX + self.config.id

    @property
    def name(self) -> str:
        return self.config.name


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """What the last refresh of a source gave; ``last_refresh`` is ISO text ("" never)."""

    last_refresh: str = ""
    days: int = 0
    error: str = ""
    state: dict[str, Any] | None = None


@dataclass
class RefreshPlan:
    """What a refresh of ``source`` would write, with the counts shown by ``--dry-run``."""

    source: Source
    measures: list[Measure] = field(default_factory=list)  # new measures first
    outcomes: list[DailyOutcome] = field(default_factory=list)  # new or changed values
    removed_keys: list[tuple[str, date]] = field(default_factory=list)  # (measure id, day)
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    days: int = 0
    notes: tuple[str, ...] = ()
    state: dict[str, Any] | None = None
    error: str = ""

    @property
    def writes(self) -> bool:
        return not self.error and bool(self.added or self.changed or self.removed
                                       or self.measures)


class SourceBook:
    """The sources in ``settings`` and their status file (none when the settings have no
    file: kept in memory then)."""

    def __init__(self, settings: Settings, status_path: Path | None = None) -> None:
        self.settings = settings
        self.status_path = status_path or (settings.path.parent / STATUS_FILE
                                           if settings.path is not None else None)
        self._status: dict[str, SourceStatus] | None = None

    def sources(self) -> list[Source]:
        found = []
        for raw in self.settings.outcome_sources:
            source = _source_from(raw)
            if source is not None:
                found.append(source)
        return found

    def find(self, name: str) -> Source:
        wanted = " ".join(name.split()).casefold()
        for source in self.sources():
            if source.name.casefold() == wanted:
                return source
        names = ", ".join(s.name for s in self.sources()) or "none yet"
        raise ValidationError(f"No source is called {name!r} (sources: {names}).")

    def save(self, source: Source) -> None:
        """Add ``source`` or replace the one with its id, and save the settings."""
        rows = [r for r in self.settings.outcome_sources
                if not (isinstance(r, dict) and r.get("id") == source.config.id)]
        rows.append(_source_to(source))
        self.settings.outcome_sources = rows
        self.settings.save()

    def drop(self, source: Source) -> None:
        self.settings.outcome_sources = [
            r for r in self.settings.outcome_sources
            if not (isinstance(r, dict) and r.get("id") == source.config.id)]
        self.settings.save()
        statuses = self._statuses()
        statuses.pop(source.config.id, None)
        self._write_statuses(statuses)

    def status(self, source: Source) -> SourceStatus:
        return self._statuses().get(source.config.id, SourceStatus())

    def set_status(self, source: Source, status: SourceStatus) -> None:
        statuses = self._statuses()
        statuses[source.config.id] = status
        self._write_statuses(statuses)

    def _statuses(self) -> dict[str, SourceStatus]:
        if self._status is None:
            self._status = {}
            raw: Any = {}
            if self.status_path is not None:
                try:
                    raw = json.loads(self.status_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    raw = {}  # a lost status only costs a full re-read
            for key, value in (raw.items() if isinstance(raw, dict) else ()):
                if isinstance(value, dict):
                    self._status[key] = SourceStatus(
                        str(value.get("last_refresh", "")), int(value.get("days", 0) or 0),
                        str(value.get("error", "")),
                        value.get("state") if isinstance(value.get("state"), dict) else None)
        return self._status

    def _write_statuses(self, statuses: dict[str, SourceStatus]) -> None:
        self._status = statuses
        if self.status_path is None:
            return
        from tracker.paths import write_private_text

        data = {k: {"last_refresh": s.last_refresh, "days": s.days, "error": s.error,
                    "state": s.state} for k, s in statuses.items()}
        self.status_path.parent.mkdir(parents=True, exist_ok=True)
        write_private_text(self.status_path, json.dumps(data, sort_keys=True))


# adding and removing ----------------------------------------------------------------------------
def add_source(book: SourceBook, kind: str, name: str, options: dict[str, Any],
               unit: str = "") -> Source:
    """Check and save a new source (not yet read); ``UserError`` and nothing saved otherwise."""
    from tracker.sources.registry import reader_for

    clean = validate_name(name, "source", [s.name for s in book.sources()])
    reader = reader_for(kind)
    reader.check(options)
    source = Source(SourceConfig(str(uuid.uuid4()), kind, clean, dict(options)),
                    " ".join(unit.split()))
    book.save(source)
    return source


def remove_source(journal: Journal, book: SourceBook, source: Source) -> int:
    """Remove ``source``, its values and its measures left empty; the values removed."""
    dropped = journal.remove_source_outcomes(source.tag, list(source.measure_ids.values()))
    book.drop(source)
    return dropped


# refreshing -------------------------------------------------------------------------------------
def plan_refresh(journal: Journal, book: SourceBook, source: Source,
                 day_of: DayOf | None = None) -> RefreshPlan:
    """Read ``source`` and say what a refresh would write; a bad source gives a plan with
    ``error`` (nothing to write). Reads only: safe off the UI thread."""
    from tracker.sources.registry import reader_for

    try:
        reader = reader_for(source.config.kind)
        reading = reader.read(source.config.options, day_of or journal_day_of(journal),
                              book.status(source).state)
        return _plan(journal, source, reader.measures, reading.values, reading.notes,
                     reading.state)
    except SourceError as exc:
        return RefreshPlan(source, error=str(exc))
    except ValidationError as exc:
        return RefreshPlan(source, error=str(exc))


def apply_refresh(journal: Journal, book: SourceBook, plan: RefreshPlan) -> Change | None:
    """Write ``plan`` (all or nothing) and record the refresh in the status file."""
    now = local_now().isoformat(timespec="seconds")
    old = book.status(plan.source)
    if plan.error:
        if not any(s.config.id == plan.source.config.id for s in book.sources()):
            return None
        book.set_status(plan.source, replace(old, last_refresh=now, error=plan.error))
        return None
    current = next((s for s in book.sources() if s.config.id == plan.source.config.id), None)
    if current is None:  # removed while it was read
        return None
    change = None
    if plan.writes:
        change = journal.replace_source_outcomes(plan.source.tag, plan.outcomes,
                                                 plan.removed_keys, plan.measures)
    if current.measure_ids != plan.source.measure_ids:
        book.save(replace(current, measure_ids=plan.source.measure_ids))
    book.set_status(plan.source, SourceStatus(now, plan.days, "", plan.state))
    return change


def refresh(journal: Journal, book: SourceBook, source: Source,
            dry_run: bool = False) -> RefreshPlan:
    """Read ``source`` and (unless ``dry_run``) replace its values; the plan says what."""
    plan = plan_refresh(journal, book, source)
    if not dry_run:
        apply_refresh(journal, book, plan)
    return plan


def refresh_all(journal: Journal, book: SourceBook, dry_run: bool = False) -> list[RefreshPlan]:
    """Refresh every source; a bad one is reported in its plan and leaves the others alone."""
    day_of = journal_day_of(journal)
    plans = []
    for source in book.sources():
        plan = plan_refresh(journal, book, source, day_of)
        if not dry_run:
            apply_refresh(journal, book, plan)
        plans.append(plan)
    return plans


def journal_day_of(journal: Journal) -> DayOf:
    """The journal's local day of an instant (see the module's docstring)."""
    zones = sorted((c.at.astimezone(UTC), c.at.utcoffset() or timedelta(0))
                   for c in journal.checkins())
    return day_of_offsets([z[0] for z in zones], [z[1] for z in zones])


def day_of_offsets(instants: list[datetime], offsets: list[timedelta]) -> DayOf:
    """``day_of`` over sorted check-in ``instants`` with their UTC ``offsets``."""
    def day_of(at: datetime) -> date:
        if at.tzinfo is None:
            return at.date()
        if not instants:
            return at.astimezone().date()
        index = max(bisect.bisect_right(instants, at) - 1, 0)
        return at.astimezone(timezone(offsets[index])).date()

    return day_of


def _plan(journal: Journal, source: Source, specs: tuple[Any, ...],
          values: dict[str, dict[date, float]], notes: tuple[str, ...],
          state: dict[str, Any] | None) -> RefreshPlan:
    plan = RefreshPlan(source, notes=tuple(notes), state=state)
    today = local_now().date()
    now = local_now()
    existing = journal.list_measures()
    by_id = {m.id: m for m in existing}
    single = len(specs) == 1
    later = 0
    days: set[date] = set()
    keys: dict[str, str] = {}
    for spec in specs:
        name = source.name if single else f"{spec.name} ({source.name})"
        measure = by_id.get(source.measure_ids.get(spec.key, ""))
        if measure is None:
            wanted = name.casefold()
            measure = next((m for m in existing if m.name.casefold() == wanted), None)
        if measure is None:
            unit = (source.unit or spec.unit) if single else spec.unit
            measure = new_measure(name, unit, spec.higher_is_better,
                                  existing + plan.measures)
            plan.measures.append(measure)
        keys[spec.key] = measure.id
        for day, value in sorted(values.get(spec.key, {}).items()):
            if not math.isfinite(value):  # a reader's bug, refused before it is stored
                raise SourceError(f"{name} on {day.isoformat()}: {value!r} is not a number.")
            if day > today:
                later += 1
                continue
            days.add(day)
            plan.outcomes.append(DailyOutcome(measure.id, day, float(value), source.tag, now))
    stored = {(o.measure_id, o.day): o for o in journal.list_outcomes()}
    mine = {k for k, o in stored.items() if o.source == source.tag}
    read = list(plan.outcomes)
    plan.outcomes = []
    for outcome in read:
        before = stored.get((outcome.measure_id, outcome.day))
        if before is None:
            plan.added += 1
        elif before.value != outcome.value or before.source != source.tag:
            plan.changed += 1
        else:
            plan.unchanged += 1
            continue
        plan.outcomes.append(outcome)
    plan.removed_keys = sorted(mine - {(o.measure_id, o.day) for o in read})
    plan.removed = len(plan.removed_keys)
    plan.days = len(days)
    plan.state = state
    plan.source = replace(source, measure_ids={**source.measure_ids, **keys})
    if later:
        plan.notes += (f"{later} value(s) after today left out.",)
    return plan


def _source_to(source: Source) -> dict[str, Any]:
    c = source.config
    return {"id": c.id, "kind": c.kind, "name": c.name, "options": c.options,
            "unit": source.unit, "measures": source.measure_ids}


def _source_from(raw: object) -> Source | None:
    if not isinstance(raw, dict):
        return None
    try:
        options = raw.get("options") or {}
        measures = raw.get("measures") or {}
        if not isinstance(options, dict) or not isinstance(measures, dict):
            return None
        return Source(SourceConfig(str(raw["id"]), str(raw["kind"]), str(raw["name"]),
                                   dict(options)), str(raw.get("unit", "")),
                      {str(k): str(v) for k, v in measures.items()})
    except KeyError:
        return None
