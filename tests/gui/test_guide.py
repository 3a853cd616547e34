"""The user guide (docs/GUIDE.md): F1 opens it from the main window, Esc closes it, its pictures
show, its link to the methods stays inside the app, and it is found in a frozen layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from habit_support import install_all
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication

from tracker.ui import methods_page
from tracker.ui.methods_page import IMAGE_WIDTH, DocPage, guide_file

pytestmark = pytest.mark.gui

REPO = Path(__file__).resolve().parents[2]
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def guide_images() -> list[str]:
    return IMAGE.findall(guide_file().read_text(encoding="utf-8"))


def image_sizes(page: DocPage) -> dict[str, tuple[float, float]]:
    """Each picture the page shows: its name and the size it is drawn at."""
    doc = page.browser.document()
    sizes: dict[str, tuple[float, float]] = {}
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                sizes[image.name()] = (image.width(), image.height())
            it += 1
        block = block.next()
    return sizes


def test_f1_in_the_form_opens_the_guide_and_esc_closes_it(qtbot, make_window, skills, journal):
    window = make_window()
    habit = install_all(window, journal, window.settings, tray_available=False,
                        on_quit=lambda: None)
    window.add_settings_and_help(habit.extras)  # as tracker.app does
    try:
        focused = QApplication.focusWidget()
        assert focused is not None and window.form.isAncestorOf(focused)
        seen: list[object] = []

        def inside_the_dialog() -> None:
            pages = [w for w in QApplication.topLevelWidgets()
                     if isinstance(w, DocPage) and w.isVisible()]
            page = pages[0] if pages else None
            if page is None:  # not open yet: look again once it runs
                if len(seen) < 1 and window.isVisible():
                    QTimer.singleShot(10, inside_the_dialog)
                return
            seen.append((page.windowTitle(), page.document,
                         "How to read Touchstone" in page.browser.toPlainText()))
            try:
                qtbot.waitUntil(lambda: QApplication.focusWidget() is page.browser, timeout=5000)
                seen.append(True)
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
            finally:
                if page.isVisible():  # a failed check must not leave the test waiting forever
                    seen.append(False)
                    page.reject()

        QTimer.singleShot(0, inside_the_dialog)
        qtbot.keyClick(focused, Qt.Key.Key_F1)
        assert seen == [("How to read this", "GUIDE.md", True), True]
        assert not any(isinstance(w, DocPage) and w.isVisible()
                       for w in QApplication.topLevelWidgets())
        assert "How to &read this" in [a.text() for a in window.help_menu.actions()]
    finally:
        habit.shutdown()


def test_the_guide_shows_its_pictures_scaled_to_fit(qtbot):
    names = guide_images()
    assert len(names) >= 12  # every view has its picture
    page = DocPage()
    qtbot.addWidget(page)
    text = page.browser.toPlainText()
    assert text.startswith("How to read Touchstone") and "##" not in text  # rendered, not raw
    sizes = image_sizes(page)
    assert sorted(sizes) == sorted(set(names))
    doc = page.browser.document()
    for name in names:
        assert (REPO / "docs" / name).is_file(), name
        pixmap = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert not pixmap.isNull(), name
        width, height = sizes[name]
        if width == 0:  # no size set: a picture narrower than the page, drawn as it is
            assert 0 < pixmap.width() <= IMAGE_WIDTH and height == 0, name
            continue
        assert 0 < width <= IMAGE_WIDTH, name
        assert abs(height / width - pixmap.height() / pixmap.width()) < 0.01, name


def test_the_guide_links_to_the_methods_inside_the_app_and_nowhere_else(qtbot):
    page = DocPage()
    qtbot.addWidget(page)
    assert "](METHODS.md)" in guide_file().read_text(encoding="utf-8")
    page.open_link(QUrl("https://example.org/"))
    page.open_link(QUrl("../README.md"))
    assert page.document == "GUIDE.md"
    page.open_link(QUrl("METHODS.md"))
    assert page.document == "METHODS.md"
    assert "Autocorrelation and effective n" in page.browser.toPlainText()


def test_the_guide_in_a_frozen_layout_and_missing_says_so(qtbot, tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    (bundle / "resources").mkdir(parents=True)
    monkeypatch.setattr(methods_page, "resources_dir", lambda: bundle / "resources")
    page = DocPage()
    qtbot.addWidget(page)
    assert "missing from this installation" in page.browser.toPlainText()
    (bundle / "docs" / "screenshots").mkdir(parents=True)
    shot = REPO / "docs" / "screenshots" / "dashboard-effects.png"
    (bundle / "docs" / "screenshots" / shot.name).write_bytes(shot.read_bytes())
    (bundle / "docs" / "GUIDE.md").write_text(
        "# Frozen guide\n\n![Effects](screenshots/dashboard-effects.png)\n")
    page = DocPage()
    qtbot.addWidget(page)
    assert page.browser.toPlainText().startswith("Frozen guide")
    natural = QPixmap(str(shot))
    assert natural.width() > IMAGE_WIDTH
    assert image_sizes(page) == {"screenshots/dashboard-effects.png": (IMAGE_WIDTH, pytest.approx(
        natural.height() * IMAGE_WIDTH / natural.width(), abs=1))}


def test_the_app_never_cites_the_essay():
    cited = [str(p.relative_to(REPO)) for p in (REPO / "tracker").rglob("*.py")
             if "essay" in p.read_text(encoding="utf-8").lower()]
    assert cited == []
