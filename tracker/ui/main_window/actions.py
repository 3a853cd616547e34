"""The main window's menu actions as data: one table of id, text, menu, shortcut, handler and
enabled-when, built into ``QAction``s by ``build_menu_bar`` and ``fill_menus``.

Each action is also the window's attribute ``<id>_action`` (the read-only mode, the tray and
Reality find them there). Texts are translated in the ``MainWindow`` context when built.
Actions other modules add (Reality's menu, Settings…, How to read this) are theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QAction, QKeySequence

from tracker.ui.buttons import text_action

if TYPE_CHECKING:
    from tracker.ui.main_window.host import WindowHost


@dataclass(frozen=True)
class ActionSpec:
    """One menu action: ``menu`` is ``bar`` (on the menu bar itself, built before the first
    paint), ``file``, ``edit``, ``view`` or ``help``; ``separator_before`` draws a line above
    it; ``shortcut`` is a standard key or a fixed one (``"Ctrl+1"``)."""

    id: str
    text: str
    menu: str
    handler: Callable[[WindowHost], object]
    shortcut: QKeySequence.StandardKey | str | None = None
    enabled_when: Callable[[WindowHost], bool] | None = None
    separator_before: bool = False
    fallback: str = ""  # the shortcut where the desktop defines no standard key for it


def _t(text: str) -> str:
    return str(QT_TRANSLATE_NOOP("MainWindow", text))  # the text itself, marked for lupdate


def _show_tab(index: int) -> Callable[[WindowHost], object]:
    return lambda window: window.tabs.setCurrentIndex(index)


def _add_outcome(window: WindowHost) -> object:
    from tracker.ui.outcomes.flows import open_add_outcome  # loaded when first used

    return open_add_outcome(window)


def _import_outcomes(window: WindowHost) -> object:
    from tracker.ui.outcomes.flows import import_outcomes

    return import_outcomes(window)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("manage", _t("&Skills && factors…"), "bar", lambda w: w.open_manage()),
    ActionSpec("probe", _t("&Measure now…"), "bar", lambda w: w.probe_offer.open(),
               shortcut="Ctrl+Shift+M"),
    ActionSpec("export", _t("&Export…"), "file", lambda w: w.transfer.export_data()),
    ActionSpec("import", _t("&Import…"), "file", lambda w: w.transfer.import_data()),
    ActionSpec("import_other", _t("Import from another &app…"), "file",
               lambda w: w.transfer.import_other()),
    ActionSpec("add_outcome", _t("Add o&utcome…"), "file", lambda w: _add_outcome(w),
               shortcut="Ctrl+Shift+O", separator_before=True),
    ActionSpec("import_outcomes", _t("Import ou&tcomes…"), "file",
               lambda w: _import_outcomes(w)),
    ActionSpec("outcome_sources", _t("&Outcome sources…"), "file",
               lambda w: w.outcome_sources.open_dialog()),
    ActionSpec("backup", _t("&Back up now"), "file",
               lambda w: w.backup_status.start_background_backup(force=True),
               separator_before=True),
    ActionSpec("restore", _t("&Restore from backup…"), "file",
               lambda w: w.backup_status.open_restore_dialog()),
    ActionSpec("backup_folder", _t("Backup &folder…"), "file",
               lambda w: w.backup_status.choose_folder()),
    ActionSpec("erase_all", _t("&Delete all my data…"), "file",
               lambda w: w.privacy.delete_all_data(), separator_before=True),
    ActionSpec("quit", _t("&Quit"), "file", lambda w: w.close(),
               shortcut=QKeySequence.StandardKey.Quit, fallback="Ctrl+Q", separator_before=True),
    ActionSpec("undo", _t("&Undo delete"), "edit", lambda w: w.undo(),
               shortcut=QKeySequence.StandardKey.Undo,
               enabled_when=lambda w: w.journal.can_undo()),
    ActionSpec("erase", _t("&Erase selected check-in permanently…"), "edit",
               lambda w: w.privacy.erase_selected_permanently()),
    # View: one row per tab, Ctrl+1 … Ctrl+4 from anywhere in the window (no other key uses them)
    *(ActionSpec(f"tab_{index}", text, "view", _show_tab(index), shortcut=f"Ctrl+{index + 1}")
      for index, text in enumerate((_t("&Check in"), _t("&History"), _t("&Dashboard"),
                                    _t("&Reality")))),
    ActionSpec("about", _t("&About Touchstone"), "help", lambda w: w.show_about()),
)

MENU_TITLES = (("file", _t("&File")), ("edit", _t("&Edit")), ("view", _t("&View")),
               ("help", _t("&Help")))


def _make(window: WindowHost, spec: ActionSpec) -> QAction:
    text = window.tr(spec.text)
    parent = window.widget
    action = text_action(text, parent) if spec.menu == "bar" else QAction(text, parent)
    if spec.shortcut is not None:
        keys = QKeySequence(spec.shortcut)
        action.setShortcut(keys if not keys.isEmpty() or not spec.fallback
                           else QKeySequence(spec.fallback))
    action.triggered.connect(lambda _checked=False, spec=spec: spec.handler(window))
    if spec.enabled_when is not None:
        action.setEnabled(spec.enabled_when(window))
    setattr(window, f"{spec.id}_action", action)
    window.actions_by_id[spec.id] = action
    return action


def build_menu_bar(window: WindowHost) -> None:
    """The menu bar's titles and its own actions (before the first paint); the menus fill
    just after it, or when one opens (``fill_menus``)."""
    bar = window.menuBar()
    for key, title in MENU_TITLES:
        menu = bar.addMenu(window.tr(title))
        setattr(window, f"{key}_menu", menu)
        if key == "view":  # the bar's own actions stand between View and Help
            for spec in ACTIONS:
                if spec.menu == "bar":
                    bar.addAction(_make(window, spec))
        menu.aboutToShow.connect(lambda: fill_menus(window))


def fill_menus(window: WindowHost) -> None:
    """The menus' actions, once: just after the first paint, or when a menu opens."""
    if window.menus_filled:
        return
    window.menus_filled = True
    for spec in ACTIONS:
        if spec.menu == "bar":
            continue
        menu = getattr(window, f"{spec.menu}_menu")
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(_make(window, spec))


def sync_enabled(window: WindowHost) -> None:
    """Enable or disable each built action by its ``enabled_when`` (after a change)."""
    if not window.menus_filled:
        return
    for spec in ACTIONS:
        action = window.actions_by_id.get(spec.id)
        if spec.enabled_when is not None and action is not None:
            action.setEnabled(spec.enabled_when(window))
