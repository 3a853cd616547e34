"""The Details layer: by default the Dashboard and the Reality tab say what they show in plain
words and pictures; q, n_eff, r and the method names (Benjamini–Yekutieli, cosinor, Wilson,
Bland–Altman, Brier) appear once the Details button is pressed — reached and pressed by keys —
and the choice is remembered in the settings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.gui.reality.test_reality_gui import tab_to
from tracker.services.demo import seed_journal
from tracker.settings import Settings

pytestmark = pytest.mark.gui

END = date(2026, 12, 6)  # a demo with a fixed end: the same numbers whatever the hour
TECHNICAL = re.compile(r"\bq [=<]|n_eff|n<sub>eff|\br = |\bp [=<]|Benjamini|cosinor|Wilson|"
                       r"Bland|Brier|R²|cividis")


def _chart_texts(view) -> str:
    """The words a pyqtgraph view draws: its title and every text item on the plot."""
    import pyqtgraph as pg

    plot = view.plot
    texts = [plot.titleLabel.text]
    texts += [item.toPlainText() for item in plot.items if isinstance(item, pg.TextItem)]
    return " ".join(texts)


def _view_words(dash, key: str) -> str:
    view = dash.set_view(key)
    dash.refresh_current()
    dash.settle()
    words = [view.footnote_label.text(), view.details_label.text()
             if view.details_label.isVisible() else ""]
    if key == "insights":
        words.append(view.browser.toPlainText())
    elif hasattr(view, "plot"):
        words.append(_chart_texts(view))
    return " ".join(words)


def _press(qtbot, kb, button) -> None:
    """Tab to ``button`` and press Space on it, as a keyboard user does."""
    tab_to(kb, button)
    kb.press(Qt.Key.Key_Space)


def test_the_dashboard_hides_the_statistics_until_details_is_pressed(qtbot, kb, journal,
                                                                     data_dir):
    from tracker.ui.dashboard import create_dashboard

    seed_journal(journal, end=END, reality=False)
    settings = Settings.load(data_dir / "settings.json")
    dash = create_dashboard(journal, settings=settings)
    qtbot.addWidget(dash)
    dash.resize(1100, 760)
    dash.set_range("all")
    dash.show()
    dash.activateWindow()
    qtbot.waitUntil(dash.isActiveWindow)
    keys = ("effects", "scatter", "share", "time_of_day", "insights", "calendar")

    assert not dash.details_button.isChecked()
    assert dash.details_button.text() == "Show deta&ils"
    for key in keys:
        plain = _view_words(dash, key)
        assert not TECHNICAL.search(plain), (key, TECHNICAL.search(plain))
        assert not dash.views[key].details_label.isVisible()
    assert "Association, not cause." in _view_words(dash, "effects")

    dash.set_view("effects")
    _press(qtbot, kb, dash.details_button)
    assert dash.details_button.isChecked() and dash.details_button.text() == "Hide deta&ils"
    said = {key: _view_words(dash, key) for key in keys}
    assert "Benjamini–Yekutieli" in said["effects"] and "q = " in said["effects"]
    assert "n<sub>eff</sub>" in said["scatter"] and "r = " in said["scatter"]
    assert "cosinor" in said["time_of_day"] and "p " in said["time_of_day"]
    assert "R²" in said["share"] and "cividis" in said["calendar"]
    assert "n_eff" in said["insights"] and "q " in said["insights"]
    assert not dash.views["effects"].details_label.isHidden()
    # remembered: the next start shows them
    assert Settings.load(data_dir / "settings.json").show_details is True


def test_the_reality_tab_names_its_methods_only_with_details(qtbot, kb, journal, make_window,
                                                             data_dir):
    seed_journal(journal, end=END, reality=True)
    window = make_window()
    window.tabs.setCurrentIndex(window.reality.tab_index)
    panel = window.reality.panel
    qtbot.waitUntil(lambda: panel.report is not None and bool(panel.charts))

    def words() -> str:
        charts = " ".join(c.footnote.text() + " " + c.plot.titleLabel.text
                          for c in panel.charts.values())
        return panel.summary.text() + " " + charts

    plain = words()
    assert not re.search(r"Brier|Wilson|Bland", plain), plain
    assert "predictions with outcomes" in plain

    _press(qtbot, kb, panel.details_button)
    detailed = words()
    for name in ("Brier", "Wilson", "Bland–Altman"):
        assert name in detailed
    assert Settings.load(data_dir / "settings.json").show_details is True
