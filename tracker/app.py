"""Composition root for the GUI: paths → store/services → main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from tracker import APP_NAME, __version__
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
    app.setStyle("Fusion")
    return app


def open_services(paths: DataPaths):
    """Journal, settings and draft store for ``paths`` (raises UserError if unusable)."""
    from tracker.services.drafts import DraftStore
    from tracker.services.journal import Journal
    from tracker.settings import Settings

    journal = Journal.open(paths.root)
    return journal, Settings.load(paths.settings), DraftStore(paths.draft)


def run_gui(paths: DataPaths, exit_when_ready: bool = False) -> int:
    """Show the main window; ``exit_when_ready`` quits as soon as the form can save."""
    app = make_qapp()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from tracker.ui.crash import install_excepthook

    install_excepthook(paths.logs)
    try:
        journal, settings, drafts = open_services(paths)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    from tracker.ui.main_window import MainWindow

    if not exit_when_ready and not settings.welcome_done and not journal.skills(True):
        from tracker.ui.welcome import WelcomeDialog

        WelcomeDialog(journal, settings).exec()
    if not journal.skills():
        journal.add_skill("Overall")
    window = MainWindow(journal, settings, drafts)
    timing = _PaintStamp(window, quit_after=exit_when_ready) if _timing_wanted() else None
    window.show()
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
