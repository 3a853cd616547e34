"""MethodsPage: "How to read this", docs/METHODS.md rendered in the app.

The file is found beside ``resources/`` both from source (the repository) and frozen
(PyInstaller puts ``docs/METHODS.md`` next to ``resources/`` in the bundle).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from tracker.paths import resources_dir
from tracker.ui.style import mark_hint


def docs_dir() -> Path:
    """Where the documentation lives, from source or frozen."""
    return resources_dir().parent / "docs"


def methods_file() -> Path:
    return docs_dir() / "METHODS.md"


def methods_markdown() -> str | None:
    """The text of METHODS.md, or None when it is missing from this installation."""
    try:
        return methods_file().read_text(encoding="utf-8")
    except OSError:
        return None


class MethodsPage(QDialog):
    """A read-only page with every formula the dashboard and report use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("How to read this"))
        intro = QLabel(self.tr(
            "Every number Touchstone shows, and how it is computed. Associations are not causes; "
            "an interval that crosses zero means the data cannot yet tell."), self)
        intro.setWordWrap(True)
        mark_hint(intro)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # offline: no link leaves the app
        self.browser.setAccessibleName(self.tr("How to read this: methods"))
        self.browser.document().setDocumentMargin(12)
        text = methods_markdown()
        if text is None:
            self.browser.setPlainText(self.tr(
                "The methods document is missing from this installation (%1).").replace(
                    "%1", str(methods_file())))
        else:
            self.browser.setMarkdown(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(760, 640)
        self.browser.setFocus()
