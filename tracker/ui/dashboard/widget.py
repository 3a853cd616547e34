"""The dashboard widget: skill and range selectors, seven views, table toggle, export."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.services.changes import ChangeKind
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui import file_dialogs, lifetime
from tracker.ui.dashboard.base import View
from tracker.ui.dashboard.data import RANGES, DashboardData, SkillRange, since_for
from tracker.ui.dashboard.headline_card import HeadlineCard
from tracker.ui.dashboard.text import tr
from tracker.ui.dashboard.worker import ReportWorker
from tracker.ui.details import details_button, remember_details
from tracker.ui.image_files import save_image
from tracker.ui.style import mark_hint

DIMMED = 0.45  # opacity of a view showing its previous range while the report is computed


def _view_classes() -> list[type[View]]:
    from tracker.ui.dashboard.calendar_view import CalendarView
    from tracker.ui.dashboard.effects import EffectsView
    from tracker.ui.dashboard.insights import InsightsView
    from tracker.ui.dashboard.measured_view import MeasuredView
    from tracker.ui.dashboard.scatter import ScatterView
    from tracker.ui.dashboard.share import ShareView
    from tracker.ui.dashboard.time_of_day import TimeOfDayView
    from tracker.ui.dashboard.timeline import TimelineView

    return [TimelineView, ScatterView, EffectsView, ShareView, TimeOfDayView, CalendarView,
            InsightsView, MeasuredView]


class DashboardWidget(QWidget):
    """Views draw lazily: only the visible one, only when its (skill, range, data) changed."""

    view_drawn = Signal(str)  # a view finished drawing (its key)
    exported = Signal(str)  # a view was written to this file (the window says where)

    def __init__(self, journal: Journal, parent: QWidget | None = None,
                 today: date | None = None, worker: ReportWorker | None = None,
                 settings: Settings | None = None) -> None:
        """``worker``: reports shared with others (their owner invalidates them on a change);
        without it the dashboard has its own. ``settings`` remembers the Details button."""
        super().__init__(parent)
        self.setObjectName("dashboard")
        self._owns_data = worker is None
        self.worker = worker or ReportWorker(DashboardData(journal), self)
        self.data = self.worker.data
        self.worker.arrived.connect(self._report_done)
        self._today = today
        self._generation = 0
        self._refresh_timer = lifetime.timer(self, journal, self.refresh_current, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.skill_box = QComboBox(self)
        self.skill_box.setAccessibleName(tr("Skill"))
        self.range_box = QComboBox(self)
        self.range_box.setAccessibleName(tr("Date range"))
        for key, label, _ in RANGES:
            self.range_box.addItem(tr(label), key)
        self.range_box.setCurrentIndex(self.range_box.findData("1y"))
        skill_label = QLabel(tr("S&kill:"), self)
        skill_label.setBuddy(self.skill_box)
        range_label = QLabel(tr("Ran&ge:"), self)
        range_label.setBuddy(self.range_box)
        self.table_button = QPushButton(tr("Show as &table"), self)
        self.table_button.setCheckable(True)
        self.settings = settings
        self.details_button = details_button(self, settings)
        self.export_button = QToolButton(self)
        self.export_button.setText(tr("E&xport"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        menu.addAction(tr("As PNG image…"), lambda: self._export_dialog("png"))
        menu.addAction(tr("As SVG drawing…"), lambda: self._export_dialog("svg"))
        menu.addAction(tr("Its numbers as CSV…"), lambda: self._export_dialog("csv"))
        self.export_button.setMenu(menu)
        self.updating_label = QLabel(tr("updating…"), self)
        mark_hint(self.updating_label)
        self.updating_label.setAccessibleName(tr("The dashboard is updating"))
        self.updating_label.hide()
        for w in (skill_label, self.skill_box, range_label, self.range_box,
                  self.updating_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.details_button)
        bar.addWidget(self.table_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.headline = HeadlineCard(self)
        layout.addWidget(self.headline)

        self.tab_bar = QTabBar(self)
        self.tab_bar.setDocumentMode(True)
        self.tab_bar.setExpanding(False)
        self.tab_bar.setDrawBase(True)
        self.stack = QStackedWidget(self)
        self.views: dict[str, View] = {}
        for cls in _view_classes():
            view = cls(self)
            self.views[view.key] = view
            self.tab_bar.addTab(view.title)
            self.stack.addWidget(view)
            view.reload_choices()
        layout.addWidget(self.tab_bar)
        layout.addWidget(self.stack, 1)

        self._reload_skills()
        self.skill_box.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self.range_box.currentIndexChanged.connect(lambda _i: self._selection_changed())
        self.tab_bar.currentChanged.connect(self._tab_changed)
        self.table_button.toggled.connect(self._table_toggled)
        self.details_button.toggled.connect(self._details_toggled)
        self._details_toggled(self.details_button.isChecked())

    # public API ---------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        """Data changed ("checkins", "skills", "factors", "all"): drop stale caches and redraw
        the visible view (others redraw when shown)."""
        if self._owns_data:
            self.data.invalidate(kind)
        if kind in (ChangeKind.SKILLS, ChangeKind.ALL):
            self._reload_skills()
        if kind in (ChangeKind.FACTORS, ChangeKind.SKILLS, ChangeKind.ALL):
            for view in self.views.values():
                view.reload_choices()
        self._generation += 1
        self._schedule()

    def current_view(self) -> View:
        return list(self.views.values())[self.stack.currentIndex()]

    def set_view(self, key: str) -> View:
        index = list(self.views).index(key)
        self.tab_bar.setCurrentIndex(index)
        return self.views[key]

    def set_skill(self, skill_id: str) -> None:
        index = self.skill_box.findData(skill_id)
        if index < 0:
            raise UserError(tr("No such skill."))
        self.skill_box.setCurrentIndex(index)

    def set_range(self, key: str) -> None:
        index = self.range_box.findData(key)
        if index < 0:
            raise UserError(tr("Unknown range %1.").replace("%1", key))
        self.range_box.setCurrentIndex(index)

    def context(self) -> SkillRange | None:
        skill_id = self.skill_box.currentData()
        skill = next((s for s in self.data.skills() if s.id == skill_id), None)
        if skill is None:
            return None
        today = self._today or date.today()
        key = self.range_box.currentData()
        return SkillRange(self.data, skill, since_for(key, today), today,
                       self.range_box.currentText())

    def refresh_current(self) -> None:
        """Draw the visible view if its data changed since it was drawn.

        A view that needs a report not computed yet keeps its previous picture, dimmed, while
        a worker thread computes it (the timeline draws its points at once and adds the
        adjusted line when the report arrives); the UI thread never waits for the analysis."""
        self._refresh_timer.stop()
        view = self.current_view()
        view.set_table_mode(self.table_button.isChecked())
        stamp = (self._generation, self.skill_box.currentData(), self.range_box.currentData())
        if view.stamp == stamp:
            self.update_indicator()
            return
        ctx = self.context()
        if ctx is None:
            view.stamp = stamp
            view.waiting = None
            view.empty_label.setText(tr("Add a skill and a first check-in: the dashboard "
                                        "fills in as you go."))
            view.stack.setCurrentWidget(view.empty_label)
            self.show_headline(None)
            self.update_indicator()
            return
        missing = view.needs_report != "none" and not self.data.has_report(ctx.skill.id,
                                                                             ctx.since)
        if missing and view.needs_report == "first":
            self.worker.request(ctx.skill.id, ctx.since)
            view.waiting = stamp
            self.update_indicator()
            return
        view.waiting = None
        view.refresh(ctx, stamp)
        if missing:  # after drawing: the worker would slow the drawing down (the GIL)
            self.worker.request(ctx.skill.id, ctx.since)
        self.show_headline(ctx)
        self.update_indicator()
        self.view_drawn.emit(view.key)

    def show_headline(self, ctx: SkillRange | None) -> None:
        """The card follows the skill and range shown; it waits for their report."""
        if ctx is None or not self.data.has_report(ctx.skill.id, ctx.since):
            self.headline.show_section(None)
            return
        self.headline.show_section(self.data.report(ctx.skill.id, ctx.since))

    def export_view(self, key: str, path: Path) -> Path:
        """Draw view ``key`` and write it to ``path`` (.png or .svg)."""
        view = self.set_view(key)
        self.refresh_current()
        self.settle()
        return view.export(Path(path))

    def settle(self, timeout: float = 120.0) -> None:
        """Run pending deferred drawing and report jobs (offscreen: screenshots, export,
        benchmarks). Blocks the calling thread; the interactive UI never calls it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
            if (self.current_view().settled() and not self._refresh_timer.isActive()
                    and not self.worker.busy()):
                break
            if self.worker.busy():
                self.worker.wait(20)

    def render_views(self, out_dir: Path, size: tuple[int, int] = (1100, 760)) -> list[Path]:
        """Render every view offscreen to ``out_dir/dashboard-<view>.png``; the paths."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        was_visible = self.isVisible()
        previous = self.tab_bar.currentIndex()
        self.resize(*size)
        if not was_visible:
            self.show()
        written = []
        for key in self.views:
            self.set_view(key)
            self.refresh_current()
            self.settle()
            path = out_dir / f"dashboard-{key}.png"
            save_image(self.grab(), path)
            written.append(path)
        self.tab_bar.setCurrentIndex(previous)
        if not was_visible:
            self.hide()
        return written

    # internals ------------------------------------------------------------------------------
    def _reload_skills(self) -> None:
        current = self.skill_box.currentData()
        self.skill_box.blockSignals(True)
        self.skill_box.clear()
        for skill in self.data.skills():
            if not skill.archived:
                self.skill_box.addItem(skill.name, skill.id)
        index = self.skill_box.findData(current)
        self.skill_box.setCurrentIndex(max(index, 0))
        self.skill_box.blockSignals(False)

    def _report_done(self, key: tuple, fresh: bool) -> None:
        """A worker finished: hand the report to views waiting for it, redraw the visible one."""
        if fresh:
            for view in self.views.values():
                view.report_arrived(key)
        if self.isVisible() or self.current_view().waiting is not None:  # else: when shown
            self.refresh_current()
            self.show_headline(self.context())

    def update_indicator(self) -> None:
        """Show "updating…" (and dim the view) while the visible view is not settled."""
        view = self.current_view()
        waiting = view.waiting is not None
        self.updating_label.setVisible(waiting or not view.settled())
        for other in self.views.values():
            effect = other.stack.graphicsEffect()
            dim = other is view and waiting
            if dim and effect is None:
                effect = QGraphicsOpacityEffect(other.stack)
                effect.setOpacity(DIMMED)
                other.stack.setGraphicsEffect(effect)
            if effect is not None:
                effect.setEnabled(dim)

    def _schedule(self) -> None:
        if self.isVisible():
            self._refresh_timer.start()

    def _selection_changed(self) -> None:
        self.refresh_current() if self.isVisible() else None

    def _tab_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        if self.isVisible():
            self.refresh_current()
        else:
            self.update_indicator()

    def _table_toggled(self, on: bool) -> None:
        self.current_view().set_table_mode(on)

    def _details_toggled(self, on: bool) -> None:
        """Details on or off: every view's footnote, the visible chart redrawn at once."""
        remember_details(self.settings, on)
        for view in self.views.values():
            view.set_details(on)
        self._generation += 1
        self._schedule()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        if self.settings is not None:  # the Reality tab may have switched Details meanwhile
            self.details_button.setChecked(self.settings.show_details)
        self._schedule()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.PaletteChange:
            self._generation += 1
            self._schedule()
        super().changeEvent(event)

    def _export_dialog(self, fmt: str) -> None:
        view = self.current_view()
        name = f"touchstone-{view.key}.{fmt}"
        kinds = {"png": "PNG (*.png)", "svg": "SVG (*.svg)", "csv": "CSV (*.csv)"}
        path, _ = file_dialogs.save_file_name(self, tr("Export %1").replace("%1", view.title),
                                              str(Path.home() / name), kinds[fmt])
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            written = view.export(Path(path))
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, tr("Export failed"), str(exc))
            return
        self.exported.emit(str(written))
