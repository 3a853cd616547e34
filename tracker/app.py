"""Composition root for the GUI: paths → store/services → main window.

Start-up order (``benchmarks/bench_startup.py`` times it): the window's first screen (the
check-in form, tab bar, menus, status bar) is built from a read-only peek at the journal's
definitions and painted; just after that paint the store opens (SQLAlchemy) and the form can
save (``ready``); then the known tags and the count, the log file (records wait in memory
until then), History, Reality, tray, reminders, the crash handler and the icon follow. Until
then ``tracker.startup_imports.StartupSpeed`` holds (the garbage collector waits, PySide6's
import hooks are spared); it says why and what each trick buys.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import APP_ID, APP_NAME
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.startup_imports import StartupSpeed

if TYPE_CHECKING:  # Qt loads inside make_qapp, after the start-up tricks are set
    from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


def make_qapp(icon: bool = True) -> QApplication:
    """The QApplication (created once), Fusion style, app names set; ``icon=False`` leaves
    the window icon for later (``set_app_icon``), off the path to the first paint."""
    from PySide6.QtWidgets import QApplication

    from tracker.ui.style import mark_fusion

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else None  # (typed QCoreApplication)
    if app is None:
        # Qt's own "-style" option: Fusion without a style object reaching Python before the
        # first paint (its wrapper builds 11 enum classes); it wins over QT_STYLE_OVERRIDE
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    else:
        app.setStyle("Fusion")
    mark_fusion(app)  # the focus ring's style follows the first paint (``finish``)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # lets Wayland match windows to the launcher and icon
    if icon:
        set_app_icon(app)
    return app


def set_app_icon(app) -> None:
    """Every window's icon (from ``resources/icons``)."""
    from tracker.ui.tray import app_icon

    app.setWindowIcon(app_icon())


def open_services(paths: DataPaths, ask_after_damage=None):
    """Journal, settings and draft store for ``paths`` (raises UserError if unusable).

    A damaged journal has been moved aside by then; ``ask_after_damage(error)`` (the GUI's
    question) answers ``"restore"`` (the newest good backup), ``"alone"`` (the journal
    without its stray -wal), ``"empty"`` (start anew) or ``"quit"`` (None is returned).
    Without it the ``JournalDamaged`` error propagates.
    """
    from tracker.services.backups import JournalDamaged, open_journal
    from tracker.services.drafts import drafts_for
    from tracker.settings import Settings

    settings = Settings.load(paths.settings)
    try:
        journal = open_journal(paths, settings)
    except JournalDamaged as damaged:
        if ask_after_damage is None:
            raise
        if not _recover(paths, settings, damaged, ask_after_damage(damaged)):
            return None
        journal = open_journal(paths, settings)
    return journal, settings, drafts_for(paths)


def _recover(paths: DataPaths, settings, damaged, choice: str) -> bool:
    """Carry out the answer to a damaged journal (``damaged``, a ``JournalDamaged``): restore
    the newest good backup, the journal without its stray -wal, or start empty; False for
    quit. The one place both starts (``open_services``, a deferred store) do it."""
    from tracker.services.backups import Backups

    if choice == "quit":
        return False
    if choice == "restore" and damaged.backup is not None:
        Backups(paths, settings).restore(damaged.backup.path)
    elif choice == "alone" and damaged.alone is not None:
        Backups(paths, settings).restore(damaged.alone)
    elif choice == "empty":
        _start_empty(paths, settings, damaged.set_aside)
    return True


def _start_empty(paths: DataPaths, settings, damaged_copy: Path) -> None:
    """The new, empty journal after a damaged one: encrypted under the same key if that one
    was, so starting over does not turn encryption off."""
    from tracker.services.backups import open_journal
    from tracker.services.encryption import keep_encrypted_after_damage

    open_journal(paths, settings).close()
    keep_encrypted_after_damage(paths, damaged_copy)


def claim_instance(paths: DataPaths):
    """The data folder's single-instance guard, or an exit code when another window has it."""
    from tracker.paths import LOCK_NAME
    from tracker.ui.single_instance import SingleInstance

    instance = SingleInstance(paths.root, paths.root / LOCK_NAME)
    if instance.acquire():
        return instance
    if instance.ask_running_to_raise():
        print(f"Touchstone is already open for {paths.root}; its window was brought to the "
              "front.", flush=True)
        return 0
    pid = instance.holder_pid()
    print(f"touchstone: Touchstone is already running for {paths.root} (process {pid}) but "
          "did not answer. Close it, or try again in a moment.", file=sys.stderr, flush=True)
    return 2


def open_window(data_dir: Path | None, exit_when_ready: bool = False) -> int:
    """``touchstone`` without a command: the data folder (created if need be), logging, then
    the window. ``commands.session`` does the same for the commands (and ``--demo``); the
    window's start-up needs none of their modules."""
    from tracker.logs import hold_records, write_held_records
    from tracker.paths import default_data_dir

    paths = DataPaths(Path(data_dir or default_data_dir()))
    try:
        paths.ensure()
    except OSError as exc:
        reason = exc.strerror or exc
        raise UserError(f"Cannot use the data folder {paths.root}: {reason}.") from None
    except UserError as exc:  # another user's folder or file: say it in a dialog too
        if _no_display_reason() is None:
            from PySide6.QtWidgets import QMessageBox

            make_qapp()
            QMessageBox.critical(None, APP_NAME, str(exc))
        raise
    # records wait in memory until the log file opens, just after the first paint (if the
    # folder cannot be used the window still opens; nothing is logged)
    hold_records()
    try:
        return run_gui(paths, exit_when_ready)
    finally:
        write_held_records(paths.logs)


def run_gui(paths: DataPaths, exit_when_ready: bool = False) -> int:
    """Show the main window; ``exit_when_ready`` quits once the start-up is complete (the form
    could save from the ``ready`` stamp on)."""
    why = _no_display_reason()
    if why:
        raise UserError(why)
    speed = StartupSpeed.begin()  # ends once the window is complete (``finish``) or here
    try:
        app = make_qapp(icon=False)
        _crash_handler_when_needed(paths.logs)
        instance = claim_instance(paths)
        if isinstance(instance, int):
            return instance
        try:
            return _run_window(app, paths, instance, exit_when_ready, speed)
        finally:
            instance.release()
    finally:
        speed.end()


def _no_display_reason() -> str | None:
    """Why no window can open here, or None: on Linux, Qt aborts the process when the display
    it is told to use (or would pick) is not set, after a message about plug-ins."""
    import os

    if sys.platform != "linux":
        return None
    wanted = os.environ.get("QT_QPA_PLATFORM") or "wayland;xcb"  # Qt's fallbacks, in order
    for plugin in wanted.split(";"):
        name = plugin.partition(":")[0].strip()
        if name.startswith("wayland"):
            usable = bool(os.environ.get("WAYLAND_DISPLAY"))
        elif name == "xcb":
            usable = bool(os.environ.get("DISPLAY"))
        else:
            usable = True  # offscreen, vnc, eglfs …: Qt's own business
        if usable:
            return None
    return ("No display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set, as "
            "in an SSH session or a service). The commands work without one: see "
            "touchstone --help.")


def _crash_handler_when_needed(logs: Path) -> None:
    """The crash handler (``tracker.ui.crash``), loaded by the first uncaught exception or
    once the window is complete, whichever comes first."""

    def first_exception(kind, exc, tb) -> None:
        from tracker.logs import write_held_records
        from tracker.ui.crash import install_excepthook

        write_held_records(logs)
        install_excepthook(logs)
        sys.excepthook(kind, exc, tb)

    sys.excepthook = first_exception


def _run_window(app, paths: DataPaths, instance, exit_when_ready: bool, speed) -> int:
    """The window first, then the database: a set-up journal's form appears before
    SQLAlchemy, the integrity check and any migration run (``Journal.open_deferred``)."""

    from tracker.services.drafts import drafts_for
    from tracker.services.journal import Journal
    from tracker.settings import Settings

    settings = Settings.load(paths.settings)
    from tracker.ui.style import apply_style

    apply_style(app, settings.theme)  # before any window: the passphrase, the welcome
    try:
        if not _unlocked(paths, settings):
            return 0  # the user chose Quit at the passphrase question
    except UserError as exc:  # e.g. a journal path that is a FIFO, refused unopened
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    journal = Journal.open_deferred(paths.root, lambda: _backup_folders(paths, settings))
    if journal is not None and journal.skills():
        drafts = drafts_for(paths)
    else:  # first run, migration due, damaged or unreadable: open (and explain) first
        set_app_icon(app)
        opened = _open_or_explain(paths)
        if opened is None:
            return 2
        journal, settings, drafts = opened
        if not exit_when_ready and not settings.welcome_done and not journal.skills(True):
            from tracker.ui.welcome import WelcomeDialog

            instance.listen()
            WelcomeDialog(journal, settings).exec()
        if not journal.skills():
            journal.add_skill("Overall")

    from tracker.ui import lifetime
    from tracker.ui.main_window import MainWindow

    # the first screen only (the form); the rest is built just after the first paint
    window = MainWindow(journal, settings, drafts, defer_rest=True)
    instance.raise_requested.connect(lambda: _bring_forward(window))
    stamp = _timing_wanted()
    window.show()

    def open_journal() -> None:
        """Just after the first paint: open the store, so the form can save."""
        from tracker.services.changes import ChangeKind

        if not journal.is_open and not _open_deferred_store(app, window, journal, paths,
                                                            settings):
            return
        if not journal.skills() and not paths.read_only():  # the peek saw only archived ones
            journal.add_skill("Overall")
            window.data_changed.emit(ChangeKind.SKILLS)
        if stamp:
            _say("ready")
        lifetime.later(window, journal, finish)  # events that came in meanwhile (keys) go first

    def finish() -> None:
        """The rest of the window: what needed the database (known tags, the count), the log
        file (with the records held so far), History, Reality, tray, reminders, the icon."""
        from tracker.logs import write_held_records
        from tracker.services.changes import ChangeKind
        from tracker.ui.crash import install_excepthook
        from tracker.ui.settings_and_help import install_settings_and_help
        from tracker.ui.style import use_focus_ring
        from tracker.ui.tray_and_reminders import install_tray_and_reminders

        use_focus_ring(app)  # before any keyboard move can show it
        window.journal_opened()
        if journal.definitions_changed_since_start():  # a kept copy gone stale (rare)
            window.data_changed.emit(ChangeKind.SKILLS)
        write_held_records(paths.logs)
        install_excepthook(paths.logs)
        window.finish_start_up()
        companions = install_tray_and_reminders(window, journal, settings)
        window.add_settings_and_help(install_settings_and_help(window, journal, settings,
                                                               companions))
        why = paths.read_only()
        if why:
            from tracker.ui.read_only_mode import apply_read_only

            apply_read_only(window, str(paths.root), why)
        set_app_icon(app)
        if not instance.listening:
            instance.listen()
        speed.end()
        if exit_when_ready:
            app.quit()

    first_paint = _AfterFirstPaint(window, open_journal)
    if stamp:
        first_paint.also(lambda: _say("first_paint"))
    try:
        return app.exec()
    finally:
        journal.close(remember_definitions=True)  # the next start's form needs no SQLite


def _unlocked(paths: DataPaths, settings) -> bool:
    """An encrypted journal is unlocked before anything reads it (keyring or passphrase)."""
    from tracker.store.header import is_encrypted

    if not is_encrypted(paths.database):
        return True  # the common case costs one 16-byte read
    from tracker.ui.unlock import unlock_at_start

    return unlock_at_start(paths, settings)


def _open_or_explain(paths: DataPaths):
    """``open_services`` with the GUI's answers to a damaged or unusable journal."""
    from PySide6.QtWidgets import QMessageBox

    from tracker.ui.restore_dialog import offer_restore_after_damage

    try:
        return open_services(paths, offer_restore_after_damage)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def _backup_folders(paths: DataPaths, settings) -> list[Path]:
    """The backup folders a stray -wal is judged against (the settings' one too)."""
    from tracker.services.backups import Backups

    return Backups(paths, settings).folders()


def _open_deferred_store(app, window, journal, paths: DataPaths, settings) -> bool:
    """Open a deferred journal's store behind the shown window; False if the app must quit.

    The peek could read the definitions, yet the integrity check can still find damage: the
    same question as at a normal start is asked, and answered by the same ``_recover``.
    """
    from tracker.services.changes import ChangeKind
    from tracker.store.integrity import DamagedJournalError

    try:
        try:
            journal.store  # noqa: B018 - opening is the point
        except DamagedJournalError as error:
            from tracker.services.backups import Backups, damaged
            from tracker.ui.restore_dialog import offer_restore_after_damage

            report = damaged(error, Backups(paths, settings))
            if not _recover(paths, settings, report, offer_restore_after_damage(report)):
                app.exit(2)
                return False
            journal.store  # noqa: B018 - a fresh (or restored) journal
            window.data_changed.emit(ChangeKind.ALL)
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, APP_NAME, str(exc))
        app.exit(2)
        return False
    return True


def _bring_forward(window) -> None:
    """Raise the welcome dialog while it is open, else the main window."""
    from PySide6.QtWidgets import QApplication

    target = QApplication.activeModalWidget() or window
    target.showNormal() if target.isMinimized() else target.show()
    target.raise_()
    target.activateWindow()


def _timing_wanted() -> bool:
    import os

    return bool(os.environ.get("TOUCHSTONE_TIMING"))


class _AfterFirstPaint:
    """Run ``callback`` once, just after ``window`` first paints (or after a second, if a
    window manager never lets it paint): the database opens while the form is on screen."""

    def __init__(self, window, callback) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.callbacks = [callback]
        self.done = False
        owner = self

        class Spy(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    obj.removeEventFilter(self)
                    QTimer.singleShot(0, owner.run)
                return False

        self.spy = Spy(window)
        window.installEventFilter(self.spy)
        QTimer.singleShot(1000, self.run)

    def also(self, callback) -> None:
        """Call ``callback`` at the first paint too, before the others."""
        self.callbacks.insert(0, callback)

    def run(self) -> None:
        if self.done:
            return
        self.done = True
        for callback in self.callbacks:
            callback()


def _say(what: str) -> None:
    """A wall-clock stamp for ``benchmarks/bench_startup.py``: ``first_paint`` when the window
    has painted (the form takes keys), ``ready`` when the journal is open and the form can
    save."""
    import time

    print(f"{what}={time.time()}", file=sys.stderr, flush=True)


def render_screenshots(paths: DataPaths, out_dir: Path, size: tuple[int, int]) -> list[Path]:
    """Render every window offscreen to PNG files in ``out_dir``."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    make_qapp()
    from tracker.ui.screenshots import render_screenshots as render

    journal, settings, drafts = open_services(paths)
    try:
        if not journal.skills():
            journal.add_skill("Overall")
        try:
            out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot write to {out_dir}: {exc.strerror or exc}.") from None
        return render(journal, settings, drafts, out_dir, size)
    finally:
        journal.close()
