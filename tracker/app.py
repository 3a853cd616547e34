"""Composition root for the GUI: paths → store/services → main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from tracker import APP_ID, APP_NAME
from tracker.errors import UserError
from tracker.paths import DataPaths

log = logging.getLogger(__name__)


def make_qapp():
    """The QApplication (created once), Fusion style, app names set."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_ID)  # lets Wayland match windows to the launcher and icon
    app.setStyle("Fusion")
    from tracker.ui.tray import app_icon

    app.setWindowIcon(app_icon())
    return app


def open_services(paths: DataPaths, ask_after_damage=None):
    """Journal, settings and draft store for ``paths`` (raises UserError if unusable).

    A damaged journal has been moved aside by then; ``ask_after_damage(error)`` (the GUI's
    question) answers ``"restore"`` (the newest good backup), ``"empty"`` (start anew) or
    ``"quit"`` (None is returned). Without it the ``JournalDamaged`` error propagates.
    """
    from tracker.services.backups import Backups, JournalDamaged, open_journal
    from tracker.services.drafts import DraftStore
    from tracker.settings import Settings

    settings = Settings.load(paths.settings)
    try:
        journal = open_journal(paths, settings)
    except JournalDamaged as damaged:
        if ask_after_damage is None:
            raise
        choice = ask_after_damage(damaged)
        if choice == "quit":
            return None
        if choice == "restore" and damaged.backup is not None:
            Backups(paths, settings).restore(damaged.backup.path)
        journal = open_journal(paths, settings)
    return journal, settings, DraftStore(paths.draft)


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


def run_gui(paths: DataPaths, exit_when_ready: bool = False) -> int:
    """Show the main window; ``exit_when_ready`` quits as soon as the form can save."""
    app = make_qapp()

    from tracker.ui.crash import install_excepthook

    install_excepthook(paths.logs)
    instance = claim_instance(paths)
    if isinstance(instance, int):
        return instance
    try:
        return _run_window(app, paths, instance, exit_when_ready)
    finally:
        instance.release()


def _run_window(app, paths: DataPaths, instance, exit_when_ready: bool) -> int:
    """The window first, then the database: a set-up journal's form appears before
    SQLAlchemy, the integrity check and any migration run (``Journal.open_deferred``)."""

    from tracker.services.drafts import DraftStore
    from tracker.services.journal import Journal
    from tracker.settings import Settings

    settings = Settings.load(paths.settings)
    journal = Journal.open_deferred(paths.root)
    if journal is not None and journal.skills():
        drafts = DraftStore(paths.draft)
    else:  # first run, migration due, damaged or unreadable: open (and explain) first
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

    from tracker.ui.habit import install_habit
    from tracker.ui.main_window import MainWindow

    window = MainWindow(journal, settings, drafts)
    window.add_habit(install_habit(window, journal, settings))
    instance.raise_requested.connect(lambda: _bring_forward(window))
    stamp = _Stamps(quit_after=exit_when_ready) if _timing_wanted() else None
    window.show()

    def finish_opening() -> None:
        if not journal.is_open and not _open_deferred_store(app, window, journal, paths,
                                                            settings):
            return
        if not journal.skills():  # the peek saw only archived skills
            journal.add_skill("Overall")
            window.data_changed.emit("skills")
        window.journal_opened()
        if stamp is not None:
            stamp.ready()
        elif exit_when_ready:
            app.quit()
        if not instance.listening:
            instance.listen()  # off the start-up path

    first_paint = _AfterFirstPaint(window, finish_opening)
    if stamp is not None:
        first_paint.also(stamp.painted_now)
    try:
        return app.exec()
    finally:
        journal.close()


def _open_or_explain(paths: DataPaths):
    """``open_services`` with the GUI's answers to a damaged or unusable journal."""
    from PySide6.QtWidgets import QMessageBox

    from tracker.ui.restore_dialog import offer_restore_after_damage

    try:
        return open_services(paths, offer_restore_after_damage)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return None


def _open_deferred_store(app, window, journal, paths: DataPaths, settings) -> bool:
    """Open a deferred journal's store behind the shown window; False if the app must quit.

    The peek could read the definitions, yet the integrity check can still find damage: the
    same question as at a normal start is asked (restore the newest backup, start empty, quit).
    """
    from PySide6.QtWidgets import QMessageBox

    from tracker.services.backups import Backups, JournalDamaged, damaged_advice
    from tracker.store.integrity import DamagedJournalError

    try:
        try:
            journal.store  # noqa: B018 - opening is the point
        except DamagedJournalError as error:
            from tracker.ui.restore_dialog import offer_restore_after_damage

            backups = Backups(paths, settings)
            good = backups.newest_good()
            choice = offer_restore_after_damage(JournalDamaged(
                damaged_advice(str(error), good), error.set_aside, good, str(error)))
            if choice == "quit":
                app.exit(2)
                return False
            if choice == "restore" and good is not None:
                backups.restore(good.path)
            journal.store  # noqa: B018 - a fresh (or restored) journal
            window.data_changed.emit("all")
    except UserError as exc:
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


class _Stamps:
    """Wall-clock stamps for ``benchmarks/bench_startup.py``: ``first_paint`` when the
    window has painted (the form takes keys), ``ready`` when the journal can save."""

    def __init__(self, quit_after: bool) -> None:
        self.quit_after = quit_after
        self.painted = self.opened = False

    def painted_now(self) -> None:
        self._say("first_paint")
        self.painted = True
        self._maybe_quit()

    def ready(self) -> None:
        self._say("ready")
        self.opened = True
        self._maybe_quit()

    def _say(self, what: str) -> None:
        import time

        print(f"{what}={time.time()}", file=sys.stderr, flush=True)

    def _maybe_quit(self) -> None:
        if self.quit_after and self.painted and self.opened:
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QApplication

            QTimer.singleShot(0, QApplication.quit)


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
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot write to {out_dir}: {exc.strerror or exc}.") from None
        return render(journal, settings, drafts, out_dir, size)
    finally:
        journal.close()
