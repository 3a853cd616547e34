"""Export every view to PNG and SVG; render_views for `touchstone screenshot`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tracker.errors import UserError

pytestmark = pytest.mark.gui

VIEWS = ("timeline", "scatter", "effects", "share", "time_of_day", "calendar", "insights")


@pytest.fixture
def open_umask():
    """Under umask 000 a file created with the default mode would be 0666."""
    old = os.umask(0)
    yield
    os.umask(old)


def private(path: Path) -> bool:
    return os.name != "posix" or stat.S_IMODE(path.stat().st_mode) == 0o600


def test_every_view_exports_png_and_svg(qtbot, dash, tmp_path: Path, open_umask):
    for key in VIEWS:
        png = dash.export_view(key, tmp_path / f"{key}.png")
        assert private(png), key  # the charts show notes, tags and ratings
        view = dash.views[key]
        image = QImage(str(png))
        assert not image.isNull(), key
        width, height = view.export_size()
        assert (image.width(), image.height()) == (width, height), key
        assert width > 500 and height > 200
        svg = dash.export_view(key, tmp_path / f"{key}.svg")
        text = svg.read_text(encoding="utf-8")
        assert "<svg" in text and len(text) > 2000, key
        assert private(svg), key


def test_table_mode_exports_the_table(qtbot, dash, tmp_path: Path, open_umask):
    dash.table_button.setChecked(True)
    view = dash.set_view("share")
    qtbot.waitUntil(lambda: view.stack.currentWidget() is view.table_widget)
    png = view.export(tmp_path / "share-table.png")
    assert QImage(str(png)).size() == view.table_widget.grab().size()
    assert private(png)
    svg = view.export(tmp_path / "share-table.svg")
    assert private(svg) and "<svg" in svg.read_text(encoding="utf-8")


def test_export_refuses_other_formats(dash, tmp_path: Path):
    with pytest.raises(UserError, match=r"Export to a \.png or \.svg file \(not \.jpg\)"):
        dash.current_view().export(tmp_path / "chart.jpg")
    with pytest.raises(UserError, match="a file without extension"):
        dash.current_view().export(tmp_path / "chart")


def test_export_into_a_missing_folder_is_a_clear_error(dash, tmp_path: Path):
    with pytest.raises(UserError, match="Could not write"):
        dash.export_view("calendar", tmp_path / "missing" / "calendar.png")


def test_render_views_writes_every_view(qtbot, dash, tmp_path: Path, open_umask):
    paths = dash.render_views(tmp_path / "shots", (1000, 700))
    assert [p.name for p in paths] == [f"dashboard-{k}.png" for k in VIEWS]
    for path in paths:
        image = QImage(str(path))
        ratio = dash.devicePixelRatioF()
        assert (image.width(), image.height()) == (round(1000 * ratio), round(700 * ratio))
        assert private(path)
