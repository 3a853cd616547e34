"""MainWindow: the check-in form first, history second; one ``data_changed`` signal.

Only the first screen (form, tab bar, menu titles, status bar) is built before the first paint;
``finish_start_up`` adds the rest (menus' actions, History, Reality, backups, outcome sources).
Rooms: ``actions``, ``backup_status``, ``activity``, ``outcome_sources``, ``transfer``, ``privacy``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.settings import Settings
from tracker.ui import file_dialogs, lifetime
from tracker.ui.buttons import push_button
from tracker.ui.checkin_form import CheckInForm
from tracker.ui.counts import checkins
from tracker.ui.main_window.actions import build_menu_bar, fill_menus, sync_enabled
from tracker.ui.main_window.activity import DraftKeeper, OutsideChanges
from tracker.ui.main_window.backup_status import BackupStatus
from tracker.ui.main_window.status_headline import StatusHeadline
from tracker.ui.probes.offer import ProbeOffer
from tracker.ui.reality import install_reality, reality_placeholders
from tracker.ui.style import apply_style, mark_hint

if TYPE_CHECKING:  # loaded when first needed: the form paints before them
    from tracker.services.backups import Backups
    from tracker.services.changes import Change
    from tracker.services.drafts import DraftStore
    from tracker.services.journal import Journal
    from tracker.ui.dashboard.widget import DashboardWidget
    from tracker.ui.history_view import HistoryView
    from tracker.ui.main_window.privacy import PrivacyFlows
    from tracker.ui.main_window.transfer import TransferFlows
    from tracker.ui.outcome_sources.refresher import SourceRefresher
    from tracker.ui.reality import RealityController, RealitySlot
    from tracker.ui.restore_dialog import RestoreDialog

log = logging.getLogger(__name__)

UNDO_VISIBLE_MS = 12000


def _dialogs():
    """``tracker.ui.dialogs`` (message boxes), loaded when the first one is needed."""
    from tracker.ui import dialogs

    return dialogs


class MainWindow(QMainWindow):
    """Tabs "Check in", "History", "Dashboard" (and Reality), menus, status bar.

    Its rooms see it as a ``host.WindowHost``, which it satisfies."""

    data_changed = Signal(str)
    backup_finished = Signal(object)  # BackupInfo, None (not due) or a UserError
    erased_everything = Signal()

    closed = False
    CHECKIN_TAB = 0
    HISTORY_TAB = 1
    DASHBOARD_TAB = 2
    restore_dialog: RestoreDialog  # the last one ``backup_status`` opened
    # made by name from the actions table (actions.py) and by the rooms: declared for the checker
    file_menu: QMenu
    help_menu: QMenu
    quit_action: QAction
    about_action: QAction
    erase_action: QAction
    journal: Journal
    backup_status: BackupStatus
    outcome_sources: SourceRefresher  # made by ``finish_start_up``

    def __init__(self, journal: Journal, settings: Settings, drafts: DraftStore,
                 parent: QWidget | None = None, backups: Backups | None = None, *,
                 defer_rest: bool = False) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):  # first: the widgets below size fonts from its font
            apply_style(app, settings.theme)
        super().__init__(parent)
        self._backups = backups
        self._history: HistoryView | None = None
        self._reality: RealityController | None = None
        self._reality_slot: RealitySlot | None = None
        self._transfer: TransferFlows | None = None
        self._privacy: PrivacyFlows | None = None
        self.erased = False
        self.journal = journal
        self.settings = settings
        self.drafts = drafts
        self.actions_by_id: dict[str, QAction] = {}
        self.menus_filled = False
        self.setWindowTitle(self.tr("Touchstone"))

        self._build_form()
        self._build_tabs()
        build_menu_bar(self)
        self._build_status_bar()
        self.data_changed.connect(self._on_data_changed)

        self.drafting = DraftKeeper(self)
        self.form.changed.connect(self.drafting.schedule)
        self.outside = OutsideChanges(self)  # timers that read the journal: dropped with it
        self.backup_status = BackupStatus(self)
        self.status_headline = StatusHeadline(self)  # the answer's line after a save
        self.probe_offer = ProbeOffer(self)  # "Measure now" after a check-in, and the menu's
        self._undo_timer = QTimer(self, singleShot=True, interval=UNDO_VISIBLE_MS)
        self._undo_timer.timeout.connect(lambda: self.undo_button.hide())

        draft = drafts.load()
        if draft:
            self.form.set_state(draft)
            self.show_message(self.tr("Your unfinished check-in was restored."))
        self.closed = False
        self._reality_slot = reality_placeholders(self)  # Reality tab and menu, filled later
        self._restore_geometry()
        file_dialogs.set_journal_aside_with(self.journal_set_aside)
        if not defer_rest:
            self.finish_start_up()

    def finish_start_up(self) -> None:
        """Build what the first screen did not need (menus, History, Reality, backups, …)."""
        fill_menus(self)
        self.history  # noqa: B018 - building it is the point
        self.reality  # noqa: B018
        self.backup_status.update_label()
        from tracker.ui.outcome_sources.refresher import SourceRefresher
        from tracker.ui.window_encryption import WindowEncryption

        self.encryption = WindowEncryption(self)
        self.outcome_sources = SourceRefresher(self).started()

    # building --------------------------------------------------------------------------
    def _build_form(self) -> None:
        journal = self.journal
        self.form = CheckInForm(journal.skills(),
                                self.settings.shown_factors(journal.factors()), self)
        if journal.is_open:  # a deferred journal fills them in once it opens
            self.form.set_known_tags(journal.tags())
        self.form.submitted.connect(self.save_checkin)

    def _build_tabs(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.form)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scroll, self.tr("Check in"))
        self._history_holder = QWidget(self)  # the HistoryView goes here (``history``)
        QVBoxLayout(self._history_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._history_holder, self.tr("History"))
        # the dashboard (pyqtgraph) is built the first time its tab is shown
        self._dashboard: DashboardWidget | None = None
        self._dashboard_holder = QWidget(self)
        QVBoxLayout(self._dashboard_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._dashboard_holder, self.tr("Dashboard"))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.setCentralWidget(self.tabs)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.status_label = QLabel(self)
        self.status_label.setAccessibleName(self.tr("Status"))
        self.undo_button = push_button(self.tr("Undo"), self)
        self.undo_button.setFlat(True)
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        status.addWidget(self.status_label, 1)
        status.addPermanentWidget(self.undo_button)
        self.count_label = mark_hint(QLabel(self))
        status.addPermanentWidget(self.count_label)
        self.backup_label = mark_hint(QLabel(self))
        status.addPermanentWidget(self.backup_label)
        for label in (self.status_label, self.count_label, self.backup_label):
            label.setContentsMargins(4, 0, 4, 0)
        self._update_count()

    def add_settings_and_help(self, extras) -> None:
        """Settings…, How to read this and About (``tracker.ui.settings_and_help``) in the
        menus; the window keeps them (``settings_and_help``)."""
        self.settings_and_help = extras
        fill_menus(self)
        self.file_menu.insertAction(self.quit_action, extras.settings_action)
        self.help_menu.insertAction(self.about_action, extras.methods_action)
        self.help_menu.removeAction(self.about_action)
        self.help_menu.addAction(extras.about_action)
        extras.after_settings.append(self.backup_status.update_label)

    @property
    def widget(self) -> QMainWindow:
        """This window, as its rooms' Qt parent (``host.WindowHost``)."""
        return self

    # rooms built on first use -----------------------------------------------------------
    @property
    def backups(self) -> Backups:
        if self._backups is None:
            from tracker.services.backups import Backups

            self._backups = Backups(DataPaths(self.journal.data_dir), self.settings)
        return self._backups

    @property
    def transfer(self) -> TransferFlows:
        if self._transfer is None:
            from tracker.ui.main_window.transfer import TransferFlows

            self._transfer = TransferFlows(self)
        return self._transfer

    @property
    def privacy(self) -> PrivacyFlows:
        if self._privacy is None:
            from tracker.ui.main_window.privacy import PrivacyFlows

            self._privacy = PrivacyFlows(self)
        return self._privacy

    @property
    def history(self) -> HistoryView:
        """The History page, built on first use."""
        if self._history is None:
            from tracker.ui.history_view import HistoryView

            fill_menus(self)  # its rows' context menu shares the Edit menu's erase
            self._history = HistoryView(self.journal, self._history_holder)
            _put(self._history_holder, self._history)
            self._history.change_made.connect(self.apply_change)
            self._history.add_row_action(self.erase_action)  # also on a row's context menu
            self.data_changed.connect(self._history.on_data_changed)
        return self._history

    @property
    def reality(self) -> RealityController:
        """The Reality tab, menu and prompts (``tracker.ui.reality``), built on first use."""
        if self._reality is None:
            self._reality = install_reality(self, self.journal, self.settings,
                                            self._reality_slot)
        return self._reality

    def _on_tab_changed(self, index: int) -> None:
        slot = self._reality_slot
        if index == self.HISTORY_TAB:
            self.history  # noqa: B018 - shown now, so built now
        elif slot is not None and index == self.tabs.indexOf(slot.page):
            self.reality  # noqa: B018
        elif index == self.DASHBOARD_TAB and self._dashboard is None:
            lifetime.later(self, self.journal, self.dashboard)  # after this paint: shows at once

    def dashboard(self) -> QWidget:
        """The dashboard widget, created (and pyqtgraph imported) on first use."""
        if self._dashboard is None:
            from tracker.ui.dashboard import create_dashboard

            self._dashboard = create_dashboard(self.journal, self._dashboard_holder,
                                               self.status_headline.worker, self.settings)
            _put(self._dashboard_holder, self._dashboard)
            self.data_changed.connect(self._dashboard.on_data_changed)
            self._dashboard.exported.connect(  # every export says where it went
                lambda path: self.show_message(self.tr("Exported to %1").replace("%1", path)))
        return self._dashboard

    def open_manage(self) -> None:
        from tracker.ui.manage_dialog import ManageDialog

        ManageDialog(self.journal, self.apply_change, self).exec()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # dialogs load when first opened

        QMessageBox.about(self, self.tr("About Touchstone"), self.tr(
            "<h3>Touchstone</h3><p>A private, offline journal that shows how much your state "
            "clouds your judgment of your own skill.</p><p>Your data stays in:<br>%1</p>"
        ).replace("%1", str(self.journal.data_dir)))

    # the journal's activity ----------------------------------------------------------------
    def pause_activity(self) -> None:
        """Stop touching the database (before a switch or a lock): the draft is written now,
        polling and background backups stop."""
        self.save_draft()
        self.outside.timer.stop()
        self.backup_status.pause()

    @contextlib.contextmanager
    def journal_set_aside(self) -> Iterator[None]:
        """Every connection to the journal closed meanwhile (for file dialogs, which read the
        files they list); a journal not open, closed or already paused is left as it is."""
        journal = self.journal
        if journal.is_closed or journal.is_paused or not journal.is_open:
            yield
            return
        self.pause_activity()
        journal.pause()
        try:
            yield
        finally:
            journal.resume()
            self.resume_activity()

    def resume_activity(self) -> None:
        lifetime.resumed(self.journal)  # what came due while the journal was set aside
        self.outside.timer.start()
        self.backup_status.resume()

    def save_draft(self) -> None:
        """Write the form to the draft file now (an empty form removes the draft)."""
        self.drafting.save()

    def check_external_change(self) -> bool:
        """Another process (the CLI) wrote: refresh everything."""
        return self.outside.check()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_external_change()
        super().changeEvent(event)

    # changes -------------------------------------------------------------------------------
    def apply_change(self, change: Change | None) -> None:
        """Announce a service mutation: status message, then one ``data_changed``."""
        if change is None:
            return
        if change.message:
            self.show_message(self.tr(change.message))
        from tracker.services.changes import ChangeKind  # not before the first paint

        deleted = (change.kind == ChangeKind.CHECKINS and bool(change.ids)
                   and self.journal.can_undo() and self.journal.get(change.ids[0]) is None)
        self.undo_button.setVisible(deleted)
        if deleted:
            self._undo_timer.start()
        self.data_changed.emit(change.kind)

    def _on_data_changed(self, kind: str) -> None:
        from tracker.services.changes import ChangeKind

        self.backup_status.changed()
        if kind in (ChangeKind.SKILLS, ChangeKind.FACTORS, ChangeKind.ALL):
            self.form.set_definitions(self.journal.skills(),
                                      self.settings.shown_factors(self.journal.factors()))
        self.form.set_known_tags(self.journal.tags())
        sync_enabled(self)
        self._update_count()

    def _update_count(self) -> None:
        if not self.journal.is_open:  # a deferred journal: filled in by ``journal_opened``
            return
        self.count_label.setText(checkins(self.journal.count()))

    def journal_opened(self) -> None:
        """A deferred journal has opened: fill in what needed the database.

        The form was built from the same definitions (read by the start-up peek), so what the
        user may already have typed stays put.
        """
        self.form.set_known_tags(self.journal.tags())
        sync_enabled(self)
        self._update_count()
        if self._history is not None:
            from tracker.services.changes import ChangeKind

            self._history.on_data_changed(ChangeKind.ALL)

    def show_message(self, text: str) -> None:
        self.status_label.setText(text)

    # check-in ------------------------------------------------------------------------------
    def save_checkin(self) -> bool:
        """Validate and save the form; on a UserError show it and keep every typed value."""
        try:
            at = self.form.at()
            if at is not None and not self._far_time_confirmed(at):
                return False
            change = self.journal.record(
                ratings=self.form.ratings(),
                values=self.form.values(),
                tags=self.form.tags(),
                note=self.form.note(),
                at=at,
            )
        except UserError as exc:
            _dialogs().warn(self, exc.message, self.tr("Cannot save the check-in"))
            return False
        self.drafting.timer.stop()
        self.form.clear()
        self.drafts.clear()
        self.apply_change(change)
        self.status_headline.after_save(change, self._dashboard)
        self.form.focus_first()
        self.probe_offer.after_checkin(change.ids[0])  # saved first: a probe never holds it up
        return True

    def _far_time_confirmed(self, at: datetime) -> bool:
        """A time more than 7 days back or in the future is asked about first (a stray arrow
        key once saved a "yesterday" check-in a year back); the form stays as typed on No."""
        now = datetime.now(at.tzinfo)
        if now - timedelta(days=7) <= at <= now + timedelta(minutes=1):
            return True
        from tracker.domain.words import plural

        days = plural(abs((at.date() - now.date()).days), "day")
        distance = (self.tr("%1 ago").replace("%1", days) if at < now
                    else self.tr("later today, in the future") if at.date() == now.date()
                    else self.tr("in %1, in the future").replace("%1", days))
        when = f"{at:%a} {at.day} {at:%b %Y}, {at:%H:%M}"
        return _dialogs().confirm(self, self.tr("Save for another day?"), self.tr(
            "Save this check-in for %1? That is %2.").replace("%1", when).replace("%2", distance))

    def undo(self) -> None:
        change = self.journal.undo()
        self.undo_button.hide()
        if change is None:
            self.show_message(self.tr("Nothing to undo."))
            sync_enabled(self)
            return
        self.apply_change(change)

    # window life ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        else:
            self.resize(1100, 760)
        tab = self.settings.last_tab
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else 0)

    def _save_geometry(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.last_tab = self.tabs.currentIndex()
        try:
            self.settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", type(exc).__name__)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.tabs.currentIndex() == self.CHECKIN_TAB:
            QTimer.singleShot(0, self.form.focus_first)

    def bring_to_front(self) -> None:
        """Another launch asked for this window (one window per data folder)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.drafting.timer.stop()
        if self.erased:
            self.closed = True
            event.accept()
            return
        if not self.form.is_empty():
            answer = _dialogs().ask_keep_draft(self)
            if answer == "cancel":
                event.ignore()
                return
            if answer == "keep":
                self.save_draft()
            else:
                self.drafts.clear()
        else:
            self.drafts.clear()
        self.outside.timer.stop()
        if self._reality is not None:
            self._reality.timer.stop()  # its prompts read the journal, which closes after us
        self.closed = True
        self.backup_status.at_close()
        self._save_geometry()
        event.accept()


def _put(holder: QWidget, widget: QWidget) -> None:
    """Show ``widget`` in a placeholder page (made with its layout)."""
    layout = holder.layout()
    assert layout is not None
    layout.addWidget(widget)
