"""Unlocking an encrypted journal in the GUI: at start, and again after an idle lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tracker.paths import DataPaths
from tracker.services import encryption, remembered_key
from tracker.settings import Settings


def unlock_at_start(paths: DataPaths, settings: Settings, parent: QWidget | None = None) -> bool:
    """Unlock the journal if it is encrypted: from the keyring when remembered, else by asking.

    False when the user chose Quit (or encryption is not installed, after saying so).
    """
    if not encryption.is_locked(paths):
        return True
    if not encryption.available():
        from tracker.ui import dialogs

        dialogs.warn(parent, encryption.EncryptionUnavailable(
            "This journal is encrypted.").args[0])
        return False
    if settings.remember_key and remembered_key.unlock(paths):
        return True
    return ask_passphrase(paths, parent)


def ask_passphrase(paths: DataPaths, parent: QWidget | None = None) -> bool:
    """The unlock dialog for the journal in ``paths``; True once unlocked."""
    from tracker.ui.passphrase_dialog import UnlockDialog

    dialog = UnlockDialog(
        QApplication.translate("unlock", "Your journal in %1 is encrypted. Enter its "
                               "passphrase.").replace("%1", str(paths.root)),
        lambda passphrase: encryption.unlock(paths, passphrase), parent,
        reject_text=QApplication.translate("unlock", "&Quit"))
    return dialog.exec() == UnlockDialog.DialogCode.Accepted


class IdleLock(QObject):
    """Calls ``on_idle`` after ``minutes`` without keyboard or mouse input in the application.

    ``minutes <= 0`` turns it off. Input restarts the countdown; the timer lives on the GUI
    thread, so ``on_idle`` runs there.
    """

    _INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
              QEvent.Type.Wheel, QEvent.Type.TouchBegin}

    def __init__(self, on_idle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # remainingTime() is exact
        self.timer.timeout.connect(self._fire)
        self._installed = False

    def set_minutes(self, minutes: int) -> None:
        """Start (or restart) the countdown; 0 stops it."""
        app = QApplication.instance()
        if minutes <= 0:
            self.timer.stop()
            if self._installed and app is not None:
                app.removeEventFilter(self)
                self._installed = False
            return
        self.timer.setInterval(minutes * 60_000)
        if not self._installed and app is not None:
            app.installEventFilter(self)
            self._installed = True
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in self._INPUT and self.timer.interval() > 0 and self._installed:
            self.timer.start()  # restart the countdown
        return False

    def _fire(self) -> None:
        self._on_idle()
