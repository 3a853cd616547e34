"""Export every view to PNG and SVG; render_views for `touchstone screenshot`."""

from __future__ import annotations

import os
import stat
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tracker.errors import UserError
from tracker.ui.dashboard.theme import Theme

pytestmark = pytest.mark.gui

VIEWS = ("timeline", "scatter", "effects", "share", "time_of_day", "calendar", "insights")
ALL_VIEWS = (*VIEWS, "measured")  # felt vs measured: empty on a demo year without probes


PLOTS = ("timeline", "scatter", "effects", "share", "time_of_day")
DRAWN = {"path", "polyline", "polygon", "circle", "ellipse", "image", "rect", "line"}


def pixels(path: Path) -> np.ndarray:
    """The image as height x width x (blue, green, red)."""
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return raw.reshape(image.height(), -1, 4)[:, : image.width(), :3].astype(int)


def near(bgr: np.ndarray, color) -> int:
    """How many pixels are within a small distance of ``color``."""
    target = np.array([color.blue(), color.green(), color.red()])
    return int((np.abs(bgr - target).sum(axis=2) < 40).sum())


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
        # the chart's width, taller by its caption (the title and explanation above it)
        assert image.width() == width and image.height() > height + 30, key
        assert width > 500 and height > 200
        # not a blank image: many colours, the background not everywhere, the data drawn
        bgr = pixels(png)
        packed = (bgr[..., 0] << 16) | (bgr[..., 1] << 8) | bgr[..., 2]
        colours, counts = np.unique(packed, return_counts=True)
        assert len(colours) > 100 and counts.max() < 0.95 * counts.sum(), key
        theme = Theme.from_palette(view.palette())
        if key in PLOTS:  # the estimates are drawn in the primary colour
            assert near(bgr, theme.primary) > 300, key
        if key == "calendar":  # the days' colour scale, not background, base or text
            plain = np.zeros(bgr.shape[:2], bool)
            for c in (theme.background, theme.text, view.palette().base().color()):
                target = np.array([c.blue(), c.green(), c.red()])
                plain |= np.abs(bgr - target).sum(axis=2) < 40
            assert (~plain).mean() > 0.08, key  # the colour scale; a blank calendar: under 2 %
        svg = dash.export_view(key, tmp_path / f"{key}.svg")
        assert private(svg), key
        root = ElementTree.parse(svg).getroot()
        tags = Counter(element.tag.rpartition("}")[2] for element in root.iter())
        assert root.tag.endswith("svg"), key
        assert sum(tags[t] for t in DRAWN) >= 10 and tags["text"] >= 10, (key, tags)
        if key in PLOTS:
            assert theme.primary.name() in svg.read_text(encoding="utf-8").lower(), key


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
    with pytest.raises(UserError, match=r"Export to a \.png, \.svg or \.csv file \(not \.jpg\)"):
        dash.current_view().export(tmp_path / "chart.jpg")
    with pytest.raises(UserError, match="a file without extension"):
        dash.current_view().export(tmp_path / "chart")


def test_export_into_a_missing_folder_is_a_clear_error(dash, tmp_path: Path):
    with pytest.raises(UserError, match="Could not write"):
        dash.export_view("calendar", tmp_path / "missing" / "calendar.png")


def test_render_views_writes_every_view(qtbot, dash, tmp_path: Path, open_umask):
    paths = dash.render_views(tmp_path / "shots", (1000, 700))
    assert [p.name for p in paths] == [f"dashboard-{k}.png" for k in ALL_VIEWS]
    for path in paths:
        image = QImage(str(path))
        ratio = dash.devicePixelRatioF()
        assert (image.width(), image.height()) == (round(1000 * ratio), round(700 * ratio))
        assert private(path)


def test_an_exported_chart_keeps_its_title_and_explanation(qtbot, dash, tmp_path: Path):
    """The PNG is the bare chart below a caption band holding the view's title and blurb:
    rendering those two texts alone, in the view's fonts, gives the band's ink."""
    from PySide6.QtGui import QFontMetricsF

    png = dash.export_view("effects", tmp_path / "effects.png")
    view = dash.views["effects"]
    bare = view.chart_image()
    image = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB32)
    band = image.height() - bare.height()
    assert image.width() == bare.width() and band > 30
    # below the band: the chart itself, pixel for pixel
    below = image.copy(0, band, image.width(), bare.height())
    assert below == bare.convertToFormat(QImage.Format.Format_RGB32)
    # the band: the title and the explanation, as the view shows them (dark ink on the band)
    theme = Theme.from_palette(view.palette())
    bgr = pixels(png)
    ink = np.abs(bgr[:band] - np.array([theme.background.blue(), theme.background.green(),
                                        theme.background.red()])).sum(axis=2) > 120
    assert ink.mean() > 0.01
    # two lines of text at least: the title's and the explanation's, in the view's fonts
    lines = (QFontMetricsF(view.title_label.font()).height()
             + QFontMetricsF(view.blurb_label.font()).height()) * view.devicePixelRatioF()
    assert band >= lines
    rows = ink.any(axis=1)
    assert rows[: band // 2].any() and rows[band // 2:].any()  # ink in both halves
    image.save(str(tmp_path / "look.png"))


def test_an_exported_svg_keeps_its_title_and_explanation_as_text(qtbot, dash, tmp_path: Path):
    svg = dash.export_view("share", tmp_path / "share.svg")
    view = dash.views["share"]
    root = ElementTree.parse(svg).getroot()
    texts = [" ".join(e.text.split()) for e in root.iter() if e.tag.endswith("text") and e.text]
    assert texts[0] == view.title  # first, above the chart
    blurb = " ".join(view.blurb_label.text().split())
    lines = texts[1:1 + len(texts)]
    joined = ""
    for line in lines:  # the explanation follows, broken into lines that fit
        joined = f"{joined} {line}".strip()
        if joined == blurb:
            break
    assert joined == blurb
    height = float(root.get("viewBox").split()[3])
    assert height > view.chart.height() + 30  # the chart below its caption
