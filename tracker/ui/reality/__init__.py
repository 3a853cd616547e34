"""The Reality tab and menu: evaluations, predictions, blind re-ratings, calibration, prompts.
May import ``tracker.ui`` (and the dashboard's charts), services, domain, settings; not store."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from tracker.ui import lifetime

if TYPE_CHECKING:
    from tracker.services.journal import Journal
    from tracker.settings import Settings

PROMPT_DELAY_MS = 3000  # after start-up, once the form is on screen
PROMPT_INTERVAL_MS = 60 * 60 * 1000  # then hourly

__all__ = ["RealityController", "RealitySlot", "install_reality", "reality_placeholders"]


class RealitySlot:
    """The Reality tab (an empty page) and menu, in place before the controller is built."""

    def __init__(self, page: QWidget, menu: QMenu) -> None:
        self.page = page
        self.menu = menu


def _menu_before_help(window, menu: QMenu) -> None:
    help_menu = getattr(window, "help_menu", None)  # Help stays the last menu
    if help_menu is not None:
        window.menuBar().insertMenu(help_menu.menuAction(), menu)
    else:
        window.menuBar().addMenu(menu)


def reality_placeholders(window) -> RealitySlot:
    """Add the Reality tab and menu to ``window`` now; ``install_reality`` fills them later."""
    title = QCoreApplication.translate("reality", "Reality")
    page = QWidget(window.tabs)
    QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
    window.tabs.addTab(page, title)
    menu = QMenu(QCoreApplication.translate("reality", "&Reality"), window)
    _menu_before_help(window, menu)
    return RealitySlot(page, menu)


class RealityController(QObject):
    """Owns the tab, the menu actions and the prompt timer of one main window."""

    def __init__(self, window, journal: Journal, settings: Settings,
                 slot: RealitySlot | None = None) -> None:
        super().__init__(window)
        from tracker.services.reality import Reality
        from tracker.ui.reality.panel import RealityPanel
        from tracker.ui.reality.text import tr

        self.window = window
        self.settings = settings
        self.reality = Reality(journal)
        self.today = date.today
        self.panel = RealityPanel(self.reality, slot.page if slot else window.tabs, settings)
        self.panel.today = lambda: self.today()
        self.panel.change_made.connect(window.apply_change)
        window.data_changed.connect(self.panel.on_data_changed)
        window.data_changed.connect(self._answered)
        self.shown: str | None = None  # the prompt on screen: "overdue", "rerate" or None
        if slot is None:
            self.tab_index = window.tabs.addTab(self.panel, tr("Reality"))
            menu = QMenu(tr("&Reality"), window)
            _menu_before_help(window, menu)
        else:
            layout = slot.page.layout()
            assert layout is not None  # the placeholder page has its layout
            layout.addWidget(self.panel)
            self.tab_index = window.tabs.indexOf(slot.page)
            menu = slot.menu
        self.log_action = QAction(tr("&Log an evaluation…"), window)
        self.log_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.log_action.triggered.connect(self.panel.log_evaluation)
        self.resolve_action = QAction(tr("Record an &outcome…"), window)
        self.resolve_action.triggered.connect(self.panel.resolve_selected)
        self.rerate_action = QAction(tr("&Re-rate a past day…"), window)
        self.rerate_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        self.rerate_action.triggered.connect(self.panel.rerate)
        for action in (self.log_action, self.resolve_action, self.rerate_action):
            menu.addAction(action)

        self.timer = lifetime.timer(self, journal, self._tick, PROMPT_DELAY_MS)
        self.timer.start()

    def _tick(self) -> None:
        self.check_prompts()
        self.timer.setInterval(PROMPT_INTERVAL_MS)
        self.timer.start()

    def check_prompts(self) -> str | None:
        """Show at most one gentle prompt in the tab (and its title); return which one."""
        from tracker.errors import UserError
        from tracker.ui.reality.text import tr

        try:
            overdue = self.reality.overdue(self.today())
            offer = self._offer_due() and bool(self.reality.eligible_for_revisit())
        except UserError:
            return None
        title = tr("Reality")
        shown = None
        if overdue:
            e = overdue[0]
            who = e.evaluator or e.purpose
            text = tr("Any news from %1? The decision was expected by %2. Record the outcome "
                      "— or “no answer”, which is an outcome too.").replace("%1", who).replace(
                "%2", f"{e.expected_by}")
            self.panel.show_banner(text, tr("Record outcome…"), self.panel.resolve_selected)
            title += f" ({len(overdue)})"
            shown = "overdue"
        elif offer:
            self.settings.rerate_last_offered = self.today().isoformat()
            self._save_settings()
            self.panel.show_banner(
                tr("A day from at least a month ago is ready: how skilled were you then, "
                   "looking back? Your rating from that day stays hidden."),
                tr("Re-rate it…"), self.panel.rerate)
            title += " •"
            shown = "rerate"
        self.window.tabs.setTabText(self.tab_index, title)
        self.shown = shown
        return shown

    def _answered(self, kind: str) -> None:
        """A re-rating or an outcome recorded (from the banner, the menu or elsewhere): the
        prompt it answered goes, and the tab loses its badge; another overdue one stays."""
        from tracker.services.changes import ChangeKind

        if self.shown is None:
            return
        wanted = ChangeKind.REVISITS if self.shown == "rerate" else ChangeKind.EVALUATIONS
        if kind not in (wanted, ChangeKind.ALL):
            return
        if self.shown == "overdue" and self._still_overdue():
            return
        from tracker.ui.reality.text import tr

        self.panel.hide_banner()
        self.window.tabs.setTabText(self.tab_index, tr("Reality"))
        self.shown = None

    def _still_overdue(self) -> bool:
        from tracker.errors import UserError

        try:
            if not self.reality.overdue(self.today()):
                return False
        except UserError:
            return False
        self.check_prompts()  # the next overdue one, with the count
        return True

    def _offer_due(self) -> bool:
        from tracker.services.reality import revisit_due

        try:
            last = date.fromisoformat(self.settings.rerate_last_offered)
        except ValueError:
            last = None
        return revisit_due(self.settings.rerate_frequency, last, self.today())

    def _save_settings(self) -> None:
        with contextlib.suppress(OSError):  # an unwritable settings file only re-offers
            self.settings.save()


def install_reality(window, journal: Journal, settings: Settings,
                    slot: RealitySlot | None = None) -> RealityController:
    """Add the Reality tab, menu and prompts to ``window`` (a ``MainWindow``), or fill in the
    ``slot`` that ``reality_placeholders`` made (before first paint, importing nothing beyond
    Qt). All the main window calls; pyqtgraph and the analysis load when the tab is first shown.
    """
    return RealityController(window, journal, settings, slot)
