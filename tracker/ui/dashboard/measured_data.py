"""Felt vs measured for the dashboard: the report's ``measured`` section per (skill, since),
computed off the UI thread like the skill reports (``worker``), and the sentence it adds to the
headline card when it allows a claim. Nothing here imports pyqtgraph.

The cache is keyed by the dashboard data's ``epoch`` too: every change the dashboard hears of
(check-ins, probes, outcomes, ...) bumps it, so a section computed before is never shown after.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from tracker.services.report_measured_types import MeasuredSection
from tracker.ui import lifetime

if TYPE_CHECKING:
    from tracker.domain import CheckIn, Factor, Skill
    from tracker.domain.measured import DailyOutcome, Measure, Probe
    from tracker.ui.dashboard.data import DashboardData

Key = tuple[str, date | None, int]  # skill id, since, data epoch
NOT_CAUSE_TAIL = " Association, not cause."
WORTH_SAYING = ("tentative", "claimed")


def compute_measured(skills: list[Skill], factors: list[Factor], checkins: list[CheckIn],
                     probes: list[Probe], measures: list[Measure],
                     outcomes: list[DailyOutcome], skill_id: str,
                     since: date | None) -> MeasuredSection | None:
    """The ``measured`` section for one skill, typed (the service ``report --json`` uses)."""
    from tracker.services.json_shapes import parse
    from tracker.services.measured_report import measured_section

    skill = next((s for s in skills if s.id == skill_id), None)
    if skill is None:
        return None
    return parse(MeasuredSection, measured_section(skill, factors, checkins, probes, measures,
                                                   outcomes, since=since))


def allows_claim(section: MeasuredSection | None) -> bool:
    """The section's headline says something (a factor's clouding or its pull through measured
    performance is tentative or claimed), not only how many days are still needed."""
    if section is None:
        return False
    return any(f.clouding.status in WORTH_SAYING or f.via_performance.status in WORTH_SAYING
               for m in section.measures if m.available for f in m.factors)


def claim_sentence(section: MeasuredSection | None) -> str:
    """The measured headline as a second sentence for the card ("" when it claims nothing)."""
    if not allows_claim(section) or section is None:
        return ""
    return " " + section.headline


class _Bridge(QObject):
    done = Signal(object, object)  # key, section (or the exception raised)


class MeasuredReports(QObject):
    """Measured sections computed in a pool thread; ``arrived(key)`` when one is stored."""

    arrived = Signal(object)

    def __init__(self, data: DashboardData, parent: QObject) -> None:
        super().__init__(parent)
        self.data = data
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.bridge = _Bridge(self)
        self.bridge.done.connect(lifetime.bound(parent, data.journal, self._finished))
        self._sections: dict[Key, MeasuredSection | None] = {}
        self.running: set[Key] = set()
        self.computed = 0  # how many sections were computed (tests check the caching)

    def key(self, skill_id: str, since: date | None) -> Key:
        return (skill_id, since, self.data.epoch)

    def has(self, skill_id: str, since: date | None) -> bool:
        return self.key(skill_id, since) in self._sections

    def get(self, skill_id: str, since: date | None) -> MeasuredSection | None:
        """The cached section (None when not computed yet or there is none)."""
        return self._sections.get(self.key(skill_id, since))

    def request(self, skill_id: str, since: date | None) -> None:
        """Compute the section unless it is cached or already being computed."""
        key = self.key(skill_id, since)
        if key in self._sections or key in self.running:
            return
        journal = self.data.journal
        skills, factors, checkins = self.data.snapshot()  # read here, on the UI thread
        probes, measures = journal.list_probes(), journal.list_measures()
        outcomes = journal.list_outcomes()
        bridge = self.bridge
        self.running.add(key)
        self.computed += 1

        def job() -> None:
            result: MeasuredSection | Exception | None
            try:
                result = compute_measured(skills, factors, checkins, probes, measures,
                                          outcomes, skill_id, since)
            except Exception as exc:  # noqa: BLE001 (re-raised on the UI thread)
                result = exc
            bridge.done.emit(key, result)

        self.pool.start(job)

    def busy(self) -> bool:
        return bool(self.running)

    def _finished(self, key: Key, result: MeasuredSection | Exception | None) -> None:
        self.running.discard(key)
        if isinstance(result, Exception):
            raise result
        if key[2] == self.data.epoch:
            self._sections = {k: v for k, v in self._sections.items() if k[2] == key[2]}
            self._sections[key] = result
            self.arrived.emit(key)


def card_sentence(card: QWidget) -> str:
    """The measured claim for the headline card of the dashboard ``card`` sits on, for the skill
    and range shown ("" until its section is computed: the view asks for it, and the card is
    shown again when it arrives)."""
    dashboard = card.parentWidget()
    views = getattr(dashboard, "views", None)
    view = views.get("measured") if isinstance(views, dict) else None
    ctx = dashboard.context() if view is not None else None  # type: ignore[union-attr]
    if view is None or ctx is None or not ctx.checkins:
        return ""
    reports: MeasuredReports = view.reports
    if not reports.has(ctx.skill.id, ctx.since):
        reports.request(ctx.skill.id, ctx.since)
        return ""
    return claim_sentence(reports.get(ctx.skill.id, ctx.since))
