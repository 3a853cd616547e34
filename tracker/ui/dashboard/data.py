"""What the dashboard shows, cached: check-ins, skills, factors and reports per (skill, since).

Nothing here imports pyqtgraph. The report is the service's ``build_report`` over the cached
check-ins (the same call ``Journal.report`` and ``touchstone report`` make), so the numbers
are identical while a range change does not reload the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tracker.domain import CheckIn, Factor, Skill
from tracker.services.changes import ChangeKind
from tracker.services.journal import Journal
from tracker.services.report_types import Report, Section, parse

MAX_REPORTS = 4  # cached (skill, since) reports; each holds a series per check-in

# (key, label, days back from today inclusive; None = everything)
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("30d", "Last 30 days", 30),
    ("90d", "Last 90 days", 90),
    ("1y", "Last 12 months", 365),
    ("2y", "Last 2 years", 730),
    ("all", "All time", None),
)


def since_for(range_key: str, today: date) -> date | None:
    """The first day a range keeps (None for all time)."""
    for key, _, days in RANGES:
        if key == range_key:
            return None if days is None else today - timedelta(days=days - 1)
    raise ValueError(f"unknown range {range_key!r}")


class DashboardData:
    """Caches over one journal; ``invalidate(kind)`` drops what a change made stale."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self._checkins: list[CheckIn] | None = None
        self._skills: list[Skill] | None = None
        self._factors: list[Factor] | None = None
        self._reports: dict[tuple[str, date | None], Section | None] = {}
        self._rated: dict[tuple[str, date | None], list[CheckIn]] = {}
        self.report_calls = 0  # how many reports were computed (tests check the caching)
        self.epoch = 0  # bumped by invalidate: a report computed before it is stale

    def invalidate(self, kind: str) -> None:
        if kind in (ChangeKind.CHECKINS, ChangeKind.ALL):
            self._checkins = None
        if kind in (ChangeKind.SKILLS, ChangeKind.ALL):
            self._skills = None
        if kind in (ChangeKind.FACTORS, ChangeKind.ALL):
            self._factors = None
        self.epoch += 1
        self._reports.clear()
        self._rated.clear()

    def skills(self) -> list[Skill]:
        """Every skill, archived ones included, in order."""
        if self._skills is None:
            self._skills = sorted(self.journal.skills(include_archived=True),
                                  key=lambda s: s.position)
        return self._skills

    def factors(self) -> list[Factor]:
        """Every factor, archived ones included, in order."""
        if self._factors is None:
            self._factors = sorted(self.journal.factors(include_archived=True),
                                   key=lambda f: f.position)
        return self._factors

    def checkins(self) -> list[CheckIn]:
        if self._checkins is None:
            self._checkins = self.journal.checkins()
        return self._checkins

    def rated(self, skill_id: str, since: date | None) -> list[CheckIn]:
        """Check-ins rating the skill from ``since`` on, oldest first (by instant)."""
        key = (skill_id, since)
        if key not in self._rated:
            rows = [c for c in self.checkins()
                    if skill_id in c.ratings and (since is None or c.at.date() >= since)]
            rows.sort(key=lambda c: (c.at.timestamp(), c.id))
            self._rated[key] = rows
        return self._rated[key]

    def has_report(self, skill_id: str, since: date | None) -> bool:
        return (skill_id, since) in self._reports

    def snapshot(self) -> tuple[list[Skill], list[Factor], list[CheckIn]]:
        """Copies of the lists a report is computed from (for a worker thread)."""
        return list(self.skills()), list(self.factors()), list(self.checkins())

    def store_report(self, skill_id: str, since: date | None, section: Section | None) -> None:
        """Keep a computed section; the oldest goes beyond ``MAX_REPORTS``."""
        self._reports[(skill_id, since)] = section
        while len(self._reports) > MAX_REPORTS:  # oldest first (dicts keep order)
            del self._reports[next(iter(self._reports))]

    def report(self, skill_id: str, since: date | None) -> Section | None:
        """The report section for one skill (``docs/REPORT_SCHEMA.md``), or None without data.

        Computed here (on the calling thread) when not cached; the dashboard normally has it
        computed in a worker first (``tracker.ui.dashboard.worker``)."""
        key = (skill_id, since)
        if key not in self._reports:
            self.report_calls += 1
            self.store_report(skill_id, since, compute_section(*self.snapshot(), skill_id, since))
        return self._reports[key]


def compute_section(skills: list[Skill], factors: list[Factor], checkins: list[CheckIn],
                    skill_id: str, since: date | None) -> Section | None:
    """One skill's report section, typed: the service's ``build_report``, pure (thread-safe
    on copies)."""
    from tracker.services.report import build_report

    full = build_report(skills, factors, checkins, skill_id=skill_id, since=since)
    sections = parse(Report, full).skills
    return sections[0] if sections else None


@dataclass
class SkillRange:
    """What a dashboard view draws: one skill over one date range (the section on first use)."""

    data: DashboardData
    skill: Skill
    since: date | None
    until: date
    range_label: str
    _section: Section | None = field(default=None, repr=False)
    _loaded: bool = field(default=False, repr=False)

    @property
    def section(self) -> Section | None:
        if not self._loaded:
            self._section = self.data.report(self.skill.id, self.since)
            self._loaded = True
        return self._section

    @property
    def report(self) -> Section:
        """The section, where a view draws one (the range has check-ins, so there is one)."""
        if self.section is None:
            raise LookupError(f"no report section for {self.skill.name!r}")
        return self.section

    @property
    def checkins(self) -> list[CheckIn]:
        return self.data.rated(self.skill.id, self.since)

    def factor(self, factor_id: str) -> Factor | None:
        return next((f for f in self.data.factors() if f.id == factor_id), None)

    def active_factors(self) -> list[Factor]:
        return [f for f in self.data.factors() if not f.archived]
