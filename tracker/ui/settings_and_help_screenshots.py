"""Offscreen PNGs of the Settings, About and How to read this dialogs, light and dark."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog

from tracker.services.changes import Change
from tracker.services.journal import Journal
from tracker.settings import Settings
from tracker.ui.image_files import save_image
from tracker.ui.style import apply_style


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def render_settings_and_help(journal: Journal, settings: Settings, out_dir: Path,
                         themes: tuple[str, ...] = ("light", "dark")) -> list[Path]:
    """Write settings-<page>-<theme>.png, about-<theme>.png, guide-<theme>.png (what F1 opens),
    methods-<theme>.png.

    ``settings-<theme>.png`` is the first (Reminders) page. The settings object is only read.
    """
    from tracker.ui.about_dialog import AboutDialog
    from tracker.ui.methods_page import DocPage, MethodsPage
    from tracker.ui.settings_dialog import SettingsDialog

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication([])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(dialog: QDialog, name: str) -> None:
        dialog.show()
        _settle(app)
        path = out_dir / name
        save_image(dialog.grab(), path)
        written.append(path)

    def ignore(change: Change) -> None:
        pass

    try:
        for theme in themes:
            apply_style(app, theme)
            dialog = SettingsDialog(settings, journal, ignore, tray_available=True,
                                    encryption_switch=lambda action: None)  # never clicked
            for index, page in enumerate(("reminders", "form", "general", "privacy")):
                dialog.tabs.setCurrentIndex(index)
                shot(dialog, f"settings-{page}-{theme}.png")
                if index == 0:
                    shot(dialog, f"settings-{theme}.png")
            dialog.deleteLater()
            for maker, name in ((lambda: AboutDialog(journal.data_dir), "about"),
                                (DocPage, "guide"), (MethodsPage, "methods")):
                other = maker()
                shot(other, f"{name}-{theme}.png")
                other.deleteLater()
    finally:
        apply_style(app, settings.theme)
        _settle(app)
    return written
