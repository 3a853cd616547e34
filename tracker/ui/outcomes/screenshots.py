"""Offscreen PNGs of Add outcome…, light and dark: empty, replacing a stored value, a problem
said in the dialog, the New measure question. Nothing is saved (the question is declined)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QWidget

from tracker.ui.image_files import save_image
from tracker.ui.outcomes.add_dialog import AddOutcomeDialog
from tracker.ui.style import apply_style

if TYPE_CHECKING:
    from tracker.services.journal import Journal

NEW_NAMES = ("Problems solved", "Review score", "Cards reviewed", "Words written")


def render_outcomes(journal: Journal, out_dir: Path,
                    themes: tuple[str, ...] = ("light", "dark")) -> list[Path]:
    """Write outcome-add, outcome-add-replace (the latest stored day, if any),
    outcome-add-problem and outcome-new-measure, each ``-<theme>.png``."""
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    known = {m.name.casefold() for m in journal.list_measures()}
    new_name = next((n for n in NEW_NAMES if n.casefold() not in known), "")
    outcomes = journal.list_outcomes()
    latest = max(outcomes, key=lambda o: o.day) if outcomes else None
    names = {m.id: m.name for m in journal.list_measures()}

    def shot(widget: QWidget, name: str, theme: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = out_dir / f"outcome-{name}-{theme}.png"
        save_image(widget.grab(), path)
        written.append(path)

    for theme in themes:
        apply_style(app, theme)
        dialog = AddOutcomeDialog(journal)
        dialog.show()
        shot(dialog, "add", theme)
        if latest is not None:
            dialog.measure.setEditText(names[latest.measure_id])
            dialog.date.setDate(QDate(latest.day.year, latest.day.month, latest.day.day))
            dialog.value.setText("3")
            shot(dialog, "add-replace", theme)
        if new_name:
            dialog.measure.setEditText(new_name)
            dialog.value.setText("12 done")
            dialog.accept()  # refused: not a number
            shot(dialog, "add-problem", theme)
            dialog.value.setText("12")
            dialog.accept()  # asks first; declined below, so nothing is written
            asking = dialog.asking
            assert asking is not None
            asking.unit.setText("problems")
            shot(asking, "new-measure", theme)
            asking.reject()
        dialog.reject()
        dialog.deleteLater()
    return written
