"""``tr`` for text outside a QObject: one definition, each module keeping its own translation
context (a ``QObject`` uses its own ``self.tr``, whose context is its class name)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """The ``tr`` of a module whose texts are translated in ``context`` (e.g. "dashboard")."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return tr
