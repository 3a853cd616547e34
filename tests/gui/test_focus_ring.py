"""A keyboard user sees where the focus is: a tab bar's current tab (the window's tabs, the
dashboard's view selector) and a check box get a solid ring in the highlight colour, in the
light and the dark theme (Fusion's own focus frame is a faint tint at alpha 80)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from habit_support import reset_style
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLineEdit,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.ui.style import apply_style

pytestmark = pytest.mark.gui


@pytest.fixture(params=["light", "dark"])
def theme(request, qapp) -> Iterator[str]:
    apply_style(qapp, request.param)
    yield request.param
    reset_style()


@pytest.fixture
def page(qtbot, theme) -> QWidget:
    """A field, a document-mode tab widget (as the window's), a bare tab bar (as the
    dashboard's view selector) and a check box, in that focus order."""
    page = QWidget()
    layout = QVBoxLayout(page)
    page.start = QLineEdit(page)
    page.tabs = QTabWidget(page)
    page.tabs.setDocumentMode(True)
    for title in ("Check in", "History"):
        page.tabs.addTab(QWidget(), title)
    page.views = QTabBar(page)
    page.views.setDocumentMode(True)
    page.views.setDrawBase(True)
    for title in ("Timeline", "Effects"):
        page.views.addTab(title)
    page.box = QCheckBox("Twice a day", page)
    for widget in (page.start, page.tabs, page.views, page.box):
        layout.addWidget(widget)
    qtbot.addWidget(page)
    page.resize(360, 200)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    page.start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.start)
    return page


def _ring_pixels(image: QImage, rect: QRect, colour: QColor) -> int:
    """Pixels in ``rect`` within a few steps of ``colour`` (the ring's own, unblended)."""
    count = 0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                    + abs(pixel.blue() - colour.blue())) <= 24:
                count += 1
    return count


def _focused_after_tabs(kb, times: int) -> QWidget:
    kb.tab(times)
    return kb.focused()


@pytest.mark.parametrize("which, tabs", [("tabs", 1), ("views", 2), ("box", 3)])
def test_the_keyboard_focus_has_a_visible_ring(qtbot, kb, page, theme, which, tabs, tmp_path):
    highlight = page.palette().color(QPalette.ColorRole.Highlight)
    target = getattr(page, which)
    bar = target.tabBar() if isinstance(target, QTabWidget) else target
    area = bar.tabRect(bar.currentIndex()) if isinstance(bar, QTabBar) else bar.rect()
    before = _ring_pixels(bar.grab().toImage(), area, highlight)
    assert _focused_after_tabs(kb, tabs) is bar
    shot = bar.grab()
    shot.save(str(tmp_path / f"{which}-{theme}.png"))
    after = _ring_pixels(shot.toImage(), area, highlight)
    # a ring round a tab or the box's text: dozens of pixels, none before the focus came
    assert before == 0
    assert after >= 2 * min(area.width(), 60), (which, theme, after)


def test_a_click_shows_no_ring(qtbot, page):
    highlight = page.palette().color(QPalette.ColorRole.Highlight)
    qtbot.mouseClick(page.box, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is page.box
    assert _ring_pixels(page.box.grab().toImage(), page.box.rect(), highlight) == 0
