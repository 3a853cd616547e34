"""The Settings dialog's Privacy page: encryption on/off, the passphrase, keyring, auto-lock.

Switching runs through ``switch(action)``, given by the main window: it closes the journal,
runs the service call and opens the journal again. Without it (no window around) the switch
buttons are disabled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.words import pick
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.services import encryption, remembered_key
from tracker.services.encryption import SwitchResult
from tracker.settings import Settings
from tracker.ui import dialogs
from tracker.ui.passphrase_dialog import NewPassphraseDialog, UnlockDialog

Switch = Callable[[Callable[[], SwitchResult]], SwitchResult | None]


class PrivacyPage(QWidget):
    """Encryption status and actions; ``apply(settings)`` stores the two options."""

    def __init__(self, paths: DataPaths, settings: Settings, switch: Switch | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.settings, self.switch = paths, settings, switch
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Encryption status"))
        self.encrypt_button = self._button(self.tr("&Encrypt the journal…"), self.encrypt)
        self.change_button = self._button(self.tr("C&hange passphrase…"), self.change)
        self.decrypt_button = self._button(self.tr("&Turn encryption off…"), self.decrypt)
        self.remember = QCheckBox(self.tr(
            "Re&member the key in the system keyring (no passphrase asked at start)"), self)
        self.remember.setAccessibleName(self.tr("Remember the key in the system keyring"))
        self.auto_lock = QSpinBox(self)
        self.auto_lock.setRange(0, 24 * 60)
        self.auto_lock.setSingleStep(5)
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.auto_lock.setAccessibleName(self.tr("Lock after this long without input"))
        row = QHBoxLayout()
        for button in (self.encrypt_button, self.change_button, self.decrypt_button):
            row.addWidget(button)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("&Lock after idle"), self.auto_lock)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.remember)
        layout.addLayout(form)
        hint = QLabel(encryption.EXPORT_WARNING, self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addStretch(1)
        self.remember.setChecked(settings.remember_key)
        self.auto_lock.setValue(max(0, settings.auto_lock_minutes))
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        """Show what is true now and offer what can be done."""
        available = encryption.available()
        encrypted = encryption.is_encrypted(self.paths)
        if encrypted:
            text = self.tr("Your journal and its backups are encrypted (SQLCipher, AES-256). "
                           "Without the passphrase nobody can read them.")
        elif available:
            text = self.tr("Your journal is not encrypted: only your account's file "
                           "permissions protect it.")
        else:
            text = self.tr("Your journal is not encrypted, and encryption is not installed: "
                           'pip install "touchstone[encryption]".')
        self.status.setText(text)
        can_switch = available and self.switch is not None
        self.encrypt_button.setVisible(not encrypted)
        self.encrypt_button.setEnabled(can_switch)
        self.change_button.setVisible(encrypted)
        self.decrypt_button.setVisible(encrypted)
        self.change_button.setEnabled(can_switch)
        self.decrypt_button.setEnabled(can_switch)
        self.remember.setEnabled(encrypted and remembered_key.available())
        self.auto_lock.setEnabled(encrypted)
        if not encrypted:
            hint = self.tr("Available once the journal is encrypted.")
        elif not remembered_key.available():
            hint = self.tr('Needs the keyring package: pip install "touchstone[encryption]".')
        else:
            hint = ""
        self.remember.setToolTip(hint)
        self.auto_lock.setToolTip("" if encrypted else hint)

    # actions ---------------------------------------------------------------------------
    def encrypt(self) -> bool:
        chooser = NewPassphraseDialog(self)
        if chooser.exec() != NewPassphraseDialog.DialogCode.Accepted:
            return False
        passphrase = chooser.passphrase()
        return self._run(lambda: encryption.encrypt(self.paths, self.settings, passphrase),
                         self.tr("The journal and its backups are now encrypted."))

    def change(self) -> bool:
        if not self._confirm_current():
            return False
        chooser = NewPassphraseDialog(self, title=self.tr("Change passphrase"))
        if chooser.exec() != NewPassphraseDialog.DialogCode.Accepted:
            return False
        passphrase = chooser.passphrase()
        return self._run(
            lambda: encryption.change_passphrase(self.paths, self.settings, passphrase),
            self.tr("The passphrase was changed; the backups now use it too."))

    def decrypt(self) -> bool:
        if not dialogs.confirm(self, self.tr("Turn encryption off"), self.tr(
                "The journal and its backups will be stored unencrypted: anyone who can read "
                "your files can read them. Turn encryption off?")):
            return False
        if not self._confirm_current():
            return False
        return self._run(lambda: encryption.decrypt(self.paths, self.settings),
                         self.tr("Encryption is off."))

    def _confirm_current(self) -> bool:
        dialog = UnlockDialog(
            self.tr("Enter the current passphrase."),
            lambda p: encryption.verify_passphrase(self.paths, p), self,
            title=self.tr("Current passphrase"))
        return dialog.exec() == UnlockDialog.DialogCode.Accepted

    def _run(self, action: Callable[[], SwitchResult], done: str) -> bool:
        assert self.switch is not None
        try:
            result = self.switch(action)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Encryption"))
            self.refresh()
            return False
        self.refresh()
        if result is None:
            return False
        text = done
        if result.backups_left:
            text += " " + pick(
                len(result.backups_left),
                self.tr("%1 backup (under an earlier passphrase, or unreadable) was left as it "
                        "was."),
                self.tr("%1 backups (under an earlier passphrase, or unreadable) were left as "
                        "they were."))
        if result.set_aside_left:
            text += " " + pick(
                len(result.set_aside_left),
                self.tr("Not encrypted: %1 damaged copy set aside earlier (%2); delete it if "
                        "you no longer need it."),
                self.tr("Not encrypted: %1 damaged copies set aside earlier (%2); delete them "
                        "if you no longer need them.")).replace(
                "%2", ", ".join(p.name for p in result.set_aside_left))
        dialogs.info(self, text, self.tr("Encryption"))
        return True

    # settings --------------------------------------------------------------------------
    def apply(self, settings: Settings) -> bool:
        """Store the options; remembering the key is tried now (False with a message)."""
        want = self.remember.isChecked() and encryption.is_encrypted(self.paths)
        try:
            if want and not settings.remember_key:
                remembered_key.remember(self.paths)
            elif not want and settings.remember_key:
                remembered_key.forget(self.paths)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("System keyring"))
            return False
        settings.remember_key = want
        settings.auto_lock_minutes = self.auto_lock.value()
        return True
