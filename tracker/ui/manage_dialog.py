"""ManageDialog: add, rename, reorder and archive skills and factors, and edit a factor's range,
unit and end labels; unsaved edits are never dropped without asking."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import Factor, FactorKind, Skill
from tracker.errors import UserError
from tracker.services.changes import Change
from tracker.services.journal import Journal
from tracker.ui import dialogs
from tracker.ui.labels import factor_name


class _Page(QWidget):
    """A list with Add / Move up / Move down / Archive and a details form for the selection."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.add_button = QPushButton(self.tr("Add…"), self)
        self.up_button = QPushButton(self.tr("Move up"), self)
        self.down_button = QPushButton(self.tr("Move down"), self)
        self.archive_button = QPushButton(self.tr("Archive"), self)
        self.apply_button = QPushButton(self.tr("Save changes"), self)
        self.details = QFormLayout()
        side = QVBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.archive_button):
            side.addWidget(button)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.list, 1)
        top.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(self.details)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.apply_button)
        layout.addLayout(row)

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def fill(self, entries: list[tuple[str, str, bool]]) -> None:
        current = self.selected_id()
        self.list.blockSignals(True)
        self.list.clear()
        for ident, text, archived in entries:
            item = QListWidgetItem(text + (self.tr("  (archived)") if archived else ""))
            item.setData(Qt.ItemDataRole.UserRole, ident)
            if archived:
                item.setForeground(self.palette().placeholderText())
            self.list.addItem(item)
            if ident == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)


class ManageDialog(QDialog):
    """Skills and custom factors; every change goes through the journal and ``on_change``."""

    def __init__(
        self, journal: Journal, on_change: Callable[[Change], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skills & factors"))
        self.journal = journal
        self.on_change = on_change
        tabs = QTabWidget(self)
        self.skills_page = _Page(self)
        self.factors_page = _Page(self)
        tabs.addTab(self.skills_page, self.tr("Skills"))
        tabs.addTab(self.factors_page, self.tr("Factors"))

        self.skill_name = QLineEdit(self)
        self.anchor_low = QLineEdit(self)
        self.anchor_mid = QLineEdit(self)
        self.anchor_high = QLineEdit(self)
        for text, edit in ((self.tr("Name"), self.skill_name),
                           (self.tr("1 means"), self.anchor_low),
                           (self.tr("5 means"), self.anchor_mid),
                           (self.tr("10 means"), self.anchor_high)):
            edit.setAccessibleName(text)
            self.skills_page.details.addRow(text, edit)
        self.factor_name = QLineEdit(self)
        self.factor_minimum = QDoubleSpinBox(self)
        self.factor_maximum = QDoubleSpinBox(self)
        for box in (self.factor_minimum, self.factor_maximum):
            box.setRange(-1e6, 1e6)
        self.factor_unit = QLineEdit(self)
        self.factor_low = QLineEdit(self)
        self.factor_high = QLineEdit(self)
        for text, widget, name in (
            (self.tr("Name"), self.factor_name, self.tr("Factor name")),
            (self.tr("Lowest"), self.factor_minimum, self.tr("Lowest value")),
            (self.tr("Highest"), self.factor_maximum, self.tr("Highest value")),
            (self.tr("Unit"), self.factor_unit, self.tr("Unit")),
            (self.tr("Lowest means"), self.factor_low, self.tr("What the lowest value means")),
            (self.tr("Highest means"), self.factor_high, self.tr("What the highest value means")),
        ):
            widget.setAccessibleName(name)
            self.factors_page.details.addRow(text, widget)
        self._shown: dict[str, tuple[str | None, tuple]] = {"skill": (None, ()),
                                                            "factor": (None, ())}

        sp, fp = self.skills_page, self.factors_page
        sp.list.currentItemChanged.connect(
            lambda _now, before: self._selection_changed("skill", before))
        fp.list.currentItemChanged.connect(
            lambda _now, before: self._selection_changed("factor", before))
        sp.add_button.clicked.connect(self.add_skill)
        fp.add_button.clicked.connect(self.add_factor)
        sp.up_button.clicked.connect(lambda: self._move(sp, -1))
        sp.down_button.clicked.connect(lambda: self._move(sp, 1))
        fp.up_button.clicked.connect(lambda: self._move(fp, -1))
        fp.down_button.clicked.connect(lambda: self._move(fp, 1))
        sp.archive_button.clicked.connect(self.toggle_skill_archived)
        fp.archive_button.clicked.connect(self.toggle_factor_archived)
        sp.apply_button.clicked.connect(self.save_skill)
        fp.apply_button.clicked.connect(self.save_factor)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(close)
        self.resize(620, 520)
        self.reload()

    # data ------------------------------------------------------------------------------
    def _skills(self) -> list[Skill]:
        return self.journal.skills(include_archived=True)

    def _factors(self) -> list[Factor]:
        return self.journal.factors(include_archived=True)

    def reload(self) -> None:
        """Refill both lists; edits typed for an item still shown are kept (still unsaved)."""
        pending = {page: self._fields(page) for page in ("skill", "factor") if self._dirty(page)}
        self.skills_page.fill([(s.id, s.name, s.archived) for s in self._skills()])
        self.factors_page.fill([(f.id, factor_name(f), f.archived) for f in self._factors()])
        shown_before = {page: self._shown[page][0] for page in pending}
        self._show_skill()
        self._show_factor()
        for page, fields in pending.items():
            if self._shown[page][0] == shown_before[page]:
                self._set_fields(page, fields)

    def _run(self, action: Callable[[], Change]) -> bool:
        try:
            change = action()
        except UserError as exc:
            dialogs.warn(self, exc.message)
            return False
        self.on_change(change)
        self.reload()
        return True

    def _skill(self) -> Skill | None:
        ident = self.skills_page.selected_id()
        return next((s for s in self._skills() if s.id == ident), None)

    def _factor(self) -> Factor | None:
        ident = self.factors_page.selected_id()
        return next((f for f in self._factors() if f.id == ident), None)

    # what the details show, and whether it was changed --------------------------------------
    def _edits(self, page: str) -> tuple:
        if page == "skill":
            return (self.skill_name, self.anchor_low, self.anchor_mid, self.anchor_high)
        return (self.factor_name, self.factor_minimum, self.factor_maximum, self.factor_unit,
                self.factor_low, self.factor_high)

    def _fields(self, page: str) -> tuple:
        return tuple(w.value() if isinstance(w, QDoubleSpinBox) else w.text()
                     for w in self._edits(page))

    def _set_fields(self, page: str, fields: tuple) -> None:
        for widget, value in zip(self._edits(page), fields, strict=True):
            if isinstance(widget, QDoubleSpinBox):
                widget.setValue(value)
            else:
                widget.setText(value)

    def _dirty(self, page: str) -> bool:
        ident, fields = self._shown[page]
        return ident is not None and self._fields(page) != fields

    def _show_skill(self) -> None:
        skill = self._skill()
        self._set_fields("skill", (skill.name, skill.anchor_low, skill.anchor_mid,
                                   skill.anchor_high) if skill else ("", "", "", ""))
        for edit in self._edits("skill"):
            edit.setEnabled(skill is not None)
        self._shown["skill"] = (skill.id if skill else None, self._fields("skill"))
        self.skills_page.archive_button.setText(
            self.tr("Restore") if skill and skill.archived else self.tr("Archive"))

    def _show_factor(self) -> None:
        factor = self._factor()
        ranged = factor is not None and factor.kind is not FactorKind.YESNO
        custom = ranged and factor is not None and not factor.builtin
        for box in (self.factor_minimum, self.factor_maximum):
            box.setDecimals(2 if factor is not None and factor.kind is FactorKind.NUMBER else 0)
            box.setEnabled(custom)
        self._set_fields("factor", (
            factor.name, factor.minimum or 0.0, factor.maximum or 0.0, factor.unit,
            factor.low_label, factor.high_label) if factor else ("", 0.0, 0.0, "", "", ""))
        self.factor_name.setEnabled(factor is not None)
        self.factor_unit.setEnabled(custom and factor is not None
                                    and factor.kind is FactorKind.NUMBER)
        for edit in (self.factor_low, self.factor_high):
            edit.setEnabled(ranged)
        self._shown["factor"] = (factor.id if factor else None, self._fields("factor"))
        self.factors_page.archive_button.setText(
            self.tr("Restore") if factor and factor.archived else self.tr("Archive"))

    def _selection_changed(self, page: str, before: QListWidgetItem | None) -> None:
        """Another item chosen: ask about unsaved edits of the one that was shown."""
        if self._dirty(page) and not self._settle(page):
            widget = self.skills_page if page == "skill" else self.factors_page
            widget.list.blockSignals(True)
            widget.list.setCurrentItem(before)  # type: ignore[arg-type]  # None: no current item; Qt takes it, the stub doesn't say
            widget.list.blockSignals(False)
            return
        if page == "skill":
            self._show_skill()
        else:
            self._show_factor()

    def _settle(self, page: str) -> bool:
        """Ask what to do with unsaved edits on ``page``; False means stay (cancelled, or the
        save was refused)."""
        name = self._shown[page][1][0] or self.tr("this item")
        answer = dialogs.ask_save_changes(self, name)
        if answer == "cancel":
            return False
        if answer == "discard":
            self._shown[page] = (None, ())
            return True
        return self.save_skill() if page == "skill" else self.save_factor()

    def reject(self) -> None:
        """Close, Esc or the window's close button: never drop typed edits without asking."""
        for page in ("skill", "factor"):
            if self._dirty(page) and not self._settle(page):
                return
        super().reject()

    # actions -----------------------------------------------------------------------------
    def add_skill(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getText(self, self.tr("Add skill"), self.tr("Skill name:"))
        if ok:
            self._run(lambda: self.journal.add_skill(name))

    def add_factor(self) -> None:
        dialog = FactorDialog(self)
        if dialog.exec():
            self._run(lambda: self.journal.add_factor(**dialog.definition()))

    def save_skill(self) -> bool:
        """Save the details shown (the item shown, even while the list moves on)."""
        ident = self._shown["skill"][0]
        skill = next((s for s in self._skills() if s.id == ident), None)
        if skill is None:
            return True
        name, low, mid, high = self._fields("skill")
        return self._run(lambda: self.journal.update_skill(dataclasses.replace(
            skill, name=name, anchor_low=low, anchor_mid=mid, anchor_high=high)))

    def save_factor(self) -> bool:
        ident = self._shown["factor"][0]
        factor = next((f for f in self._factors() if f.id == ident), None)
        if factor is None:
            return True
        name, lo, hi, unit, low, high = self._fields("factor")
        edited = dataclasses.replace(factor, name=name, low_label=low, high_label=high)
        if not factor.builtin and factor.kind is not FactorKind.YESNO:
            edited = dataclasses.replace(edited, minimum=lo, maximum=hi, unit=unit)
        if not self._meaning_kept(factor, edited):
            return False
        return self._run(lambda: self.journal.update_factor(edited))

    def _meaning_kept(self, old: Factor, new: Factor) -> bool:
        """A new range or unit with values recorded: say what it means for them and ask."""
        if (old.minimum, old.maximum, old.unit) == (new.minimum, new.maximum, new.unit.strip()):
            return True
        found = self.journal.recorded_values(old.id, new.minimum, new.maximum)
        if not found.recorded or found.outside or found.example is None:
            return True  # nothing to ask: none recorded, or the journal refuses it (with a count)
        example = found.example
        return dialogs.confirm(self, self.tr("Change {name}?").format(name=old.name), self.tr(
            "{n} check-ins have a value for {name}. They keep their numbers: a recorded {v:g} "
            "stays {v:g} {unit} on the range {lo:g} to {hi:g}, whatever it meant before. "
            "Change it?").format(n=found.recorded, name=old.name, v=example,
                                 unit=new.unit.strip(), lo=new.minimum, hi=new.maximum)
            .replace("  ", " "))

    def toggle_skill_archived(self) -> None:
        skill = self._skill()
        if skill is not None:
            self._run(lambda: self.journal.update_skill(
                dataclasses.replace(skill, archived=not skill.archived)))

    def toggle_factor_archived(self) -> None:
        factor = self._factor()
        if factor is not None:
            self._run(lambda: self.journal.update_factor(
                dataclasses.replace(factor, archived=not factor.archived)))

    def _move(self, page: _Page, delta: int) -> None:
        ids = [page.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(page.list.count())]
        current = page.selected_id()
        if current is None:
            return
        i = ids.index(current)
        j = i + delta
        if not 0 <= j < len(ids):
            return
        ids[i], ids[j] = ids[j], ids[i]
        if page is self.skills_page:
            self._run(lambda: self.journal.reorder_skills(ids))
        else:
            self._run(lambda: self.journal.reorder_factors(ids))


class FactorDialog(QDialog):
    """Define a custom factor: a number with unit and bounds, a 1-N scale, or yes/no."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add factor"))
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Number (with unit and bounds)"), FactorKind.NUMBER.value)
        self.kind.addItem(self.tr("Scale (1 to N)"), FactorKind.SCALE.value)
        self.kind.addItem(self.tr("Yes / no"), FactorKind.YESNO.value)
        self.minimum = QDoubleSpinBox(self)
        self.maximum = QDoubleSpinBox(self)
        self.step = QDoubleSpinBox(self)
        for box in (self.minimum, self.maximum):
            box.setRange(-1e6, 1e6)
            box.setDecimals(2)
        self.minimum.setValue(0)
        self.maximum.setValue(10)
        self.step.setRange(0.01, 1000)
        self.step.setValue(1)
        self.unit = QLineEdit(self)
        form = QFormLayout()
        for text, widget in ((self.tr("Name"), self.name), (self.tr("Kind"), self.kind),
                             (self.tr("Minimum"), self.minimum),
                             (self.tr("Maximum"), self.maximum),
                             (self.tr("Step"), self.step), (self.tr("Unit"), self.unit)):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _kind_changed(self) -> None:
        kind = FactorKind(self.kind.currentData())
        number = kind is FactorKind.NUMBER
        for widget in (self.minimum, self.maximum):
            widget.setEnabled(kind is not FactorKind.YESNO)
        self.step.setEnabled(number)
        self.unit.setEnabled(number)
        if kind is FactorKind.SCALE:
            self.minimum.setValue(1)
            self.maximum.setValue(5)

    def definition(self) -> dict:
        kind = FactorKind(self.kind.currentData())
        return {
            "name": self.name.text(),
            "kind": kind,
            "minimum": self.minimum.value() if kind is not FactorKind.YESNO else None,
            "maximum": self.maximum.value() if kind is not FactorKind.YESNO else None,
            "step": self.step.value() if kind is FactorKind.NUMBER else 1.0,
            "unit": self.unit.text() if kind is FactorKind.NUMBER else "",
        }
