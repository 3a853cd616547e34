"""The journal's use cases: record, edit, delete/undo, list, skills and factors (import and
export of the whole journal are ``tracker.services.transfer``).

Every mutation validates through ``tracker.domain`` and returns a ``Change``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain import (
    CheckIn,
    Factor,
    FactorKind,
    Skill,
    new_id,
    validate_checkin,
    validate_factor,
    validate_skill_name,
)
from tracker.errors import UserError, ValidationError
from tracker.services.changes import Change, ChangeKind
from tracker.services.clock import local_now
from tracker.services.measured import MeasuredJournal

if TYPE_CHECKING:
    from tracker.domain.recorded import RecordedValues
    from tracker.store import Store
    from tracker.store.repository import RemovedCheckIn


@dataclass(frozen=True, slots=True)
class CheckInFilter:
    """History filters; ``since``/``until`` are calendar days on the check-in's clock, inclusive."""

    since: date | None = None
    until: date | None = None
    tag: str | None = None
    skill_id: str | None = None
    search: str | None = None


class JournalPaused(UserError):
    """The journal is paused (locked, or its file being replaced)."""


# where backups are, for judging a stray -wal: paths, or a function giving them when asked
Folders = Sequence[Path] | Callable[[], Sequence[Path]]


def _open_store(data_dir: Path, backup_folders: Folders) -> Store:
    from tracker.store import Store

    folders = backup_folders() if callable(backup_folders) else backup_folders
    return Store.open(data_dir, backup_folders=folders)


def _by_id(items: Sequence[Skill] | Sequence[Factor]) -> dict[str, Skill | Factor]:
    return {item.id: item for item in items}


class Journal(MeasuredJournal):
    """One person's journal in one data directory (probes and outcomes: ``MeasuredJournal``)."""

    def __init__(
        self,
        store: Store | None,
        data_dir: Path,
        *,
        opener: Callable[[], Store] | None = None,
        early: tuple[list[Skill], list[Factor]] | None = None,
        backup_folders: Folders = (),
    ) -> None:
        self._store = store
        self._opener = opener
        self._backup_folders = backup_folders  # for ``resume``'s open
        self._early = early  # definitions read before the store opened (``open_deferred``)
        self._start_defs = early  # kept for ``definitions_changed_since_start``
        self.data_dir = data_dir
        self._undo: list[RemovedCheckIn] = []
        self._seen_version = store.data_version() if store is not None else 0
        self._closed = False
        self._paused = False
        self._defs: tuple[dict[str, Skill], dict[str, Factor]] | None = None
        self._defs_version = -1

    @classmethod
    def open(cls, data_dir: Path, backup_folders: Folders = ()) -> Journal:
        """``backup_folders``: where backups are (a stray -wal is judged against them), or
        a function that says so when asked (the settings may change meanwhile)."""
        return cls(_open_store(data_dir, backup_folders), data_dir,
                   backup_folders=backup_folders)

    @classmethod
    def open_deferred(cls, data_dir: Path, backup_folders: Folders = ()) -> Journal | None:
        """A journal whose store opens on first real use (after the window is on screen).

        Skills and factors are served from a quick read-only peek until then. None when the
        peek cannot serve them (no journal yet, another schema version, an unreadable file):
        open the normal way instead.
        """
        from tracker.paths import DataPaths
        from tracker.store.definitions_cache import load

        database = DataPaths(data_dir).database
        early = load(database)  # as the window left them: no SQLite needed
        if early is None:
            from tracker.store.peek import peek_definitions

            early = peek_definitions(database)
        if early is None:
            return None

        return cls(None, data_dir, opener=lambda: _open_store(data_dir, backup_folders),
                   early=early, backup_folders=backup_folders)

    @property
    def store(self) -> Store:
        """The store, opened now if this journal was opened deferred."""
        if self._closed:
            raise UserError("The journal is closed.")
        if self._paused:
            raise JournalPaused("The journal is locked.")
        if self._store is None:
            if self._opener is None:
                raise UserError("The journal is closed.")
            self._store = self._opener()
            self._early = None
            self._seen_version = self._store.data_version()
        return self._store

    @property
    def is_closed(self) -> bool:
        """True once ``close`` was called (timers still pending must not read it)."""
        return self._closed

    @property
    def is_open(self) -> bool:
        """False until a deferred journal's store has been opened."""
        return self._store is not None

    def close(self, *, remember_definitions: bool = False) -> None:
        """Close the journal; ``remember_definitions`` keeps its skills and factors for the
        next start's check-in form (a plain journal whose store was open)."""
        kept = None
        if remember_definitions and self._store is not None and not self._paused:
            kept = (self._store.list_skills(), self._store.list_factors())
        self._closed = True
        if self._store is not None:
            self._store.close()
        if kept is not None:
            self._keep_definitions(*kept)

    def _keep_definitions(self, skills: list[Skill], factors: list[Factor]) -> None:
        from tracker.paths import DataPaths
        from tracker.store import definitions_cache
        from tracker.store.header import is_encrypted

        database = DataPaths(self.data_dir).database
        try:
            if is_encrypted(database):
                definitions_cache.discard(database)
            else:
                definitions_cache.save(database, skills, factors)
        except OSError:  # only a quicker next start is lost
            pass

    def definitions_changed_since_start(self) -> bool:
        """Whether the skills or factors the window started from (read before the store
        opened) differ from the journal's now: the form must then be rebuilt."""
        start, self._start_defs = self._start_defs, None
        if start is None:
            return False
        return (_by_id(start[0]) != _by_id(self.skills(include_archived=True))
                or _by_id(start[1]) != _by_id(self.factors(include_archived=True)))

    @property
    def is_paused(self) -> bool:
        return self._paused

    def pause(self) -> None:
        """Close the database for now (to replace its file, or to lock it): every connection
        goes, and any use raises ``JournalPaused`` until ``resume``."""
        if self._store is not None:
            self._store.close()
            self._store = None
        self._paused = True

    def resume(self) -> None:
        """Use the database again: it is opened anew on the next use."""
        data_dir, folders = self.data_dir, self._backup_folders
        self._opener = lambda: _open_store(data_dir, folders)
        self._early = None
        self._defs = None
        self._paused = False

    # skills -----------------------------------------------------------------------------
    def skills(self, include_archived: bool = False) -> list[Skill]:
        if self._store is None and self._early is not None:
            return [s for s in self._early[0] if include_archived or not s.archived]
        return self.store.list_skills(include_archived=include_archived)

    def skill_by_name(self, name: str) -> Skill:
        """The skill called ``name`` (case-insensitive, archived included) or a ValidationError."""
        wanted = " ".join(name.split()).casefold()
        for skill in self.skills(include_archived=True):
            if skill.name.casefold() == wanted:
                return skill
        known = ", ".join(s.name for s in self.skills()) or "none yet"
        raise ValidationError(f"No skill called {name!r} (skills: {known}).")

    def add_skill(
        self, name: str, anchor_low: str = "", anchor_mid: str = "", anchor_high: str = ""
    ) -> Change:
        existing = self.skills(include_archived=True)
        clean = validate_skill_name(name, [s.name for s in existing])
        position = max((s.position for s in existing), default=-1) + 1
        skill = Skill(new_id(), clean, position, False, anchor_low.strip(), anchor_mid.strip(),
                      anchor_high.strip())
        self.store.save_skill(skill)
        return self._changed(Change(ChangeKind.SKILLS, (skill.id,), f"Skill {clean!r} added"))

    def update_skill(self, skill: Skill) -> Change:
        others = [s.name for s in self.skills(include_archived=True) if s.id != skill.id]
        clean = validate_skill_name(skill.name, others)
        self.store.save_skill(dataclasses.replace(skill, name=clean))
        return self._changed(Change(ChangeKind.SKILLS, (skill.id,), f"Skill {clean!r} saved"))

    def reorder_skills(self, ids: Sequence[str]) -> Change:
        by_id = {s.id: s for s in self.skills(include_archived=True)}
        for position, skill_id in enumerate(ids):
            if skill_id in by_id:
                self.store.save_skill(dataclasses.replace(by_id[skill_id], position=position))
        return self._changed(Change(ChangeKind.SKILLS, tuple(ids), "Skills reordered"))

    # factors ----------------------------------------------------------------------------
    def factors(self, include_archived: bool = False) -> list[Factor]:
        if self._store is None and self._early is not None:
            return [f for f in self._early[1] if include_archived or not f.archived]
        return self.store.list_factors(include_archived=include_archived)

    def factor_by_name(self, name: str) -> Factor:
        """The factor called ``name`` or with that id (case-insensitive) or a ValidationError."""
        wanted = " ".join(name.split()).casefold()
        for factor in self.factors(include_archived=True):
            if wanted in (factor.name.casefold(), factor.id.casefold()):
                return factor
        known = ", ".join(f.name for f in self.factors())
        raise ValidationError(f"No factor called {name!r} (factors: {known}).")

    def add_factor(
        self,
        name: str,
        kind: FactorKind,
        minimum: float | None = None,
        maximum: float | None = None,
        step: float = 1.0,
        unit: str = "",
    ) -> Change:
        existing = self.factors(include_archived=True)
        kind = FactorKind(kind)
        if kind is FactorKind.YESNO:
            minimum, maximum, step = 0, 1, 1
        factor = Factor(
            id=new_id(),
            name=" ".join(name.split()),
            kind=kind,
            minimum=minimum,
            maximum=maximum,
            step=step,
            unit=unit.strip(),
            builtin=False,
            position=max((f.position for f in existing), default=-1) + 1,
        )
        validate_factor(factor, [f.name for f in existing])
        self.store.save_factor(factor)
        return self._changed(Change(ChangeKind.FACTORS,
                                    (factor.id,), f"Factor {factor.name!r} added"))

    def update_factor(self, factor: Factor) -> Change:
        """Save a factor's name, labels, order and archived flag; for a custom number or scale
        also its range (and a number's unit). Kind and step stay fixed once data exists, and a
        range that would leave recorded values outside it is refused, saying how many."""
        current = {f.id: f for f in self.factors(include_archived=True)}
        old = current.get(factor.id)
        if old is None:
            raise ValidationError(f"Unknown factor {factor.id!r}.")
        custom = not old.builtin and old.kind is not FactorKind.YESNO
        merged = dataclasses.replace(
            old,
            name=" ".join(factor.name.split()),
            archived=factor.archived,
            position=factor.position,
            low_label=factor.low_label,
            high_label=factor.high_label,
            minimum=factor.minimum if custom else old.minimum,
            maximum=factor.maximum if custom else old.maximum,
            unit=factor.unit.strip() if custom and old.kind is FactorKind.NUMBER else old.unit,
        )
        validate_factor(merged, [f.name for f in current.values() if f.id != factor.id])
        if (merged.minimum, merged.maximum) != (old.minimum, old.maximum):
            found = self.recorded_values(factor.id, merged.minimum, merged.maximum)
            if found.outside:
                raise ValidationError(
                    f"{found.outside} recorded value{'s' if found.outside != 1 else ''} of "
                    f"{merged.name} (from {found.lowest_outside:g} to {found.highest_outside:g}) "
                    f"would lie outside {merged.minimum:g} to {merged.maximum:g}. Nothing was "
                    "changed: widen the range, or edit those check-ins first.")
        self.store.save_factor(merged)
        return self._changed(Change(ChangeKind.FACTORS,
                                    (factor.id,), f"Factor {merged.name!r} saved"))

    def recorded_values(self, factor_id: str, minimum: float | None,
                        maximum: float | None) -> RecordedValues:
        """How many values of one factor are recorded, and which would lie outside a new range
        ``minimum``..``maximum`` (counted by the store, not by reading every check-in)."""
        from tracker.store.value_counts import recorded_values

        return recorded_values(self.store, factor_id, minimum, maximum)

    def reorder_factors(self, ids: Sequence[str]) -> Change:
        by_id = {f.id: f for f in self.factors(include_archived=True)}
        for position, factor_id in enumerate(ids):
            if factor_id in by_id:
                self.store.save_factor(dataclasses.replace(by_id[factor_id], position=position))
        return self._changed(Change(ChangeKind.FACTORS, tuple(ids), "Factors reordered"))

    # check-ins ----------------------------------------------------------------------------
    def _validate(self, checkin: CheckIn, require_rating: bool = True) -> CheckIn:
        skills, factors = self._definitions()
        return validate_checkin(checkin, skills, factors, require_rating=require_rating)

    def _definitions(self) -> tuple[dict[str, Skill], dict[str, Factor]]:
        """Skills and factors by id for validation, re-read only when the database changed
        since they were read (``PRAGMA data_version``) other than by our own check-in writes."""
        version = self.store.data_version()
        if self._defs is None or version != self._defs_version:
            self._defs = ({s.id: s for s in self.skills(include_archived=True)},
                          {f.id: f for f in self.factors(include_archived=True)})
            self._defs_version = version
        return self._defs

    def record(
        self,
        *,
        ratings: Mapping[str, int],
        values: Mapping[str, float | None] | None = None,
        tags: Sequence[str] = (),
        note: str = "",
        at: datetime | None = None,
    ) -> Change:
        """Validate and save a new check-in; ``at`` defaults to now."""
        checkin = CheckIn(
            id=new_id(),
            at=at if at is not None else local_now(),
            ratings=dict(ratings),
            values={k: v for k, v in (values or {}).items() if v is not None},
            tags=tuple(tags),
            note=note,
        )
        checkin = self._validate(checkin)
        self.store.add_checkin(checkin)
        return self._changed(Change(ChangeKind.CHECKINS, (checkin.id,), saved_message(checkin.at)))

    def update(self, checkin: CheckIn) -> Change:
        """Validate and save an edit; an imported state-only entry may stay without a rating."""
        old = self.store.get_checkin(checkin.id)
        checkin = self._validate(checkin, require_rating=old is None or not old.state_only)
        self.store.update_checkin(checkin)
        return self._changed(Change(ChangeKind.CHECKINS, (checkin.id,), "Check-in updated"))

    def delete(self, checkin_id: str) -> Change:
        """Delete a check-in; ``undo`` brings it back with its re-ratings and links."""
        removed = self.store.remove_checkin(checkin_id)
        if removed is None:
            raise UserError("That check-in no longer exists.")
        self._undo.append(removed)
        return self._changed(Change(ChangeKind.CHECKINS, (checkin_id,), "Check-in deleted"))

    def can_undo(self) -> bool:
        return bool(self._undo)

    def forget_undo(self, checkin_id: str) -> bool:
        """Drop a deleted check-in from the undo list (erased for good); True if it was there."""
        before = len(self._undo)
        self._undo[:] = [r for r in self._undo if r.checkin.id != checkin_id]
        return len(self._undo) != before

    def undo(self) -> Change | None:
        """Bring back the most recently deleted check-in, if any."""
        if not self._undo:
            return None
        removed = self._undo.pop()
        self.store.put_back(removed)
        return self._changed(Change(ChangeKind.CHECKINS,
                                    (removed.checkin.id,), "Check-in restored"))

    def get(self, checkin_id: str) -> CheckIn | None:
        return self.store.get_checkin(checkin_id)

    def checkins(self, flt: CheckInFilter | None = None) -> list[CheckIn]:
        """Check-ins matching ``flt``, oldest first."""
        flt = flt or CheckInFilter()
        # the store filters by instant; widen by a day each side, then cut by the wall date
        since = _day_start_or_none(flt.since, -1)
        until = _day_start_or_none(flt.until, 2)
        rows = self.store.list_checkins(
            since=since, until=until, tag=flt.tag, skill_id=flt.skill_id, search=flt.search
        )
        return [
            c
            for c in rows
            if (flt.since is None or c.at.date() >= flt.since)
            and (flt.until is None or c.at.date() <= flt.until)
        ]

    def tags(self) -> list[str]:
        return self.store.all_tags()

    def count(self) -> int:
        return self.store.count_checkins()

    def external_change(self) -> bool:
        """True once after another process (e.g. the CLI) wrote to the journal."""
        if self._store is None:  # deferred and not open yet: nothing seen, nothing missed
            return False
        version = self.store.data_version()
        changed = version != self._seen_version
        self._seen_version = version
        return changed

    # analysis -----------------------------------------------------------------------------
    def report(self, skill_id: str | None = None, since: date | None = None) -> dict[str, Any]:
        """The analysis report (``docs/REPORT_SCHEMA.md``); the analysis loads on first use."""
        from tracker.services.report import build_report

        return build_report(self.skills(include_archived=True),
                            self.factors(include_archived=True), self.checkins(),
                            skill_id=skill_id, since=since,
                            evaluations=self.store.reality.list_evaluations(),
                            revisits=self.store.reality.list_revisits(),
                            probes=self.list_probes(), measures=self.list_measures(),
                            outcomes=self.list_outcomes())

    def _changed(self, change: Change) -> Change:
        """Remember our own write (so it is not taken for an external one); pass ``change`` on.

        A check-in write leaves the cached definitions valid; any other change drops them.
        """
        fresh = self._defs is not None and self._defs_version == self._seen_version
        self._note_own_write()
        if change.kind == ChangeKind.CHECKINS and fresh:
            self._defs_version = self._seen_version
        else:
            self._defs = None
        return change

    def _note_own_write(self) -> None:
        self._seen_version = self.store.data_version()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _day_start_or_none(day: date | None, shift: int) -> datetime | None:
    """The UTC start of ``day`` moved by ``shift`` days; None (no bound) past year 1 or 9999."""
    try:
        return _day_start(day + timedelta(days=shift)) if day else None
    except OverflowError:
        return None


def saved_message(at: datetime, today: date | None = None) -> str:
    """"Check-in saved at 09:00", with the day when it is not today (a check-in saved a day or a
    year back must not look like one saved now)."""
    if at.date() == (today or local_now().date()):
        return f"Check-in saved at {at:%H:%M}"
    return f"Check-in saved for {at:%a} {at.day} {at:%b %Y} at {at:%H:%M}"
