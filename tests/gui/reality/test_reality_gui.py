"""The Reality tab on a real MainWindow: logging with a prediction, resolving, a keyboard-only
blind re-rating that never shows the old rating, prompts, and the charts."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QWidget

from tracker.services.reality import CheckInDraft, Reality
from tracker.ui.reality import install_reality
from tracker.ui.reality.dialogs import BlindRerateDialog, LogEvaluationDialog, ResolveDialog

pytestmark = pytest.mark.gui

PLUS1 = timezone(timedelta(hours=1))
OLD = (datetime.now(PLUS1) - timedelta(days=45)).replace(hour=9, minute=0, second=0,
                                                          microsecond=0)


def open_dialog(qtbot, dialog: QWidget) -> None:
    """Show ``dialog`` as the active window, as ``exec()`` would."""
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)


def tab_to(kb, target: QWidget, limit: int = 40) -> None:
    """Press Tab until ``target`` (or its line edit) has the focus."""
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused is target or (focused is not None and focused.parent() is target):
            return
        kb.tab()
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}; at {focused!r}")


def every_text(root: QWidget) -> list[str]:
    """Every string a person or a screen reader could get from ``root`` and its children."""
    out = []
    for w in [root, *root.findChildren(QWidget)]:
        for getter in ("text", "windowTitle", "accessibleName", "accessibleDescription",
                       "toolTip", "placeholderText", "title", "specialValueText", "prefix",
                       "suffix", "cleanText"):
            value = getattr(w, getter, None)
            if callable(value):
                try:
                    result = value()
                except TypeError:
                    continue
                if isinstance(result, str) and result:
                    out.append(f"{type(w).__name__}.{getter}={result}")
    return sorted(out)


@pytest.fixture
def window(make_window, journal, skills, data_dir):
    from tracker.settings import Settings

    win = make_window()
    settings = Settings.load(data_dir / "settings.json")
    controller = install_reality(win, journal, settings)
    controller.timer.stop()
    win.reality_controller = controller
    return win


def test_install_adds_tab_and_menu(window):
    assert window.tabs.tabText(window.tabs.count() - 1).startswith("Reality")
    assert "&Reality" in [a.text() for a in window.menuBar().actions()]


def test_log_an_evaluation_keyboard_only_then_resolve(qtbot, kb, window, journal, skills):
    reality = Reality(journal)
    dialog = LogEvaluationDialog(reality, window)
    open_dialog(qtbot, dialog)
    dialog.kind.setFocus()
    kb.press(Qt.Key.Key_Down)  # Application -> Interview
    kb.tab()
    kb.type("ACME")
    kb.tab()
    kb.type("backend job")
    tab_to(kb, dialog.probability)
    kb.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    kb.type("35")
    assert dialog.state.isChecked()  # no recent check-in: offer to record the state now
    overall, writing = skills
    assert list(dialog.state.ratings) == [overall, writing]  # every skill, the form's buttons
    assert "sleep_hours" in dialog.state.inputs  # and every factor, sleep included
    tab_to(kb, dialog.state.ratings[overall])
    kb.type("6")
    kb.tab()
    kb.tab()  # Writing skipped
    kb.type("3")  # mood
    with qtbot.waitSignal(dialog.accepted):
        kb.press(Qt.Key.Key_Return)
    window.apply_change(dialog.change)
    (ev,) = reality.evaluations()
    assert (ev.kind.value, ev.evaluator, ev.purpose) == ("interview", "ACME", "backend job")
    assert ev.prediction.probability == pytest.approx(0.35)
    linked = journal.get(ev.prediction.checkin_id)
    assert linked.values == {"mood": 3.0} and linked.ratings == {overall: 6}
    panel = window.reality_controller.panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    assert panel.table.item(0, 5).text() == "pending"

    resolve = ResolveDialog(reality, ev, window)
    open_dialog(qtbot, resolve)
    resolve.outcome.setFocus()
    kb.press(Qt.Key.Key_Down)  # rejected
    kb.tab()
    kb.type("went with someone internal")
    with qtbot.waitSignal(resolve.accepted):
        kb.press(Qt.Key.Key_Return)
    window.apply_change(resolve.change)
    qtbot.waitUntil(lambda: "reason given" in panel.table.item(0, 5).text())
    assert reality.evaluations()[0].outcome.reason == "went with someone internal"
    # opened again, the dialog corrects the recorded outcome, starting from it
    again = ResolveDialog(reality, reality.evaluations()[0], window)
    open_dialog(qtbot, again)
    assert again.windowTitle() == "Change the outcome"
    assert again.outcome.currentData() == "rejected"
    assert again.reason.text() == "went with someone internal"
    again.outcome.setCurrentIndex(again.outcome.findData("accepted"))
    with qtbot.waitSignal(again.accepted):
        again.buttons.button(again.buttons.StandardButton.Save).click()
    assert reality.evaluations()[0].outcome.result.value == "accepted"


def test_a_bad_prediction_keeps_the_dialog_open_with_a_message(qtbot, window, journal, boxes):
    dialog = LogEvaluationDialog(Reality(journal), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # neither evaluator nor purpose
    assert dialog.isVisible() and boxes.texts("warning") == [
        "Say who evaluated you or what it was for."]


def _blind_dialog_texts(qtbot, journal, skill_id: str, rating: int) -> tuple[list[str], object]:
    reality = Reality(journal)
    checkin = journal.record(ratings={skill_id: rating}, tags=["release day"],
                             note="Shipped the migration; tired but happy.", at=OLD).ids[0]
    blind = reality.pick_for_revisit(random.Random(0))
    dialog = BlindRerateDialog(reality, blind)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    texts = every_text(dialog)
    journal.delete(checkin)
    return texts, dialog


def test_blind_rerating_never_shows_the_old_rating(qtbot, journal, skills):
    low, _ = _blind_dialog_texts(qtbot, journal, skills[0], 2)
    high, dialog = _blind_dialog_texts(qtbot, journal, skills[0], 9)
    assert low == high  # nothing on screen depends on the rating then
    assert any("Shipped the migration" in t for t in high)
    assert any("release day" in t for t in high)
    spins = dialog.findChildren(QAbstractSpinBox)
    assert spins and all(s.text() in ("–", "– %", "") for s in spins)  # nothing pre-filled


def test_blind_rerating_keyboard_only(qtbot, kb, window, journal, skills):
    overall, writing = skills
    journal.record(ratings={overall: 7, writing: 4}, note="long day", at=OLD)
    reality = Reality(journal)
    dialog = BlindRerateDialog(reality, reality.pick_for_revisit(), window)
    open_dialog(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.inputs[overall])
    kb.type("5")
    kb.tab()
    kb.type("6")
    with qtbot.waitSignal(dialog.accepted):
        kb.press(Qt.Key.Key_Return)
    window.apply_change(dialog.change)
    got = {r.skill_id: (r.rating_then, r.rating_now) for r in reality.revisits()}
    assert got == {overall: (7, 5), writing: (4, 6)}


def test_gentle_prompts_overdue_first_and_rerating_at_most_weekly(window, journal, skills):
    controller = window.reality_controller
    panel = controller.panel
    reality = controller.reality
    assert controller.check_prompts() is None and panel.banner.isHidden()
    journal.record(ratings={skills[0]: 5}, at=OLD)
    assert controller.check_prompts() == "rerate"
    assert controller.settings.rerate_last_offered == date.today().isoformat()
    assert "hidden" in panel.banner_label.text()
    panel.hide_banner()
    assert controller.check_prompts() is None  # not twice in a week
    controller.today = lambda: date.today() + timedelta(days=7)
    ev = reality.log_evaluation(kind="exam", purpose="driving test",
                                expected_by=date.today() + timedelta(days=2)).ids[0]
    assert controller.check_prompts() == "overdue"
    assert "driving test" in panel.banner_label.text()
    assert window.tabs.tabText(controller.tab_index) == "Reality (1)"
    reality.resolve(ev, "accepted")
    assert controller.check_prompts() == "rerate"


def test_charts_draw_and_render(qtbot, window, journal, skills, tmp_path):
    reality = Reality(journal)
    fill(journal, reality, skills[0])
    panel = window.reality_controller.panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: len(panel.charts) == 3)
    files = panel.render_charts(tmp_path)
    assert [f.name for f in files] == ["reality-tab.png", "reality-reliability.png",
                                       "reality-then_now.png", "reality-differences.png"]
    assert all(f.stat().st_size > 10_000 for f in files)
    section = panel.revisit_section()
    assert section.differences.n == 40
    assert "Calibration: 36 predictions" in panel.summary.text()


def fill(journal, reality: Reality, skill_id: str, seed: int = 4) -> None:
    """A year of check-ins, 36 resolved predictions and 40 blind re-ratings."""
    rng = random.Random(seed)
    start = datetime.now(PLUS1).replace(hour=9, minute=0, second=0, microsecond=0)
    skill = [6.0]
    for i in range(120, 0, -1):
        skill[0] += rng.gauss(0, 0.05)
        mood = rng.randint(2, 9)
        rating = max(1, min(10, round(skill[0] + 0.3 * (mood - 5.5) + rng.gauss(0, 1))))
        journal.record(ratings={skill_id: rating}, values={"mood": mood},
                       at=start - timedelta(days=i * 3))
    for i in range(37):
        p = rng.choice([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
        ev = reality.log_evaluation(
            kind=rng.choice(["application", "interview", "peer-review"]), evaluator=f"Org {i}",
            probability=p, at=start - timedelta(days=200 - i * 5),
            checkin=CheckInDraft({skill_id: rng.randint(4, 8)}, {"mood": rng.randint(2, 9)}))
        if i < 36:
            good = rng.random() < p * 0.8
            reality.resolve(ev.ids[0], "accepted" if good else rng.choice(
                ["rejected", "no-answer"]), reason="" if rng.random() < 0.6 else "fit")
    for _ in range(40):
        blind = reality.pick_for_revisit(rng)
        then = journal.get(blind.checkin_id).ratings[skill_id]
        now = max(1, min(10, round(6 + 0.55 * (then - 6) + rng.gauss(0.05, 1.1))))
        reality.record_revisit(blind.checkin_id, {skill_id: now})


def test_the_prompt_and_the_badge_go_once_answered(qtbot, kb, window, journal, skills):
    """The "a day is ready" banner and the tab's badge stayed after the day was re-rated (from
    the menu, say); an outcome recorded takes its overdue prompt away, or shows the next."""
    controller = window.reality_controller
    panel = controller.panel
    reality = controller.reality
    journal.record(ratings={skills[0]: 5}, at=OLD)
    assert controller.check_prompts() == "rerate"
    assert panel.banner.isVisibleTo(panel) and window.tabs.tabText(controller.tab_index) == (
        "Reality •")
    dialog = BlindRerateDialog(reality, reality.pick_for_revisit(), window)
    open_dialog(qtbot, dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.inputs[skills[0]])
    kb.type("6")
    with qtbot.waitSignal(dialog.accepted):
        kb.press(Qt.Key.Key_Return)
    window.apply_change(dialog.change)
    assert not panel.banner.isVisibleTo(panel)
    assert window.tabs.tabText(controller.tab_index) == "Reality"

    controller.today = lambda: date.today() + timedelta(days=7)
    first, second = (reality.log_evaluation(kind="exam", purpose=name,
                                            expected_by=date.today() + timedelta(days=2)).ids[0]
                     for name in ("driving test", "theory test"))
    assert controller.check_prompts() == "overdue"
    assert window.tabs.tabText(controller.tab_index) == "Reality (2)"
    window.apply_change(reality.resolve(first, "accepted"))
    assert panel.banner.isVisibleTo(panel) and "theory test" in panel.banner_label.text()
    assert window.tabs.tabText(controller.tab_index) == "Reality (1)"
    window.apply_change(reality.resolve(second, "rejected"))
    assert not panel.banner.isVisibleTo(panel)
    assert window.tabs.tabText(controller.tab_index) == "Reality"


def test_the_log_dialog_shows_every_state_input_whole_and_its_placeholders(qtbot, window,
                                                                           journal, skills):
    """The state inputs were spin boxes for one skill and four factors (no sleep); now the
    form's 1–10 buttons for every skill and every factor — and nothing is cut off: the dialog
    was held at an explicit 440 px while its rows needed more."""
    dialog = LogEvaluationDialog(Reality(journal), window)
    open_dialog(qtbot, dialog)
    fields = [*dialog.state.ratings.values(), *dialog.state.inputs.values()]
    assert len(fields) == len(skills) + len(journal.factors())
    # the rows get the room they need (squeezed below it, the 10 button was cut off)
    assert dialog.state.width() >= dialog.state.minimumSizeHint().width()
    assert dialog.width() >= dialog.layout_.minimumSize().width()
    for edit in (dialog.evaluator, dialog.purpose):
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert edit.width() > needed + 8, edit.placeholderText()
