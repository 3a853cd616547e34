"""The Reality tab: evaluations (log, resolve, pending, overdue), blind re-ratings and the
charts of calibration and then-vs-now noise."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.reality import Evaluation
from tracker.services.changes import Change, ChangeKind
from tracker.services.reality import Reality
from tracker.settings import Settings
from tracker.ui.cells import cell_item
from tracker.ui.details import details_button, remember_details
from tracker.ui.image_files import save_image
from tracker.ui.reality.text import (
    interval,
    kind_label,
    no_skill_reason,
    num,
    outcome_label,
    predictions_with_outcomes,
    tr,
)
from tracker.ui.style import mark_hint

if TYPE_CHECKING:  # loaded with the first report (parse), not with the tab
    from tracker.services.report_types import Calibration, RealitySections, RevisitSkill

REFRESH_KINDS = (ChangeKind.EVALUATIONS, ChangeKind.REVISITS, ChangeKind.CHECKINS,
                 ChangeKind.SKILLS, ChangeKind.ALL)
ID_ROLE = Qt.ItemDataRole.UserRole


class RealityPanel(QWidget):
    """Everything of the touch-reality issue on one tab; ``change_made`` carries a ``Change``."""

    change_made = Signal(object)

    def __init__(self, reality: Reality, parent: QWidget | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setObjectName("reality")
        self.reality = reality
        self.report: RealitySections | None = None
        self.charts: dict[str, Any] = {}  # the charts module loads pyqtgraph: made on first show
        self._stale = True
        self.today = date.today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.banner)
        self.banner_label = QLabel(self.banner)
        self.banner_label.setWordWrap(True)
        self.banner_button = QPushButton(self.banner)
        self.banner_dismiss = QPushButton(tr("Not now"), self.banner)
        self.banner_dismiss.clicked.connect(self.hide_banner)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.banner_button)
        row.addWidget(self.banner_dismiss)
        self.banner.hide()
        self._banner_action = None
        self.banner_button.clicked.connect(self._banner_clicked)
        layout.addWidget(self.banner)

        buttons = QHBoxLayout()
        self.log_button = QPushButton(tr("&Log evaluation…"), self)
        self.resolve_button = QPushButton(tr("Record &outcome…"), self)
        self.rerate_button = QPushButton(tr("Re-rate a past &day…"), self)
        self.log_button.clicked.connect(self.log_evaluation)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.rerate_button.clicked.connect(self.rerate)
        for b in (self.log_button, self.resolve_button, self.rerate_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.pending_label = QLabel(self)
        mark_hint(self.pending_label)
        buttons.addWidget(self.pending_label)
        layout.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = QTableWidget(0, 6, split)
        self.table.setHorizontalHeaderLabels([tr("Date"), tr("Kind"), tr("Evaluator — for"),
                                              tr("Predicted"), tr("Decision by"), tr("Outcome")])
        self.table.setAccessibleName(tr("Evaluations"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move in it)
        # the evaluator column takes the width left over (resizeColumnsToContents would
        # shrink it back to its text, leaving the table's right part empty)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.resolve_selected())
        lower = QWidget(split)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        self.summary = QLabel(lower)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skill_box = QComboBox(lower)
        self.skill_box.setAccessibleName(tr("Skill"))
        self.skill_box.currentIndexChanged.connect(lambda _i: self.draw_charts())
        self.details_button = details_button(lower, settings)
        self.details_button.toggled.connect(self._details_toggled)
        head.addWidget(self.summary, 1)
        head.addWidget(self.skill_box)
        head.addWidget(self.details_button)
        lower_layout.addLayout(head)
        self.chart_tabs = QTabWidget(lower)
        self.chart_tabs.setDocumentMode(True)
        lower_layout.addWidget(self.chart_tabs, 1)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

    # refresh ------------------------------------------------------------------------------------
    def on_data_changed(self, kind: str) -> None:
        if kind in REFRESH_KINDS:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.settings is not None:  # the Dashboard may have switched Details meanwhile
            self.details_button.setChecked(self.settings.show_details)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        evaluations = self.reality.evaluations()
        self._fill_table(evaluations)
        from tracker.services.report_types import RealitySections, parse  # 60 ms, not at start

        self.report = parse(RealitySections, self.reality.report(today=self.today()))
        self._fill_summary()
        self._ensure_charts()
        self._reload_skills()
        self.draw_charts()

    def _fill_table(self, evaluations: list[Evaluation]) -> None:
        today = self.today()
        rows = sorted(evaluations, key=lambda e: (not e.pending, -e.at.timestamp()))
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            p = e.prediction
            predicted = "" if p is None else " · ".join(x for x in (
                f"{p.probability * 100:.0f} %" if p.probability is not None else "",
                f"{p.expected_score:g}" if p.expected_score is not None else "") if x)
            if e.outcome:
                outcome = outcome_label(e.outcome.result.value)
                if e.outcome.score is not None:
                    outcome += f" ({e.outcome.score:g})"
                if not e.outcome.good:
                    outcome += " · " + (tr("reason given") if e.outcome.reason_given
                                        else tr("no reason given"))
            else:
                outcome = tr("overdue") if e.overdue(today) else tr("pending")
            texts = [f"{e.at:%Y-%m-%d}", kind_label(e.kind),
                     " — ".join(x for x in (e.evaluator, e.purpose) if x), predicted,
                     f"{e.expected_by}" if e.expected_by else "", outcome]
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, e.id)
                self.table.setItem(r, c, item)
        pending = sum(1 for e in evaluations if e.pending)
        overdue = sum(1 for e in evaluations if e.overdue(today))
        self.pending_label.setText(tr("%1 pending, %2 overdue").replace("%1", str(pending))
                                   .replace("%2", str(overdue)))
        self.resolve_button.setEnabled(bool(rows))

    def _fill_summary(self) -> None:
        cal = self.calibration()
        parts = []
        if cal.n:
            assert cal.base_rate is not None  # set whenever there are outcomes
            reason = no_skill_reason(cal)
            text = (tr("Calibration: %1, Brier %2 (base rate %3 would score %4), skill %5 — %6.")
                    if reason is None else
                    tr("Calibration: %1, Brier %2 (base rate %3 would score %4); %5 — %6."))
            if not self.details_button.isChecked():
                text = tr("Calibration: %1 — %6.")
            parts.append(text.replace("%1", predictions_with_outcomes(cal.n))
                         .replace("%2", num(cal.brier, 3))
                         .replace("%3", f"{cal.base_rate * 100:.0f} %")
                         .replace("%4", num(cal.brier_reference, 3))
                         .replace("%5", reason or num(cal.brier_skill))
                         .replace("%6", _guard(cal.status)))
            bias = cal.bias.overall
            if bias.ci95:
                parts.append(tr("Mean predicted − observed: %1 (95 % CI %2).")
                             .replace("%1", f"{bias.mean:+.2f}")
                             .replace("%2", interval(bias.ci95)))
        else:
            parts.append(tr("Log an evaluation with your predicted chance before the outcome; "
                            "once resolved, your calibration appears here."))
        self.summary.setText(" ".join(parts))

    def _reload_skills(self) -> None:
        current = self.skill_box.currentData()
        self.skill_box.blockSignals(True)
        self.skill_box.clear()
        for sec in self.revisit_skills():
            self.skill_box.addItem(sec.skill.name, sec.skill.id)
        self.skill_box.setCurrentIndex(max(self.skill_box.findData(current), 0))
        self.skill_box.setVisible(self.skill_box.count() > 1)
        self.skill_box.blockSignals(False)

    def calibration(self) -> Calibration:
        if self.report is None:
            raise LookupError("no report yet (refresh() makes one)")
        return self.report.calibration

    def revisit_skills(self) -> list[RevisitSkill]:
        return self.report.revisits.skills if self.report else []

    def revisit_section(self) -> RevisitSkill | None:
        wanted = self.skill_box.currentData()
        for sec in self.revisit_skills():
            if sec.skill.id == wanted:
                return sec
        return None

    # charts -------------------------------------------------------------------------------------
    def _ensure_charts(self) -> None:
        if self.charts:
            return
        os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
        from tracker.ui.reality.charts import DifferenceChart, ReliabilityChart, ThenNowChart

        for key, cls in (("reliability", ReliabilityChart), ("then_now", ThenNowChart),
                         ("differences", DifferenceChart)):
            chart = cls(self.chart_tabs)
            self.charts[key] = chart
            self.chart_tabs.addTab(chart, cls.title)

    def _details_toggled(self, on: bool) -> None:
        remember_details(self.settings, on)
        if self.report is not None:
            self._fill_summary()
            self.draw_charts()

    def draw_charts(self) -> None:
        if not self.charts or self.report is None:
            return
        for chart in self.charts.values():
            chart.details_on = self.details_button.isChecked()
        self.charts["reliability"].draw(self.calibration())
        section = self.revisit_section()
        self.charts["then_now"].draw(section)
        self.charts["differences"].draw(section)

    def render_charts(self, out_dir: Path, prefix: str = "reality-") -> list[Path]:
        """Each chart page (and the whole tab) as PNG files."""
        written = []
        path = Path(out_dir) / f"{prefix}tab.png"
        save_image(self.grab(), path)
        written.append(path)
        for i, key in enumerate(self.charts):
            self.chart_tabs.setCurrentIndex(i)
            path = Path(out_dir) / f"{prefix}{key}.png"
            save_image(self.grab(), path)
            written.append(path)
        return written

    # actions ------------------------------------------------------------------------------------
    def _emit(self, change: Change | None) -> None:
        if change is not None:
            self.change_made.emit(change)

    def log_evaluation(self) -> None:
        from tracker.ui.reality.dialogs import LogEvaluationDialog

        dialog = LogEvaluationDialog(self.reality, self)
        if dialog.exec():
            self._emit(dialog.change)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        if items:
            return items[0].data(ID_ROLE)
        pending = [cell_item(self.table, r, 0).data(ID_ROLE) for r in range(self.table.rowCount())
                   if cell_item(self.table, r, 5).text() in (tr("pending"), tr("overdue"))]
        return pending[0] if pending else None

    def resolve_selected(self) -> None:
        from tracker.ui.reality.dialogs import ResolveDialog

        ident = self.selected_id()
        if ident is None:
            return
        dialog = ResolveDialog(self.reality, self.reality.find(ident), self)
        if dialog.exec():
            self._emit(dialog.change)

    def rerate(self) -> bool:
        """Offer a blind re-rating now; False when no check-in is old enough."""
        from tracker.ui import dialogs
        from tracker.ui.reality.dialogs import BlindRerateDialog

        blind = self.reality.pick_for_revisit()
        if blind is None:
            dialogs.warn(self, tr("No check-in is old enough to revisit yet: days become "
                                  "eligible 30 days after you rated them."), tr("Looking back"))
            return False
        dialog = BlindRerateDialog(self.reality, blind, self)
        if dialog.exec():
            self._emit(dialog.change)
        return True

    # banner -------------------------------------------------------------------------------------
    def show_banner(self, text: str, button: str, action) -> None:
        self.banner_label.setText(text)
        self.banner_button.setText(button)
        self._banner_action = action
        self.banner.show()

    def hide_banner(self) -> None:
        self.banner.hide()
        self._banner_action = None

    def _banner_clicked(self) -> None:
        action = self._banner_action
        self.hide_banner()
        if action is not None:
            action()


def _guard(status: str) -> str:
    return {"insufficient_data": tr("fewer than 30: read with care"),
            "tentative": tr("tentative (fewer than 60)"),
            "claimed": tr("enough to read")}.get(status, status)
