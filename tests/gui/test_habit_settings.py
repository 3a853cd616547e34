"""The Settings dialog: round trip through the file, Cancel, bad input, upgrade, theme, factors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from habit_support import reset_style
from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QFileDialog

from tracker import settings as settings_module
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui import style
from tracker.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _light_again():
    yield
    reset_style()


@pytest.fixture
def settings_path(data_dir: Path) -> Path:
    return data_dir / "settings.json"


@pytest.fixture
def open_dialog(qtbot, journal: Journal, settings_path: Path, tmp_path: Path):
    changes = []

    def make(settings: Settings | None = None) -> SettingsDialog:
        dialog = SettingsDialog(settings or Settings.load(settings_path), journal, changes.append,
                                tray_available=True, autostart_home=tmp_path / "config")
        qtbot.addWidget(dialog)
        dialog.changes = changes
        return dialog

    return make


def factor_rows(dialog: SettingsDialog) -> list[tuple[str, bool]]:
    lst = dialog.factor_list
    return [(lst.item(i).data(Qt.ItemDataRole.UserRole),
             lst.item(i).checkState() == Qt.CheckState.Checked) for i in range(lst.count())]


def test_defaults_shown(open_dialog):
    d = open_dialog()
    assert d.mode.currentData() == "random" and not d.twice.isChecked()
    assert d.window_row.text() == "09:00-21:00" and d.snooze.currentData() == 15
    assert d.theme.currentData() == "system" and d.rerate.currentData() == "weekly"
    assert d.week_start.currentData() is True
    assert not d.close_to_tray.isChecked() and not d.start_at_login.isChecked()
    assert all(shown for _, shown in factor_rows(d))
    # random mode, once a day: only the window row; fixed-time rows hidden
    assert d.reminder_form.isRowVisible(d.window_row)
    assert not d.reminder_form.isRowVisible(d.fixed_time)
    assert not d.reminder_form.isRowVisible(d.morning_row)


def test_round_trip_dialog_file_dialog(qtbot, open_dialog, journal, settings_path, monkeypatch,
                                       tmp_path):
    d = open_dialog()
    d.mode.setCurrentIndex(d.mode.findData("fixed"))
    d.twice.setChecked(True)
    assert d.reminder_form.isRowVisible(d.morning_time)
    d.morning_time.setTime(QTime(7, 45))
    d.fixed_time.setTime(QTime(19, 30))
    d.morning_row.start.setTime(QTime(6, 0))
    d.snooze.setCurrentIndex(d.snooze.findData(30))
    d.theme.setCurrentIndex(d.theme.findData("dark"))
    d.week_start.setCurrentIndex(d.week_start.findData(False))
    d.rerate.setCurrentIndex(d.rerate.findData("monthly"))
    d.close_to_tray.setChecked(True)
    backups = tmp_path / "my backups"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(backups))
    qtbot.mouseClick(d.choose_backup, Qt.MouseButton.LeftButton)
    assert d.backup_dir.text() == str(backups)
    # hide Hunger (Space on the selected row), move Stress to the top
    d.factor_list.setCurrentRow([i for i, _ in factor_rows(d)].index("hunger"))
    d.factor_list.currentItem().setCheckState(Qt.CheckState.Unchecked)
    d.factor_list.setCurrentRow(len(factor_rows(d)) - 1)
    for _ in range(len(factor_rows(d)) - 1):
        qtbot.mouseClick(d.up_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(d.applied):
        d.buttons.button(d.buttons.StandardButton.Ok).click()
    assert d.result() == d.DialogCode.Accepted

    raw = json.loads(settings_path.read_text())
    assert raw["reminder_mode"] == "fixed" and raw["reminder_twice"] is True
    assert (raw["reminder_morning_time"], raw["reminder_time"]) == ("07:45", "19:30")
    assert raw["reminder_morning"] == "06:00-12:00" and raw["reminder_snooze_minutes"] == 30
    assert raw["theme"] == "dark" and raw["week_starts_monday"] is False
    assert raw["rerate_frequency"] == "monthly" and raw["close_to_tray"] is True
    assert raw["backup_dir"] == str(backups) and raw["hidden_factors"] == ["hunger"]
    assert raw["version"] == settings_module.SETTINGS_VERSION
    assert [f.id for f in journal.factors()][0] == "stress"
    assert d.changes and d.changes[-1].kind == "factors"
    # the palette switched with OK
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name() == "#1f2229"

    again = open_dialog(Settings.load(settings_path))
    assert again.reminder_values() == d.reminder_values()
    assert (again.theme.currentData(), again.week_start.currentData(),
            again.rerate.currentData(), again.backup_dir.text()) == (
        "dark", False, "monthly", str(backups))
    assert again.close_to_tray.isChecked()
    assert factor_rows(again)[0] == ("stress", True)
    assert ("hunger", False) in factor_rows(again)


def test_cancel_changes_nothing(open_dialog, settings_path, journal):
    d = open_dialog()
    order = [f.id for f in journal.factors()]
    d.theme.setCurrentIndex(d.theme.findData("dark"))
    d.factor_list.setCurrentRow(1)
    d.up_button.click()
    d.reject()
    assert not settings_path.exists()
    assert [f.id for f in journal.factors()] == order
    assert d.settings.theme == "system"


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: (d.window_row.start.setTime(QTime(21, 0)), d.window_row.end.setTime(QTime(9, 0))),
     "The window 21:00-09:00 must end after it starts (windows stay within one day)."),
    (lambda d: (d.twice.setChecked(True), d.morning_row.end.setTime(QTime(18, 0))),
     "The morning window must end before the evening one starts."),
    (lambda d: (d.mode.setCurrentIndex(d.mode.findData("fixed")), d.twice.setChecked(True),
                d.morning_time.setTime(QTime(21, 0))),
     "The morning reminder must come before the evening one."),
])
def test_bad_reminder_times_are_refused_with_a_message(open_dialog, boxes, settings_path, setup,
                                                       message):
    d = open_dialog()
    d.tabs.setCurrentIndex(2)
    setup(d)
    d.accept()
    assert boxes.texts("warning") == [message]
    assert d.result() != d.DialogCode.Accepted and d.tabs.currentIndex() == 0
    assert not settings_path.exists()


def test_file_from_before_the_habit_fields_upgrades_to_defaults(open_dialog, settings_path):
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(json.dumps({
        "version": 1, "welcome_done": True, "theme": "light", "hidden_factors": ["stress"],
        "week_starts_monday": False}))
    s = Settings.load(settings_path)
    assert (s.reminder_mode, s.reminder_window, s.close_to_tray, s.start_at_login,
            s.rerate_frequency) == ("random", "09:00-21:00", False, False, "weekly")
    d = open_dialog(s)
    assert d.theme.currentData() == "light" and d.week_start.currentData() is False
    assert ("stress", False) in factor_rows(d)
    d.accept()
    raw = json.loads(settings_path.read_text())
    assert raw["welcome_done"] is True and raw["reminder_mode"] == "random"
    assert raw["hidden_factors"] == ["stress"]


def test_odd_values_in_the_file_show_as_defaults(open_dialog, settings_path):
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(json.dumps({
        "version": 1, "reminder_mode": "hourly", "reminder_window": "21:00-9",
        "reminder_time": "25:61", "reminder_snooze_minutes": 7, "rerate_frequency": 3}))
    d = open_dialog()
    assert d.mode.currentData() == "random" and d.window_row.text() == "09:00-21:00"
    assert d.fixed_time.time() == QTime(20, 0) and d.snooze.currentData() == 5
    assert d.rerate.currentData() == "weekly"


def test_upgrade_step_can_rename_a_habit_field(settings_path, monkeypatch):
    """The upgrade machinery carries old names into the new fields (a future v1 -> v2)."""
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_text(json.dumps({"version": 1, "remind_at": "07:15"}))

    def v1_to_v2(raw):
        raw["reminder_mode"], raw["reminder_time"] = "fixed", raw.pop("remind_at")
        return raw

    monkeypatch.setattr(settings_module, "SETTINGS_VERSION", 2)
    monkeypatch.setitem(settings_module.UPGRADES, 1, v1_to_v2)
    s = Settings.load(settings_path)
    assert (s.reminder_mode, s.reminder_time) == ("fixed", "07:15")


def test_palettes_switch_directly(qapp):
    app = QApplication.instance()
    window = lambda: app.palette().color(QPalette.ColorRole.Window).name()  # noqa: E731
    style.apply_style(app, "dark")
    assert window() == "#1f2229" and "indicator:unchecked" in app.styleSheet()
    style.apply_style(app, "light")
    assert window() == "#f4f5f7" and "indicator:unchecked" not in app.styleSheet()
    # offscreen the desktop reports no scheme: "system" is light
    style.apply_style(app, "system")
    assert window() == "#f4f5f7"
    assert style.is_dark("dark", app) and not style.is_dark("light", app)


def test_system_theme_follows_a_dark_desktop(qapp, monkeypatch):
    app = QApplication.instance()
    monkeypatch.setattr(style, "system_prefers_dark", lambda _app: True)
    style.apply_style(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#1f2229"
    style.apply_style(app, "light")
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#f4f5f7"


def test_manage_button_opens_the_skills_dialog_and_new_factors_appear(open_dialog, journal,
                                                                      monkeypatch):
    from tracker.domain import FactorKind
    from tracker.ui import manage_dialog

    opened = []

    def fake_exec(self):
        opened.append(self.windowTitle())
        self.on_change(self.journal.add_factor("Coffee", FactorKind.NUMBER, 0, 10, 1, "cups"))
        return 0

    monkeypatch.setattr(manage_dialog.ManageDialog, "exec", fake_exec)
    d = open_dialog()
    d.factor_list.item(0).setCheckState(Qt.CheckState.Unchecked)  # an unsaved choice survives
    d.manage_button.click()
    assert opened == ["Skills & factors"]
    rows = factor_rows(d)
    assert rows[0] == ("mood", False)
    coffee = next(f.id for f in journal.factors() if f.name == "Coffee")
    assert rows[-1] == (coffee, True)
    assert d.changes[-1].kind == "factors"


def test_hidden_factors_leave_the_form(make_window, skills, journal):
    from habit_support import install_all

    window = make_window()
    habit = install_all(window, journal, window.settings, tray_available=False)
    assert window.form.factor_input("hunger") is not None
    dialog = SettingsDialog(window.settings, journal, window.apply_change)
    rows = [dialog.factor_list.item(i) for i in range(dialog.factor_list.count())]
    next(r for r in rows if r.data(Qt.ItemDataRole.UserRole) == "hunger").setCheckState(
        Qt.CheckState.Unchecked)
    dialog.accept()
    with pytest.raises(KeyError):
        window.form.factor_input("hunger")
    assert window.form.factor_input("mood") is not None
    # the window's own refresh (a new skill) keeps the factor hidden
    window.apply_change(journal.add_skill("Drawing"))
    with pytest.raises(KeyError):
        window.form.factor_input("hunger")
    habit.shutdown()
