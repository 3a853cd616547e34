"""The import wizard on a real journal: detection, column mapping, mood labels, import."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWizard

from tracker.services.changes import Change
from tracker.ui.import_wizard import COLUMNS_PAGE, FILE_PAGE, MAPPING_PAGE, PREVIEW_PAGE

SAMPLES = Path(__file__).parents[1] / "exchange" / "foreign" / "samples"
pytestmark = pytest.mark.gui


def sample(name: str) -> Path:
    return SAMPLES / name


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def open_wizard(qtbot, journal):
    from tracker.ui.import_wizard import ImportWizard

    changes: list[Change] = []

    def make(path: Path | None = None) -> ImportWizard:
        wizard = ImportWizard(journal, changes.append, None, path)
        wizard.changes = changes
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitExposed(wizard)
        return wizard

    return make


def click(qtbot, wizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_renamed_daylio_moods_are_mapped_before_importing(qtbot, open_wizard, journal):
    wizard = open_wizard(sample("daylio_renamed_12h.csv"))
    assert wizard.currentId() == FILE_PAGE
    assert wizard.file_page.detected.text() == "Reading it as: Daylio"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == MAPPING_PAGE  # no column page for a known app
    page = wizard.mapping_page
    assert page.labels == ["good", "ecstatic", "so-so", "drained"]
    assert page.moods.item(0, 1).text() == "4 of 5"
    assert page.mood_combo("good").currentText() == "8"
    assert page.mood_combo("ecstatic").currentText() == "choose…"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    for label, value in (("ecstatic", "10"), ("so-so", "5")):
        combo = page.mood_combo(label)
        combo.setCurrentIndex(combo.findText(value))
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    drained = page.mood_combo("drained")
    drained.setCurrentIndex(drained.findText("leave out"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == PREVIEW_PAGE
    text = wizard.preview_page.summary.toPlainText()
    assert "Check-ins: 4 new, 0 already present (4 in the file)." in text
    assert "good → 8, ecstatic → 10, so-so → 5, drained → left out" in text
    assert "Left out: 1 entry with no value" in text
    assert journal.count() == 0  # nothing written before "Import"
    assert wizard.button(QWizard.WizardButton.FinishButton).text() == "Import"
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert journal.count() == 4
    assert [c.kind for c in wizard.changes] == ["all"]
    assert wizard.changes[0].message == "Imported from Daylio: 4 new, 0 already present."


def test_any_csv_column_mapping_with_a_scale_conversion(qtbot, open_wizard, journal):
    wizard = open_wizard(sample("generic.csv"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == COLUMNS_PAGE
    page = wizard.columns_page
    assert page.header == ["Date", "Focus", "Mood", "Slept", "Caffeine", "Notes", "Activities"]
    assert page.format_combo.currentText() == "%d/%m/%Y %H:%M"
    assert page.preview.rowCount() == 4 and page.preview.item(0, 1).text() == "3"
    combo, name, low, high = page.role_widgets(page.header.index("Focus"))
    assert combo.currentData() == "factor"
    combo.setCurrentIndex(combo.findData("skill"))
    low.setValue(1)
    high.setValue(5)
    assert page.conversions.text() == "Focus 1–5 → skill 1–10: 1→1, 2→3, 3→6, 4→8, 5→10"
    page.set_role("Slept", "factor", "Sleep")  # the built-in factor, by its name
    assert page.role_widgets(page.header.index("Mood"))[1].text() == "Mood"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == MAPPING_PAGE
    assert not wizard.mapping_page.measures.isVisibleTo(wizard)  # set on the column page
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    text = wizard.preview_page.summary.toPlainText()
    assert "Focus 1–5 → skill 'Focus' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10" in text
    assert "New skills: Focus." in text
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    focus = journal.skill_by_name("Focus")
    checkins = journal.checkins()
    assert [c.ratings[focus.id] for c in checkins] == [6, 10, 1, 8]
    assert [c.values["sleep_hours"] for c in checkins] == [7.5, 8.0, 5.25, 6.0]


def test_a_bad_time_format_is_reported_and_the_page_stays(qtbot, open_wizard, journal, boxes):
    wizard = open_wizard(sample("generic.csv"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.columns_page
    page.format_combo.setCurrentIndex(page.format_combo.findData("%Y-%m-%d"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == COLUMNS_PAGE
    assert boxes.texts("warning") == [
        "row 1: '01/07/2024 08:30' does not match the time format %Y-%m-%d."
    ]
    assert journal.count() == 0


def test_a_broken_file_is_refused_on_the_first_page(qtbot, open_wizard, journal, boxes, tmp_path):
    broken = tmp_path / "daylio.csv"
    broken.write_text(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-03-01,x,y,20:00,rad,,,\n2024-02-30,x,y,20:00,rad,,,\n",
        encoding="utf-8",
    )
    wizard = open_wizard(broken)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FILE_PAGE
    assert boxes.texts("warning") == [
        "row 2: full_date '2024-02-30' is not a date like 2024-03-01."
    ]


def test_reimporting_through_the_wizard_adds_nothing(qtbot, open_wizard, journal):
    for expected in ("Check-ins: 7 new, 0 already present", "Check-ins: 0 new, 7 already present"):
        wizard = open_wizard(sample("bearable.csv"))
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
        measures = wizard.mapping_page
        assert measures.names == ["Mood", "Energy", "Sleep", "Productivity"]
        assert measures.measures.item(1, 0).text() == "Energy (1–5)"
        assert measures.measure_widgets("Sleep")[1].text() == "Sleep"
        assert [w.value() for w in measures.measure_widgets("Energy")[2:]] == [1, 5]
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
        assert expected in wizard.preview_page.summary.toPlainText()
        click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        # still a QDialog after an import: its result() was shadowed by the import's (mypy)
        assert wizard.result() == QDialog.DialogCode.Accepted.value
        assert wizard.imported is not None and wizard.imported.skipped in (0, 7)
    assert journal.count() == 7


def test_the_app_can_be_chosen_instead_of_detected(qtbot, open_wizard, boxes):
    wizard = open_wizard(sample("daylio_export.csv"))
    combo = wizard.file_page.app_combo
    combo.setCurrentIndex(combo.findData("trackandgraph"))
    assert "does not look like a Track & Graph export" in wizard.file_page.detected.text() or (
        wizard.file_page.detected.text() == "Reading it as: Track & Graph"
    )
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentId() == FILE_PAGE
    assert boxes.texts("warning")[0].startswith(
        "This does not look like a Track & Graph export: the header lacks featurename"
    )


def test_a_custom_rating_becomes_a_skill_with_its_scale(qtbot, open_wizard, journal):
    wizard = open_wizard(sample("bearable.csv"))
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    combo, name, low, high = wizard.mapping_page.measure_widgets("Productivity")
    combo.setCurrentIndex(combo.findData("skill"))
    name.setText("Work")
    low.setValue(1)
    high.setValue(5)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    text = wizard.preview_page.summary.toPlainText()
    assert "Productivity 1–5 → skill 'Work' (1–10): 1→1, 2→3, 3→6, 4→8, 5→10" in text
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    work = journal.skill_by_name("Work")
    assert [c.ratings[work.id] for c in journal.checkins() if c.ratings] == [6, 10]
