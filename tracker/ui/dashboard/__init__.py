"""The dashboard tab: seven pyqtgraph views of the analysis report.
May import ``tracker.ui``, services and domain; never the store. Importing it loads no pyqtgraph."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from tracker.services.journal import Journal
    from tracker.settings import Settings
    from tracker.ui.dashboard.widget import DashboardWidget
    from tracker.ui.dashboard.worker import ReportWorker

__all__ = ["create_dashboard"]


def create_dashboard(journal: Journal, parent: QWidget | None = None,
                     worker: ReportWorker | None = None,
                     settings: Settings | None = None) -> DashboardWidget:
    """Build the dashboard widget for ``journal`` (pyqtgraph and the views load here), on the
    reports of ``worker`` when given (``worker.reports_for``, shared with the status bar);
    ``settings`` remembers its Details button.

    The widget has ``on_data_changed(kind)`` (kind: checkins, skills, factors, all) and
    ``render_views(out_dir, size) -> list[Path]``.
    """
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import PySide6.QtWidgets  # noqa: F401  (PySide6 before pyqtgraph)

    from tracker.ui.dashboard.widget import DashboardWidget

    return DashboardWidget(journal, parent, worker=worker, settings=settings)
