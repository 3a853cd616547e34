"""The Felt vs measured view on real journals (SQLite in tmp_path): it shows the numbers of
``report --json``'s measured section (the real CLI in a subprocess), says what is needed on a
journal without probes, is reached from the view selector with keys, and the headline card
adds the measured claim."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.services.measured_journals import measured_journal
from tracker.services.demo import seed_journal
from tracker.services.headline import amount, natural_step
from tracker.services.journal import Journal
from tracker.ui.dashboard.base import EMPTY, TABLE
from tracker.ui.dashboard.table import RAW_ROLE

pytestmark = pytest.mark.gui
TAIL = " Association, not cause."


def report_json(data_dir: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir),
                          "report", "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["measured"]


def open_dashboard(qtbot, journal: Journal, view: str = "measured"):
    from tracker.ui.dashboard import create_dashboard

    dash = create_dashboard(journal)
    qtbot.addWidget(dash)
    dash.resize(1100, 760)
    dash.set_range("all")
    dash.show()
    dash.set_view(view)
    qtbot.waitUntil(lambda: dash.current_view().stamp is not None
                    and dash.current_view().settled(), timeout=30000)
    return dash


@pytest.fixture(scope="module")
def measured_dir(tmp_path_factory) -> Path:
    return measured_journal(tmp_path_factory.mktemp("felt") / "j", days=120)


@pytest.fixture(scope="module")
def expected(measured_dir) -> dict:
    return report_json(measured_dir)


@pytest.fixture
def felt(qtbot, measured_dir: Path):
    journal = Journal.open(measured_dir)
    dash = open_dashboard(qtbot, journal)
    yield dash
    dash.close()
    journal.close()


def test_the_view_shows_the_measured_sections_numbers(qtbot, felt, expected, tmp_path):
    view = felt.views["measured"]
    assert view.stack.currentIndex() != EMPTY
    assert expected["headline"] and expected["available"]
    assert view.headline_label.text() == expected["headline"].removesuffix(TAIL)
    record = next(m for m in expected["measures"] if m["available"])
    assert view.measure_box.currentData() == record["measure"]["id"]
    # the forest's words: each part per natural step with its adjusted interval
    factors = sorted(record["factors"], key=lambda f: -abs(f["rating"]["per_sd"]))
    words = []
    for f in factors:
        step = natural_step(type("F", (), f)())  # reads kind, unit and sd
        for part, name in (("rating", "rating"), ("via_performance", "via measured"),
                           ("clouding", "clouding")):
            e = f[part]
            lo, hi = e["ci95_adjusted"]
            words.append(f"{name} {e['estimate'] * step:+.2f} ({lo * step:+.2f} to "
                         f"{hi * step:+.2f})")
    assert view.factor_labels == words
    assert view.points_drawn == sum(1 for p in record["points"]
                                    if p["rating"] is not None and p["measured"] is not None)
    # the table: per SD, exact, against the JSON
    felt.table_button.setChecked(True)
    assert view.stack.currentIndex() == TABLE
    table = view.table_widget
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    col = headers.index("Per SD")
    lo_col = headers.index("Adj. CI low")
    got = {(table.item(r, 1).text(), table.item(r, 2).text()):
           (table.item(r, col).data(RAW_ROLE), table.item(r, lo_col).data(RAW_ROLE))
           for r in range(table.rowCount())}
    for f in record["factors"]:
        clouding = got[(f["name"], "Clouding (judgment)")]
        assert clouding == (f["clouding"]["per_sd"], f["clouding"]["per_sd_ci95_adjusted"][0])
        assert got[(f["name"], "Pull on your rating")][0] == f["rating"]["per_sd"]
    # the calibration of the predictions: a line above the charts and rows of the table
    pe = record["prediction_error"]
    assert pe["available"]
    mean = pe["mean"]
    assert (f"on average {mean['estimate']:+.2f} {record['measure']['unit']} from the score you "
            f"got (95 % CI {mean['ci95'][0]:+.2f} to {mean['ci95'][1]:+.2f})"
            ) in view.prediction_label.text()
    for f in pe["factors"]:
        assert got[(f["name"], "Prediction error")][0] == f["per_sd"]
    # its CSV export: the same numbers
    path = view.export(tmp_path / "felt.csv")
    assert str(record["factors"][0]["clouding"]["per_sd"]) in path.read_text()
    felt.table_button.setChecked(False)
    view.grab().save(str(tmp_path / "felt.png"))
    # "Association, not cause." once on the view
    texts = [view.headline_label.text(), view.footnote_label.text(), view.blurb_label.text()]
    assert sum(t.count("Association, not cause.") for t in texts) == 1


def test_the_headline_card_adds_the_measured_claim(qtbot, felt, expected):
    said = [f["name"] for m in expected["measures"] if m["available"] for f in m["factors"]
            if f["clouding"]["status"] in ("claimed", "tentative")]
    assert "Mood" in said  # the journal's clouding: the section allows a claim
    qtbot.waitUntil(lambda: felt.headline.label.text().endswith(expected["headline"]),
                    timeout=30000)
    assert felt.headline.label.height() >= 4 * felt.headline.label.fontMetrics().lineSpacing()


def test_the_card_is_as_tall_as_its_sentences_when_the_claim_arrives(qtbot, measured_dir):
    """The claim arrives after the card was laid out for two sentences: right then (a
    screenshot grabbed before the next layout pass, as render_views does) nothing is cut."""
    journal = Journal.open(measured_dir)
    dash = open_dashboard(qtbot, journal, view="timeline")
    card = dash.headline
    seen: list[tuple[int, int, str]] = []
    dash.views["measured"].reports.arrived.connect(lambda _key: seen.append(
        (card.label.height(), card.label.heightForWidth(card.label.width()),
         card.label.text())))
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=30000)
        height, needed, text = seen[0]
        assert "clouding" in text and height >= needed
    finally:
        dash.close()
        journal.close()


def test_a_journal_without_probes_says_what_is_needed(qtbot, journal):
    seed_journal(journal, days=60, end=date(2026, 12, 6), reality=False)
    dash = open_dashboard(qtbot, journal)
    view = dash.views["measured"]
    assert view.stack.currentIndex() == EMPTY
    text = view.empty_label.text()
    assert text.startswith("Run a probe after a check-in")
    assert "0 of about 30 days with probes needed" in text
    assert "touchstone outcome add" in text
    assert not dash.headline.label.text().count("clouding")


def test_a_few_probes_count_towards_the_days_needed(qtbot, tmp_path):
    data_dir = measured_journal(tmp_path / "few", days=12)
    measured = report_json(data_dir)
    probe = next(m for m in measured["measures"] if m["measure"]["kind"] == "probe")
    assert not probe["available"]
    days = len({p["at"][:10] for p in probe["points"] if not p["practice"]})
    journal = Journal.open(data_dir)
    try:
        dash = open_dashboard(qtbot, journal)
        view = dash.views["measured"]
        assert view.stack.currentIndex() == EMPTY
        assert (f"Run a probe after a check-in (Measure now, Ctrl+Shift+M): {days} of about 30 "
                f"days with probes needed.") == view.empty_label.text()
        # the outcome says its own need
        index = view.measure_box.findText("Pages (outcome)")
        view.measure_box.setCurrentIndex(index)
        assert view.empty_label.text().startswith("Enter Pages on the days you check in: ")
        dash.close()
    finally:
        journal.close()


def test_the_view_is_reached_from_the_view_selector_with_keys(qtbot, felt):
    felt.set_view("timeline")
    qtbot.waitUntil(lambda: felt.current_view().key == "timeline")
    felt.activateWindow()
    felt.tab_bar.setFocus()
    qtbot.waitUntil(felt.tab_bar.hasFocus)
    for _ in range(len(felt.views) - 1):
        qtbot.keyClick(felt.tab_bar, Qt.Key.Key_Right)
    assert felt.current_view().key == "measured"
    view = felt.views["measured"]
    qtbot.waitUntil(lambda: view.settled() and view.stack.currentIndex() != EMPTY,
                    timeout=30000)
    # Alt+U (the selector's mnemonic) moves focus to the measure chooser
    qtbot.keyClick(felt.tab_bar, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.measure_box.hasFocus)
    before = view.measure_box.currentData()
    qtbot.keyClick(view.measure_box, Qt.Key.Key_Down)
    assert view.measure_box.currentData() != before
    qtbot.waitUntil(view.settled, timeout=30000)


def test_natural_units_name_the_step(felt, expected):
    """Each factor's row names the step its numbers are for ("per 2 points more")."""
    from tracker.services.json_shapes import parse
    from tracker.services.report_measured_types import MeasuredSection
    from tracker.ui.dashboard.measured_charts import row_name

    section = parse(MeasuredSection, expected)
    mood = next(f for m in section.measures if m.available for f in m.factors
                if f.name == "Mood")
    step = natural_step(mood)  # type: ignore[arg-type]
    assert row_name(mood).splitlines()[1] == f"per {amount(step, mood)} more"  # type: ignore[arg-type]
