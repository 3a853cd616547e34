"""Composition root for the GUI: paths → store/services → main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from tracker import APP_ID, APP_NAME, __version__
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
    app.setApplicationVersion(__version__)
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
    from tracker.services.privacy import LOCK_NAME
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
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from tracker.ui.restore_dialog import offer_restore_after_damage

    try:
        opened = open_services(paths, offer_restore_after_damage)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    if opened is None:
        return 2
    journal, settings, drafts = opened
    from tracker.ui.main_window import MainWindow

    shown: list = []

    def bring_forward() -> None:  # the welcome dialog while it is open, then the window
        from PySide6.QtWidgets import QApplication

        target = QApplication.activeModalWidget() or (shown[0] if shown else None)
        if target is not None:
            target.showNormal() if target.isMinimized() else target.show()
            target.raise_()
            target.activateWindow()

    instance.raise_requested.connect(bring_forward)
    if not exit_when_ready and not settings.welcome_done and not journal.skills(True):
        from tracker.ui.welcome import WelcomeDialog

        instance.listen()
        WelcomeDialog(journal, settings).exec()
    if not journal.skills():
        journal.add_skill("Overall")
    window = MainWindow(journal, settings, drafts)
    from tracker.ui.habit import install_habit

    window.add_habit(install_habit(window, journal, settings))
    shown.append(window)
    timing = _PaintStamp(window, quit_after=exit_when_ready) if _timing_wanted() else None
    window.show()
    if not instance.listening:
        QTimer.singleShot(0, instance.listen)  # after the first paint: off the start-up path
    if exit_when_ready and timing is None:
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        journal.close()


def _timing_wanted() -> bool:
    import os

    return bool(os.environ.get("TOUCHSTONE_TIMING"))


def _PaintStamp(window, quit_after: bool):  # noqa: N802 - a factory that reads like a class
    """Print wall-clock stamps at first paint (for ``benchmarks/bench_startup.py``).

    The journal is open before the window is shown, so the form can save at first paint:
    ``ready`` is stamped at the same moment.
    """
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Stamp(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                obj.removeEventFilter(self)
                now = time.time()
                print(f"first_paint={now}\nready={now}", file=sys.stderr, flush=True)
                if quit_after:
                    QTimer.singleShot(0, QApplication.quit)
            return False

    stamp = Stamp(window)
    window.installEventFilter(stamp)
    return stamp


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
