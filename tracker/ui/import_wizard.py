"""ImportWizard: bring history from Daylio, Bearable, Track & Graph or any CSV.

Pages: the file (format detected, or chosen) → the columns (any CSV only: a role, name and
scale per column over a preview of the first rows) → moods and measures (each mood label's
value 1-10, each measure's target) → the preview of what will be created, with every scale
conversion spelled out. "Import" writes everything or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from tracker.errors import UserError
from tracker.services import foreign_import as fi
from tracker.services.changes import Change, ChangeKind
from tracker.services.import_files import ImportResult
from tracker.services.journal import Journal
from tracker.ui import dialogs, file_dialogs
from tracker.ui.cells import cell_widget
from tracker.ui.import_wizard_columns import (
    ColumnsPage,
    fit_columns,
    make_table,
    scale_box,
    shown_name,
    table_item,
)
from tracker.ui.style import mark_hint, mark_title

FILE_PAGE, COLUMNS_PAGE, MAPPING_PAGE, PREVIEW_PAGE = range(4)
TARGET_TEXT = {"factor": "Factor", "skill": "Skill rating", "tag": "Tag when not 0", "skip": "Skip"}
CHOOSE, LEAVE_OUT = "choose…", "leave out"


class FilePage(QWizardPage):
    """Choose the file; the app that made it is detected and may be overridden."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Bring your history"))
        self.setSubTitle(
            self.tr(
                "Import entries from Daylio, Bearable, Track & Graph or any spreadsheet. They "
                "record mood, not self-rated skill: entries without a skill rating are kept as "
                "state-only check-ins."
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("The exported file (.csv or .daylio)"))
        self.browse_button = QPushButton(self.tr("Browse…"), self)
        self.browse_button.clicked.connect(self.browse)
        self.app_combo = QComboBox(self)
        self.app_combo.addItem(self.tr("Detect from the file"), "auto")
        for app in fi.APPS:
            name = self.tr("Any CSV (choose the columns)") if app == "csv" else fi.APP_NAMES[app]
            self.app_combo.addItem(name, app)
        self.detected = QLabel(self)
        mark_hint(self.detected)
        self.detected.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout(self)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("Made by:"), self.app_combo)
        form.addRow("", self.detected)
        self.path_edit.textChanged.connect(self._detect)
        self.path_edit.textChanged.connect(self.completeChanged)
        self.app_combo.currentIndexChanged.connect(self._detect)

    def browse(self) -> None:
        path, _ = file_dialogs.open_file_name(
            self,
            self.tr("Import from another app"),
            str(Path.home()),
            self.tr("Exports (*.csv *.daylio);;All files (*)"),
        )
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path_edit.text().strip())

    def _detect(self) -> None:
        path = Path(self.path_edit.text().strip())
        if not path.is_file():
            self.detected.setText("")
            return
        try:
            app = fi.choose_app(path, fi.read_bytes(path)[:4096], self.app_combo.currentData())
        except UserError as exc:
            self.detected.setText(exc.message)
            return
        self.detected.setText(self.tr("Reading it as: %1").replace("%1", fi.APP_NAMES[app]))

    def validatePage(self) -> bool:  # noqa: N802
        path = Path(self.path_edit.text().strip())
        try:
            raw = fi.read_bytes(path)
            app = fi.choose_app(path, raw, self.app_combo.currentData())
            source = None if app == "csv" else fi.parse_source(app, raw)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Cannot read the file"))
            return False
        self.wiz.path, self.wiz.app, self.wiz.source = path, app, source
        self.wiz.mapping = None
        return True

    def nextId(self) -> int:  # noqa: N802
        return COLUMNS_PAGE if self.wiz.app == "csv" else MAPPING_PAGE


class MappingPage(QWizardPage):
    """Each mood label's value on Touchstone's mood 1-10, and each measure's target."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Moods and measures"))
        self.setSubTitle(
            self.tr(
                "Touchstone's mood runs from 1 (very low) to 10 (excellent). Check what each mood "
                "label becomes; a measure such as a custom rating can become a skill."
            )
        )
        self.moods = make_table(
            self,
            [
                self.tr("Mood label"),
                self.tr("Level in the app"),
                self.tr("Entries"),
                self.tr("Mood 1–10"),
            ],
        )
        self.measures = make_table(
            self,
            [
                self.tr("Measure"),
                self.tr("Becomes"),
                self.tr("Name"),
                self.tr("Scale from"),
                self.tr("to"),
            ],
        )
        self.mood_title = QLabel(self.tr("Mood labels"), self)
        mark_title(self.mood_title)
        self.measure_title = QLabel(self.tr("Measures"), self)
        mark_title(self.measure_title)
        layout = QVBoxLayout(self)
        for widget in (self.mood_title, self.moods, self.measure_title, self.measures):
            layout.addWidget(widget)
        self.labels: list[str] = []
        self.names: list[str] = []

    def initializePage(self) -> None:  # noqa: N802
        source = self.wiz.source
        assert source is not None  # read on the file page
        rows = fi.mood_rows(source)
        self.labels = [r.label for r in rows]
        self.moods.setRowCount(len(rows))
        fit_columns(self.moods, (180, 150, 80, 150))
        fit_columns(self.measures, (180, 150, 200, 80, 80))
        for index, row in enumerate(rows):
            level = "" if row.level is None else self.tr("%1 of 5").replace("%1", str(row.level))
            self.moods.setItem(index, 0, table_item(row.label))
            self.moods.setItem(index, 1, table_item(level or self.tr("renamed: choose")))
            self.moods.setItem(index, 2, table_item(f"{row.count:,}"))
            combo = QComboBox(self.moods)
            combo.addItem(self.tr(CHOOSE), 0)
            combo.addItem(self.tr(LEAVE_OUT), -1)
            for value in range(1, 11):
                combo.addItem(str(value), value)
            combo.setCurrentIndex(combo.findData(row.mood if row.mood is not None else 0))
            combo.currentIndexChanged.connect(self.completeChanged)
            self.moods.setCellWidget(index, 3, combo)
        self.names = list(source.measures)
        self.measures.setRowCount(len(self.names))
        for index, name in enumerate(self.names):
            target = fi.default_target(source, name)
            combo = QComboBox(self.measures)
            for key, text in TARGET_TEXT.items():
                combo.addItem(self.tr(text), key)
            combo.setCurrentIndex(combo.findData(target.kind))
            edit = QLineEdit(shown_name(self.wiz.journal, target.name or name), self.measures)
            low, high = scale_box(self.measures), scale_box(self.measures)
            if target.low is not None and target.high is not None:
                low.setValue(target.low)
                high.setValue(target.high)
            combo.currentIndexChanged.connect(
                lambda _=0, c=combo, w=(edit, low, high): [
                    x.setEnabled(c.currentData() in ("skill", "factor")) for x in w
                ]
            )
            self.measures.setItem(index, 0, table_item(fi.measure_text(source, name)))
            for column, widget in enumerate((combo, edit, low, high), start=1):
                self.measures.setCellWidget(index, column, widget)
        for widget in (self.mood_title, self.moods):
            widget.setVisible(bool(rows))
        for widget in (self.measure_title, self.measures):  # a CSV's columns set them already
            widget.setVisible(bool(self.names) and self.wiz.app != "csv")

    def mood_combo(self, label: str) -> QComboBox:
        return cell_widget(self.moods, self.labels.index(label), 3, QComboBox)

    def measure_widgets(
        self, name: str
    ) -> tuple[QComboBox, QLineEdit, QDoubleSpinBox, QDoubleSpinBox]:
        index = self.names.index(name)
        return (
            cell_widget(self.measures, index, 1, QComboBox),
            cell_widget(self.measures, index, 2, QLineEdit),
            cell_widget(self.measures, index, 3, QDoubleSpinBox),
            cell_widget(self.measures, index, 4, QDoubleSpinBox),
        )

    def isComplete(self) -> bool:  # noqa: N802
        return all(self.mood_combo(label).currentData() != 0 for label in self.labels)

    def options(self) -> fi.ImportOptions:
        options = fi.ImportOptions()
        for label in self.labels:
            value = self.mood_combo(label).currentData()
            if value != 0:  # 0 = not chosen yet: the import refuses and names the label
                options.mood[label] = None if value == -1 else value
        for name in self.names:
            combo, edit, lo, hi = self.measure_widgets(name)
            kind = combo.currentData()
            target_name = edit.text().strip() if kind in ("skill", "factor") else ""
            scaled = lo.value() >= 0 and hi.value() > lo.value()
            options.targets[name] = fi.Target(
                kind,
                target_name or name,
                lo.value() if scaled else None,
                hi.value() if scaled else None,
            )
        return options

    def validatePage(self) -> bool:  # noqa: N802
        try:
            self.wiz.plan = fi.plan_import(
                self.wiz.journal,
                self.wiz.path,
                self.wiz.app,
                self.options(),
                self.wiz.mapping,
                self.wiz.source,
            )
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Cannot import this way"))
            return False
        return True


class PreviewPage(QWizardPage):
    """What will be created; "Import" writes all of it or nothing."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        self.setTitle(self.tr("Ready to import"))
        self.setSubTitle(
            self.tr(
                "Nothing has been written yet. Importing the same file "
                "again later adds only entries that are new."
            )
        )
        self.summary = QPlainTextEdit(self)
        self.summary.setReadOnly(True)
        QVBoxLayout(self).addWidget(self.summary)
        self.setFinalPage(True)

    def initializePage(self) -> None:  # noqa: N802
        plan = self.wiz.plan
        assert plan is not None  # planned on the page before
        self.summary.setPlainText("\n".join(plan.lines()))
        self.wiz.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))

    def isComplete(self) -> bool:  # noqa: N802
        plan = self.wiz.plan
        return plan is not None and plan.ok

    def validatePage(self) -> bool:  # noqa: N802
        plan = self.wiz.plan
        assert plan is not None  # the page completes only with a plan (isComplete)
        try:
            result = fi.apply_import(self.wiz.journal, plan)
        except UserError as exc:
            dialogs.warn(self, exc.message, self.tr("Nothing was imported"))
            return False
        self.wiz.imported = result
        message = (
            self.tr("Imported from %1: %2 new, %3 already present.")
            .replace("%1", fi.APP_NAMES[self.wiz.app])
            .replace("%2", f"{result.added:,}")
            .replace("%3", f"{result.skipped:,}")
        )
        if self.wiz.on_change is not None:
            self.wiz.on_change(Change(ChangeKind.ALL, (), message))
        return True


class ImportWizard(QWizard):
    """The whole import, page by page; ``on_change`` gets one ``Change`` after importing."""

    def __init__(
        self,
        journal: Journal,
        on_change: Callable[[Change], None] | None = None,
        parent: QWidget | None = None,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.on_change = on_change
        self.path: Path = Path()
        self.app = "auto"
        self.source: fi.SourceData | None = None
        self.mapping: fi.CsvMapping | None = None
        self.plan: fi.ForeignPlan | None = None
        self.imported: ImportResult | None = None  # not `result`: QDialog.result()
        self.setWindowTitle(self.tr("Import from another app"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self, self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.setPage(FILE_PAGE, self.file_page)
        self.setPage(COLUMNS_PAGE, self.columns_page)
        self.setPage(MAPPING_PAGE, self.mapping_page)
        self.setPage(PREVIEW_PAGE, self.preview_page)
        self.resize(860, 640)
        if path is not None:
            self.file_page.path_edit.setText(str(path))
