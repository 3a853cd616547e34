"""Offscreen screenshots: the form (empty, filled), history, every dashboard view, the
Reality tab and its charts, and the settings, about and methods dialogs (light and dark)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tracker.domain import FactorKind
from tracker.services.drafts import DraftStore
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui.image_files import save_image
from tracker.ui.number_input import NumberInput
from tracker.ui.scale_input import ScaleInput

_EXAMPLE = {
    "mood": 7, "sleep_hours": 7.25, "sleep_quality": 4, "hunger": 2, "energy": 6, "stress": 4,
}


def _settle(app: QCoreApplication) -> None:
    for _ in range(3):
        app.processEvents()


def render_screenshots(
    journal: Journal,
    settings: Settings,
    drafts: DraftStore,
    out_dir: Path,
    size: tuple[int, int] = (1100, 760),
) -> list[Path]:
    """Render the main window offscreen and return the PNG files written.

    The form is filled programmatically and never saved; the user's draft file is left alone.
    """
    from tracker.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    scratch = DraftStore(out_dir / ".screenshot-draft.json")
    original_tab = settings.last_tab
    settings.last_tab = 0
    window = MainWindow(journal, settings, scratch)
    settings.last_tab = original_tab
    window.resize(*size)
    window.show()
    _settle(app)
    written: list[Path] = []

    def shot(name: str) -> None:
        _settle(app)
        path = out_dir / name
        save_image(window.grab(), path)
        written.append(path)

    window.tabs.setCurrentIndex(window.CHECKIN_TAB)
    window.form.focus_first()
    shot("checkin-empty.png")

    form = window.form
    for i, skill in enumerate(journal.skills()):
        form.rating_input(skill.id).setValue(max(1, 7 - i))
    for factor in journal.factors():
        widget = form.factor_input(factor.id)
        if isinstance(widget, NumberInput):
            widget.setValue(_EXAMPLE.get(factor.id, factor.minimum or 0))
        elif isinstance(widget, ScaleInput):
            default = 1 if factor.kind is FactorKind.YESNO else widget.minimum()
            widget.setValue(int(_EXAMPLE.get(factor.id, default)))
    form.tags_edit.setText("work, after coffee")
    form.note_edit.setPlainText(
        "Long review session in the morning; felt sharp until lunch.\n"
        "Struggled with the new build system later.")
    form.note_edit.clearFocus()
    shot("checkin-filled.png")

    window.tabs.setCurrentIndex(window.HISTORY_TAB)
    window.history.refresh()
    shot("history.png")

    window.tabs.setCurrentIndex(window.DASHBOARD_TAB)
    dashboard = window.dashboard()
    from tracker.ui.dashboard.widget import DashboardWidget  # loaded by dashboard()

    assert isinstance(dashboard, DashboardWidget)  # typed as any widget: made on first use
    dashboard.settle()  # the report and the adjusted line, not "updating…"
    shot("dashboard.png")
    written.extend(dashboard.render_views(out_dir, size))

    window.tabs.setCurrentIndex(window.reality.tab_index)
    _settle(app)
    written.extend(window.reality.panel.render_charts(out_dir))

    from tracker.ui.outcomes.screenshots import render_outcomes
    from tracker.ui.probes.screenshots import render_probes
    from tracker.ui.settings_and_help_screenshots import render_settings_and_help

    written.extend(render_probes(out_dir))
    written.extend(render_outcomes(journal, out_dir))

    written.extend(render_settings_and_help(journal, settings, out_dir))

    form.clear()
    window.drafting.timer.stop()
    window.outside.timer.stop()
    window.hide()
    window.deleteLater()
    _settle(app)
    scratch.clear()
    return written
