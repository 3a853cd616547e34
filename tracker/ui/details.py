"""The Details button the Dashboard and the Reality tab share: off, each view says what it shows
in plain words and pictures; on, the statistics behind it too (method names — Benjamini–Yekutieli,
cosinor, Wilson, Bland–Altman, Brier — and q, effective n, r). Remembered in the settings."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QPushButton, QWidget

from tracker.settings import Settings
from tracker.ui.buttons import push_button
from tracker.ui.text import translator

tr = translator("details")
log = logging.getLogger(__name__)


def details_button(parent: QWidget, settings: Settings | None) -> QPushButton:
    """A checkable "Show details" button, pressed as the settings remember it (Alt+I); pressed,
    it says "Hide details" (a pressed button hardly shows in the dark theme)."""
    button = push_button("", parent)
    button.setCheckable(True)

    def say(on: bool) -> None:
        button.setText(tr("Hide deta&ils") if on else tr("Show deta&ils"))

    button.toggled.connect(say)
    button.setChecked(bool(settings and settings.show_details))
    say(button.isChecked())
    button.setToolTip(tr("Show the statistics behind each view: method names, q, effective n, "
                         "r"))
    button.setAccessibleName(tr("Details"))
    return button


def remember_details(settings: Settings | None, on: bool) -> None:
    """Keep the Details choice for the next start (a settings file that cannot be written is
    logged: the choice still holds for this session)."""
    if settings is None or settings.show_details == on:
        return
    settings.show_details = on
    try:
        settings.save()
    except OSError as exc:
        log.warning("could not save settings: %s", type(exc).__name__)
