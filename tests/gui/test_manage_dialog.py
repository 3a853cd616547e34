"""Skills & factors: unsaved edits are never dropped without asking (Close, Esc, another item),
and a factor's range, unit and end labels can be edited — refused, with a count, when recorded
values would fall outside the new range."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.domain import FactorKind
from tracker.ui import dialogs
from tracker.ui.manage_dialog import ManageDialog

pytestmark = pytest.mark.gui

Button = QMessageBox.StandardButton


class Answers:
    """Answer the next real "Save the changes…?" boxes with the given buttons, in order."""

    def __init__(self, qtbot, *buttons: QMessageBox.StandardButton) -> None:
        self.buttons = list(buttons)
        self.texts: list[str] = []
        QTimer.singleShot(0, self._answer)

    def _answer(self) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, self._answer)
            return
        self.texts.append(box.text())
        box.button(self.buttons.pop(0)).click()
        if self.buttons:
            QTimer.singleShot(0, self._answer)


@pytest.fixture
def manage(qtbot, monkeypatch, journal, skills):
    changes = []
    dialog = ManageDialog(journal, changes.append)  # closed below, not by qtbot (it would ask)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    yield dialog
    # a test that failed half-way must not leave a question nobody answers at tear-down
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_: "discard")
    dialog.close()
    dialog.deleteLater()


def _type_into(qtbot, kb, widget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    widget.selectAll()
    kb.type(text)


def test_esc_with_an_unsaved_skill_name_asks_and_cancel_keeps_it(qtbot, kb, journal, manage):
    _type_into(qtbot, kb, manage.skill_name, "Prose")
    answers = Answers(qtbot, Button.Cancel)
    kb.press(Qt.Key.Key_Escape)
    assert answers.texts == ["Save the changes to Overall?"]
    assert manage.isVisible() and manage.skill_name.text() == "Prose"
    assert [s.name for s in journal.skills()] == ["Overall", "Writing"]

    answers = Answers(qtbot, Button.Save)
    manage.activateWindow()  # the offscreen platform does not hand activation back by itself
    qtbot.waitUntil(lambda: QApplication.focusWidget() is manage.skill_name)
    kb.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not manage.isVisible())
    assert [s.name for s in journal.skills()] == ["Prose", "Writing"]


def test_close_with_unsaved_edits_can_discard_them(qtbot, kb, journal, manage):
    _type_into(qtbot, kb, manage.anchor_high, "publishable")
    answers = Answers(qtbot, Button.Discard)
    manage.close()  # the window's close button
    assert answers.texts == ["Save the changes to Overall?"]
    assert not manage.isVisible()
    assert journal.skills()[0].anchor_high == "world class"  # as it was


def test_choosing_another_skill_with_unsaved_edits_asks_first(qtbot, kb, journal, manage):
    page = manage.skills_page
    _type_into(qtbot, kb, manage.skill_name, "Prose")
    answers = Answers(qtbot, Button.Cancel)
    page.list.setCurrentRow(1)
    assert answers.texts == ["Save the changes to Overall?"]
    assert page.list.currentRow() == 0 and manage.skill_name.text() == "Prose"
    answers = Answers(qtbot, Button.Save)
    page.list.setCurrentRow(1)
    assert page.list.currentRow() == 1 and manage.skill_name.text() == "Writing"
    assert [s.name for s in journal.skills()] == ["Prose", "Writing"]
    manage.close()  # nothing unsaved: closes without a question
    assert not manage.isVisible()


def test_a_range_that_would_orphan_recorded_values_is_refused_with_a_count(
        qtbot, kb, boxes, journal, skills, manage):
    coffee = journal.add_factor("Coffee", FactorKind.NUMBER, 0, 8, 1, "cups").ids[0]
    for cups in (2, 6, 7):
        journal.record(ratings={skills[0]: 5}, values={coffee: cups})
    manage.reload()
    page = manage.factors_page
    page.list.setCurrentRow([f.id for f in journal.factors()].index(coffee))
    assert manage.factor_maximum.isEnabled() and manage.factor_unit.isEnabled()
    manage.factor_maximum.setValue(5)
    page.apply_button.click()
    assert boxes.texts("warning") == [
        "2 recorded values of Coffee (from 6 to 7) would lie outside 0 to 5. Nothing was "
        "changed: widen the range, or edit those check-ins first."]
    assert next(f for f in journal.factors() if f.id == coffee).maximum == 8

    manage.factor_maximum.setValue(12)
    manage.factor_unit.setText("mugs")
    boxes.confirm_answer = True
    page.apply_button.click()
    [question] = boxes.texts("question")
    assert question.startswith("3 check-ins have a value for Coffee. They keep their numbers")
    saved = next(f for f in journal.factors() if f.id == coffee)
    assert (saved.minimum, saved.maximum, saved.unit) == (0, 12, "mugs")


def test_a_built_in_factor_keeps_its_range_but_its_end_labels_can_change(
        qtbot, kb, journal, manage):
    page = manage.factors_page
    page.list.setCurrentRow([f.id for f in journal.factors()].index("hunger"))
    assert not manage.factor_minimum.isEnabled() and not manage.factor_maximum.isEnabled()
    _type_into(qtbot, kb, manage.factor_high, "ravenous")
    page.apply_button.click()
    hunger = next(f for f in journal.factors() if f.id == "hunger")
    assert (hunger.minimum, hunger.maximum, hunger.high_label) == (1, 5, "ravenous")
