"""The window on a data folder that cannot be written (read-only media, an immutable folder,
no write permission): everything can be looked at and exported; a banner says why nothing
can be saved, and every control that writes is disabled or hidden. Should one still be
reached, the journal itself refuses the write with the same explanation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QLabel, QSizePolicy, QToolBar, QWidget

if TYPE_CHECKING:  # the checker only: the window module imports this one
    from tracker.ui.main_window import MainWindow

from tracker.ui.text import translator

tr = translator("ReadOnlyMode")


# the window's actions that change the journal, its backups, settings or files
WRITING_ACTIONS = ("manage_action", "import_action", "import_other_action", "backup_action",
                   "restore_action", "backup_folder_action", "erase_all_action",
                   "undo_action", "erase_action", "probe_action", "add_outcome_action",
                   "import_outcomes_action")


def apply_read_only(window: MainWindow, folder: str, why: str) -> QLabel:
    """Put ``window`` in read-only mode (once its menus, History and Reality exist); the
    banner is returned."""
    banner = QLabel(tr(
        "Read-only: the data folder cannot be written (%1). You can look at everything and "
        "export it; nothing can be saved or changed here.").replace("%1", why), window)
    banner.setToolTip(folder)
    banner.setObjectName("readOnlyBanner")
    banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    banner.setStyleSheet("QLabel#readOnlyBanner { background: #fff3cd; color: #4d3800; "
                         "padding: 8px 12px; border-bottom: 1px solid #e0c56e; }")
    bar = QToolBar(tr("Read-only"), window)
    bar.setObjectName("readOnlyBar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setEnabled(False)
    bar.addWidget(banner)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.show()  # added to a window already on screen
    window.setWindowTitle(tr("%1 (read-only)").replace("%1", window.windowTitle()))
    window.statusBar().addPermanentWidget(QLabel(tr("Read-only"), window))

    window.form.setEnabled(False)  # the check-in form: nothing to save it into
    for name in WRITING_ACTIONS:
        action = getattr(window, name, None)
        if action is not None:
            action.setEnabled(False)
    extras = getattr(window, "settings_and_help", None)
    if extras is not None:
        extras.settings_action.setEnabled(False)  # settings are a file in that folder
    history = window.history
    history.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    controls: list[QWidget | QAction] = [history.edit_button, history.delete_button,
                                         *history.row_actions]
    for control in controls:
        control.setVisible(False)
    reality = window.reality
    reality.timer.stop()  # no prompt to record what could not be saved
    for action in (reality.log_action, reality.resolve_action, reality.rerate_action):
        action.setEnabled(False)
    return banner
