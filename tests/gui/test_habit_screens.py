"""The habit dialogs render in light and dark, and at 200 % in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from habit_support import reset_style
from PySide6.QtGui import QImage

from tracker.settings import Settings
from tracker.ui.settings_and_help_screenshots import render_settings_and_help

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def mean_lightness(path: Path) -> float:
    image = QImage(str(path))
    assert not image.isNull()
    step = 7
    values = [image.pixelColor(x, y).lightness()
              for x in range(0, image.width(), step) for y in range(0, image.height(), step)]
    return sum(values) / len(values)


def test_light_and_dark_screens(qapp, journal, data_dir, tmp_path):
    try:
        written = render_settings_and_help(journal, Settings.load(data_dir / "settings.json"),
                                       tmp_path)
    finally:
        reset_style()
    names = {p.name for p in written}
    for theme in ("light", "dark"):
        assert {f"settings-{theme}.png", f"settings-general-{theme}.png",
                f"settings-privacy-{theme}.png",
                f"about-{theme}.png", f"guide-{theme}.png", f"methods-{theme}.png"} <= names
    assert mean_lightness(tmp_path / "settings-light.png") > 200
    assert mean_lightness(tmp_path / "settings-dark.png") < 80


SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui.settings_dialog import SettingsDialog
data = Path(sys.argv[1])
journal = Journal.open(data)
dialog = SettingsDialog(Settings.load(data / "settings.json"), journal, lambda c: None)
dialog.show()
app.processEvents()
image = dialog.grab()
image.save(sys.argv[2])
hints = [w.sizeHint().height() for w in (dialog.mode, dialog.window_row.start)]
from PySide6.QtWidgets import QLabel
from tracker.ui.about_dialog import AboutDialog
from tracker.ui.methods_page import MethodsPage
clipped = []
for d in (dialog, AboutDialog(data), MethodsPage()):
    d.show()
    for index in range(getattr(getattr(d, "tabs", None), "count", lambda: 1)()):
        if hasattr(d, "tabs"):
            d.tabs.setCurrentIndex(index)
        app.processEvents()
        clipped += [l.text()[:30] for l in d.findChildren(QLabel) if l.isVisible()
                    and l.wordWrap() and l.height() < l.heightForWidth(l.width())]
print(json.dumps({"ratio": image.devicePixelRatio(), "logical": [dialog.width(),
      dialog.height()], "pixels": [image.width(), image.height()],
      "fits": dialog.minimumSizeHint().width() <= dialog.width(), "hints": hints,
      "clipped": clipped}))
journal.close()
"""


def test_twice_the_pixels_at_200_percent(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2")
    out = tmp_path / "settings@2x.png"
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data"), str(out)],
                       capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout.strip().splitlines()[-1])
    assert info["ratio"] == 2
    assert info["pixels"] == [2 * info["logical"][0], 2 * info["logical"][1]]
    assert info["fits"] and min(info["hints"]) >= 20
    assert info["clipped"] == []  # every wrapped text has the height it needs
    assert QImage(str(out)).width() == info["pixels"][0]
