"""DocPage: "How to read this", the documents of ``docs/`` rendered in the app.

One renderer for every document: the user guide (docs/GUIDE.md, what F1 opens) and the methods
for statisticians (docs/METHODS.md, linked from the guide). Relative links between them and
the guide's pictures (docs/screenshots/) resolve inside the app; no link leaves it. The folder
is found beside ``resources/`` both from source (the repository) and frozen (PyInstaller puts
``docs/`` next to ``resources/`` in the bundle, packaging/touchstone.spec).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from tracker.paths import resources_dir
from tracker.ui.style import mark_hint

GUIDE = "GUIDE.md"
METHODS = "METHODS.md"
IMAGE_WIDTH = 760  # pictures wider than this are shown scaled down to it


def docs_dir() -> Path:
    """Where the documentation lives, from source or frozen."""
    return resources_dir().parent / "docs"


def methods_file() -> Path:
    return docs_dir() / METHODS


def guide_file() -> Path:
    return docs_dir() / GUIDE


def doc_markdown(name: str) -> str | None:
    """The text of docs/<name>, or None when it is missing from this installation."""
    try:
        return (docs_dir() / name).read_text(encoding="utf-8")
    except OSError:
        return None


def methods_markdown() -> str | None:
    """The text of METHODS.md, or None when it is missing from this installation."""
    return doc_markdown(METHODS)


class DocPage(QDialog):
    """A read-only page showing one document of docs/ (the guide unless told otherwise)."""

    def __init__(self, parent: QWidget | None = None, document: str = GUIDE) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("How to read this"))
        intro = QLabel(self.tr(
            "What each view shows and how to read it. Associations are not causes; an interval "
            "that crosses zero means the data cannot yet tell."), self)
        intro.setWordWrap(True)
        mark_hint(intro)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # offline: links are followed by open_link, inside docs/
        self.browser.anchorClicked.connect(self.open_link)
        self.browser.setAccessibleName(self.tr("How to read this"))
        self.browser.document().setDocumentMargin(12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(self.tr("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(860, 720)
        self.document = ""
        self.show_document(document)
        self.browser.setFocus()

    def show_document(self, name: str, anchor: str = "") -> None:
        """Render docs/<name> (markdown) with its pictures; say so when it is missing."""
        text = doc_markdown(name)
        self.document = name
        if text is None:
            self.browser.setPlainText(self.tr(
                "This document is missing from this installation (%1).").replace(
                    "%1", str(docs_dir() / name)))
            return
        self.browser.setSearchPaths([str(docs_dir())])
        self.browser.setMarkdown(text)
        self._fit_images()
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def open_link(self, url: QUrl) -> None:
        """A link to another document of docs/ opens here; a link elsewhere does nothing."""
        if url.scheme() or url.isEmpty():
            return  # http, mailto, file: nothing leaves the app
        path = url.path()
        if not path:
            self.browser.scrollToAnchor(url.fragment())
        elif path.endswith(".md") and (docs_dir() / path).resolve().parent == docs_dir().resolve():
            self.show_document(Path(path).name, url.fragment())

    def _fit_images(self) -> None:
        """Scale each picture down to IMAGE_WIDTH (keeping its proportions)."""
        doc = self.browser.document()
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image_format = fmt.toImageFormat()
                    image = doc.resource(QTextDocument.ResourceType.ImageResource,
                                         QUrl(image_format.name()))
                    if isinstance(image, (QImage, QPixmap)) and image.width() > IMAGE_WIDTH:
                        # smoothly resampled once here (drawing would scale without smoothing)
                        ratio = self.devicePixelRatioF()
                        smooth = QPixmap(image).scaledToWidth(
                            round(IMAGE_WIDTH * ratio), Qt.TransformationMode.SmoothTransformation)
                        smooth.setDevicePixelRatio(ratio)
                        doc.addResource(QTextDocument.ResourceType.ImageResource,
                                        QUrl(image_format.name()), smooth)
                        scaled = QTextImageFormat(image_format)
                        scaled.setWidth(IMAGE_WIDTH)
                        scaled.setHeight(image.height() * IMAGE_WIDTH / image.width())
                        cursor = self.browser.textCursor()
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(),
                                           cursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(scaled)
                it += 1
            block = block.next()


class MethodsPage(DocPage):
    """The methods for statisticians (docs/METHODS.md), on the same renderer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, METHODS)
