"""SettingsDialog: reminders, the form's factors, tray, theme, week start, re-rating, backups,
and privacy (encryption).

Reads from and writes to the declared ``Settings``; factor order goes through the journal
(``reorder_factors``), so the form and the history follow it. Keyboard: every control has a
mnemonic or a labelled buddy, and the tab order follows the reading order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.services.changes import Change, ChangeKind
from tracker.services.journal import Journal
from tracker.services.reminders import (
    SNOOZE_CHOICES,
    check_settings,
    parse_clock,
    parse_window,
)
from tracker.settings import Settings
from tracker.ui import autostart, counts, dialogs, file_dialogs
from tracker.ui.labels import factor_name
from tracker.ui.privacy_page import PrivacyPage, Switch
from tracker.ui.probes.offer import OFFER_CHOICES
from tracker.ui.style import apply_style, mark_hint

RERATE_CHOICES = ("off", "weekly", "fortnightly", "monthly")
ROLE = Qt.ItemDataRole.UserRole


def _label(form: QFormLayout, field: QWidget | QLayout) -> QLabel:
    """The label ``addRow`` made for ``field`` (typed as any widget)."""
    label = form.labelForField(field)
    assert isinstance(label, QLabel)
    return label


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    mark_hint(label)
    label.setWordWrap(True)
    return label


def _time_edit(name: str, parent: QWidget) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def _set_time(edit: QTimeEdit, value: time) -> None:
    edit.setTime(QTime(value.hour, value.minute))


def _clock(edit: QTimeEdit) -> str:
    return edit.time().toString("HH:mm")


class _WindowRow(QWidget):
    """Two time edits: "from … to …"."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.start = _time_edit(name + " " + self.tr("starts"), self)
        self.end = _time_edit(name + " " + self.tr("ends"), self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(QLabel(self.tr("to"), self))
        row.addWidget(self.end)
        row.addStretch(1)
        self.setFocusProxy(self.start)

    def set_text(self, text: str, fallback: str) -> None:
        try:
            start, end = parse_window(text)
        except UserError:
            start, end = parse_window(fallback)
        _set_time(self.start, start)
        _set_time(self.end, end)

    def text(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


class SettingsDialog(QDialog):
    """All user settings; OK checks, saves and applies them, Cancel changes nothing."""

    applied = Signal()

    def __init__(
        self,
        settings: Settings,
        journal: Journal,
        on_change: Callable[[Change], None],
        parent: QWidget | None = None,
        *,
        tray_available: bool = False,
        autostart_home: Path | None = None,
        encryption_switch: Switch | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self.journal = journal
        self.on_change = on_change
        self.tray_available = tray_available
        self.autostart_home = autostart_home
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Settings pages"))
        self.tabs.tabBar().setAccessibleName(self.tr("Settings pages"))
        self.tabs.addTab(self._reminders_page(), self.tr("&Reminders"))
        self.tabs.addTab(self._form_page(), self.tr("F&orm"))
        self.tabs.addTab(self._general_page(), self.tr("&General"))
        self.privacy = PrivacyPage(DataPaths(journal.data_dir), settings, encryption_switch, self)
        self.tabs.addTab(self.privacy, self.tr("Pri&vacy"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.load()
        self._mode_changed()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()).width() + 40, 470)

    # pages -------------------------------------------------------------------------------
    def _reminders_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.mode = QComboBox(page)
        self.mode.addItem(self.tr("At a random moment inside a window (recommended)"), "random")
        self.mode.addItem(self.tr("At a fixed time"), "fixed")
        self.mode.addItem(self.tr("Never"), "off")
        self.mode.setAccessibleName(self.tr("Remind me"))
        self.twice = QCheckBox(self.tr("&Twice a day: morning and evening"), page)
        self.twice.setAccessibleName(self.tr("Twice a day: morning and evening"))
        self.window_row = _WindowRow(self.tr("Window"), page)
        self.morning_row = _WindowRow(self.tr("Morning window"), page)
        self.evening_row = _WindowRow(self.tr("Evening window"), page)
        self.fixed_time = _time_edit(self.tr("Remind at"), page)
        self.morning_time = _time_edit(self.tr("Morning reminder at"), page)
        self.snooze = QComboBox(page)
        for minutes in SNOOZE_CHOICES:
            self.snooze.addItem(counts.minutes(minutes), minutes)
        self.snooze.setAccessibleName(self.tr("Snooze for"))
        form.addRow(self.tr("Remind &me"), self.mode)
        form.addRow("", self.twice)
        form.addRow(self.tr("&Window"), self.window_row)
        form.addRow(self.tr("Mor&ning window"), self.morning_row)
        form.addRow(self.tr("&Evening window"), self.evening_row)
        form.addRow(self.tr("Morning remin&der at"), self.morning_time)
        form.addRow(self.tr("Remind &at"), self.fixed_time)
        form.addRow(self.tr("Snoo&ze for"), self.snooze)
        for row in (self.window_row, self.morning_row, self.evening_row):
            _label(form, row).setBuddy(row.start)  # a label focuses a control, not a box
        self.reminder_form = form
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.twice.toggled.connect(self._mode_changed)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(_hint(self.tr(
            "A random moment is the honest default: reminders at the same hour every day would "
            "tie your answers to that hour and hide how the time of day moves them. No reminder "
            "comes when you already checked in inside the window."), page))
        layout.addStretch(1)
        return page

    def _form_page(self) -> QWidget:
        page = QWidget(self)
        self.factor_list = QListWidget(page)
        self.factor_list.setAccessibleName(self.tr("Factors on the check-in form"))
        label = QLabel(self.tr("Factors on the &check-in form (ticked ones are shown):"), page)
        label.setBuddy(self.factor_list)
        self.up_button = QPushButton(self.tr("Move &up"), page)
        self.down_button = QPushButton(self.tr("Move do&wn"), page)
        self.manage_button = QPushButton(self.tr("&Skills && custom factors…"), page)
        for button, name in ((self.up_button, self.tr("Move factor up")),
                             (self.down_button, self.tr("Move factor down")),
                             (self.manage_button, self.tr("Skills and custom factors"))):
            button.setAccessibleName(name)
            button.setAutoDefault(False)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.manage_button.clicked.connect(self.manage)
        side = QVBoxLayout()
        side.addWidget(self.up_button)
        side.addWidget(self.down_button)
        side.addStretch(1)
        side.addWidget(self.manage_button)
        row = QHBoxLayout()
        row.addWidget(self.factor_list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(page)
        layout.addWidget(label)
        layout.addLayout(row, 1)
        layout.addWidget(_hint(self.tr(
            "Space ticks or unticks the selected factor. A hidden factor keeps its past values; "
            "it is simply not asked for."), page))
        return page

    def _general_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout()
        self.theme = QComboBox(page)
        self.theme.addItem(self.tr("Follow the system"), "system")
        self.theme.addItem(self.tr("Light"), "light")
        self.theme.addItem(self.tr("Dark"), "dark")
        self.theme.setAccessibleName(self.tr("Theme"))
        self.close_to_tray = QCheckBox(
            self.tr("&Keep running in the tray when the window is closed"), page)
        self.close_to_tray.setAccessibleName(
            self.tr("Keep running in the tray when the window is closed"))
        if not self.tray_available:
            self.close_to_tray.setEnabled(False)
            self.close_to_tray.setToolTip(self.tr("This desktop has no system tray."))
        self.start_at_login = QCheckBox(self.tr("Start Touchstone at &login"), page)
        self.start_at_login.setAccessibleName(self.tr("Start Touchstone at login"))
        if not autostart.supported():
            self.start_at_login.setEnabled(False)
            self.start_at_login.setToolTip(self.tr(
                "Set this in your system's login items (see docs/DESKTOP.md)."))
        self.week_start = QComboBox(page)
        self.week_start.addItem(self.tr("Monday"), True)
        self.week_start.addItem(self.tr("Sunday"), False)
        self.week_start.setAccessibleName(self.tr("Week starts on"))
        self.rerate = QComboBox(page)
        for key, text in zip(RERATE_CHOICES, (self.tr("Never"), self.tr("Every week"),
                                              self.tr("Every two weeks"),
                                              self.tr("Every month")), strict=True):
            self.rerate.addItem(text, key)
        self.rerate.setAccessibleName(self.tr("Ask me to re-rate past days"))
        self.probe_offer = QComboBox(page)
        for key, text in zip(OFFER_CHOICES, (self.tr("Never"), self.tr("After every check-in"),
                                             self.tr("After a random third of check-ins")),
                             strict=True):
            self.probe_offer.addItem(text, key)
        self.probe_offer.setAccessibleName(self.tr("Offer a probe"))
        self.backup_dir = QLineEdit(page)
        self.backup_dir.setAccessibleName(self.tr("Backup folder"))
        self.backup_dir.setPlaceholderText(
            str(self.journal.data_dir / "backups") + "  " + self.tr("(default)"))
        self.backup_dir.setClearButtonEnabled(True)
        self.choose_backup = QPushButton(self.tr("Choo&se…"), page)
        self.choose_backup.setAccessibleName(self.tr("Choose backup folder"))
        self.choose_backup.setAutoDefault(False)
        self.choose_backup.clicked.connect(self.pick_backup_dir)
        backup_row = QHBoxLayout()
        backup_row.addWidget(self.backup_dir, 1)
        backup_row.addWidget(self.choose_backup)
        form.addRow(self.tr("T&heme"), self.theme)
        form.addRow("", self.close_to_tray)
        form.addRow("", self.start_at_login)
        form.addRow(self.tr("&Week starts on"), self.week_start)
        form.addRow(self.tr("Re-rate &past days"), self.rerate)
        form.addRow(self.tr("O&ffer a probe"), self.probe_offer)
        form.addRow(self.tr("&Backup folder"), backup_row)
        _label(form, backup_row).setBuddy(self.backup_dir)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(_hint(self.tr(
            "Re-rating: now and then Touchstone shows you a past day, without what you answered "
            "then, and asks how skilled you were. The difference shows how noisy a single "
            "self-rating is. A probe (a short timed task, offered after a check-in) measures "
            "what the rating only judges; a random third keeps the measured days a fair "
            "sample."), page))
        layout.addStretch(1)
        return page

    # load and save -----------------------------------------------------------------------
    def load(self) -> None:
        s, defaults = self.settings, Settings()
        self._select(self.mode, s.reminder_mode)
        self.twice.setChecked(s.reminder_twice)
        self.window_row.set_text(s.reminder_window, defaults.reminder_window)
        self.morning_row.set_text(s.reminder_morning, defaults.reminder_morning)
        self.evening_row.set_text(s.reminder_evening, defaults.reminder_evening)
        for edit, value, fallback in ((self.fixed_time, s.reminder_time, defaults.reminder_time),
                                      (self.morning_time, s.reminder_morning_time,
                                       defaults.reminder_morning_time)):
            try:
                _set_time(edit, parse_clock(value))
            except UserError:
                _set_time(edit, parse_clock(fallback))
        self._select(self.snooze, s.reminder_snooze_minutes)
        self._select(self.theme, s.theme)
        self.close_to_tray.setChecked(s.close_to_tray)
        self.start_at_login.setChecked(s.start_at_login)
        self._select(self.week_start, s.week_starts_monday)
        self._select(self.rerate, s.rerate_frequency)
        self._select(self.probe_offer, s.probe_offer)
        self.backup_dir.setText(s.backup_dir)
        self._fill_factors()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index < 0 and combo.count():
            index = 0 if value not in ("off",) else combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def _fill_factors(self, order: list[str] | None = None,
                      hidden: set[str] | None = None) -> None:
        """List the active factors: in ``order`` (new ones last), ticked unless ``hidden``."""
        hidden = set(self.settings.hidden_factors) if hidden is None else hidden
        current = self._selected_factor()
        known = {f.id: f for f in self.journal.factors()}
        order = [i for i in order or [] if i in known]
        self.factor_list.clear()
        for factor_id in order + [i for i in known if i not in order]:
            item = QListWidgetItem(factor_name(known[factor_id]))
            item.setData(ROLE, factor_id)
            item.setCheckState(_check(factor_id not in hidden))
            self.factor_list.addItem(item)
            if factor_id == current:
                self.factor_list.setCurrentItem(item)
        if self.factor_list.currentItem() is None and self.factor_list.count():
            self.factor_list.setCurrentRow(0)

    def _selected_factor(self) -> str | None:
        item = self.factor_list.currentItem() if hasattr(self, "factor_list") else None
        return item.data(ROLE) if item else None

    def factor_order(self) -> list[str]:
        return [self.factor_list.item(i).data(ROLE) for i in range(self.factor_list.count())]

    def hidden_factors(self) -> list[str]:
        return [self.factor_list.item(i).data(ROLE) for i in range(self.factor_list.count())
                if self.factor_list.item(i).checkState() != _check(True)]

    def _mode_changed(self) -> None:
        mode, twice = self.mode.currentData(), self.twice.isChecked()
        visible = {
            self.twice: mode != "off",
            self.window_row: mode == "random" and not twice,
            self.morning_row: mode == "random" and twice,
            self.evening_row: mode == "random" and twice,
            self.morning_time: mode == "fixed" and twice,
            self.fixed_time: mode == "fixed",
            self.snooze: mode != "off",
        }
        for widget, shown in visible.items():
            self.reminder_form.setRowVisible(widget, shown)
        label = self.reminder_form.labelForField(self.fixed_time)
        if isinstance(label, QLabel):
            label.setText(self.tr("Evening remind&er at") if twice else self.tr("Remind &at"))

    def reminder_values(self) -> dict[str, Any]:
        return {
            "reminder_mode": self.mode.currentData(),
            "reminder_twice": self.twice.isChecked(),
            "reminder_window": self.window_row.text(),
            "reminder_morning": self.morning_row.text(),
            "reminder_evening": self.evening_row.text(),
            "reminder_time": _clock(self.fixed_time),
            "reminder_morning_time": _clock(self.morning_time),
            "reminder_snooze_minutes": self.snooze.currentData(),
        }

    def apply(self) -> bool:
        """Check, save and apply; False (with a message, nothing saved) on a bad value."""
        values = self.reminder_values()
        try:
            check_settings(values["reminder_mode"], values["reminder_twice"],
                           values["reminder_window"], values["reminder_morning"],
                           values["reminder_evening"], values["reminder_time"],
                           values["reminder_morning_time"])
        except UserError as exc:
            self.tabs.setCurrentIndex(0)
            dialogs.warn(self, exc.message, self.tr("Check the reminder times"))
            return False
        s = self.settings
        login = self.start_at_login.isChecked()
        if login != s.start_at_login or (login and not autostart.is_enabled(self.autostart_home)):
            try:
                autostart.set_enabled(login, self.journal.data_dir, self.autostart_home)
            except UserError as exc:
                self.tabs.setCurrentIndex(2)
                dialogs.warn(self, exc.message, self.tr("Start at login"))
                return False
        for name, value in values.items():
            setattr(s, name, value)
        s.start_at_login = login
        s.theme = self.theme.currentData()
        s.close_to_tray = self.close_to_tray.isChecked()
        s.week_starts_monday = bool(self.week_start.currentData())
        s.rerate_frequency = self.rerate.currentData()
        s.probe_offer = self.probe_offer.currentData()
        s.backup_dir = self.backup_dir.text().strip()
        if not self.privacy.apply(s):
            self.tabs.setCurrentWidget(self.privacy)
            return False
        hidden_before, s.hidden_factors = set(s.hidden_factors), self.hidden_factors()
        order = self.factor_order()
        if order != [f.id for f in self.journal.factors()]:
            archived = [f.id for f in self.journal.factors(include_archived=True) if f.archived]
            self._run(lambda: self.journal.reorder_factors(order + archived))
        elif hidden_before != set(s.hidden_factors):
            self.on_change(Change(ChangeKind.FACTORS, (), ""))  # the form shows other factors now
        try:
            s.save()
        except OSError as exc:
            dialogs.warn(self, self.tr("Settings could not be saved: %1").replace(
                "%1", exc.strerror or str(exc)))
            return False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app, s.theme)
        self.applied.emit()
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    # actions -----------------------------------------------------------------------------
    def _run(self, action: Callable[[], Change]) -> bool:
        try:
            change = action()
        except UserError as exc:
            dialogs.warn(self, exc.message)
            return False
        self.on_change(change)
        return True

    def _move(self, delta: int) -> None:
        row = self.factor_list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.factor_list.count():
            return
        item = self.factor_list.takeItem(row)
        self.factor_list.insertItem(target, item)
        self.factor_list.setCurrentRow(target)

    def manage(self) -> None:
        """The existing Skills & factors dialog; new or archived factors show up here after."""
        from tracker.ui.manage_dialog import ManageDialog

        hidden, order = set(self.hidden_factors()), self.factor_order()
        ManageDialog(self.journal, self.on_change, self).exec()
        self._fill_factors(order, hidden)

    def pick_backup_dir(self) -> None:
        start = self.backup_dir.text().strip() or str(self.journal.data_dir)
        chosen = file_dialogs.existing_directory(self, self.tr("Backup folder"), start)
        if chosen:
            self.backup_dir.setText(chosen)


def _check(on: bool) -> Qt.CheckState:
    return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
