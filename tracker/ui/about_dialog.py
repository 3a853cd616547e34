"""AboutDialog: version, where the data lives, licence. Everything selectable, nothing online."""

from __future__ import annotations

import html
import sys
from pathlib import Path

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from tracker import APP_NAME, __version__
from tracker.ui.tray import app_icon

LICENCE = "MIT"
TEXT_WIDTH = 420


class AboutDialog(QDialog):
    """Touchstone's version, the data directory and the licence."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Touchstone"))
        self.setWindowIcon(app_icon())
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAccessibleName(self.tr("Touchstone icon"))
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.text.setAccessibleName(self.tr("About Touchstone"))
        self.text.setText(self.tr(
            "<h3>%1 %2</h3>"
            "<p>A private, offline journal that shows how much your state clouds your judgment "
            "of your own skill.</p>"
            "<p><b>Your data</b> stays on this computer, in:<br><code>%3</code></p>"
            "<p><b>Licence:</b> %4. Free to use, change and share.</p>"
            "<p><small>Python %5 · Qt %6</small></p>")
            .replace("%1", APP_NAME).replace("%2", html.escape(__version__))
            .replace("%3", html.escape(str(data_dir))).replace("%4", LICENCE)
            .replace("%5", sys.version.split()[0]).replace("%6", qVersion()))
        self.text.setAccessibleDescription(self.text.text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        # a wrapped label gets its full height at a known width (else clipped at 200 %)
        self.text.setMinimumWidth(TEXT_WIDTH)
        self.text.setMinimumHeight(self.text.heightForWidth(TEXT_WIDTH))
        close.setFocus()
