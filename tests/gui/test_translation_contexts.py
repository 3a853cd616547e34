"""Module-level ``tr`` (one definition, ``tracker.ui.text.translator``) still translates each
module's texts in that module's own context, through an installed ``QTranslator``."""

from __future__ import annotations

import importlib

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

CONTEXTS = {
    "tracker.ui.counts": "counts",
    "tracker.ui.crash": "crash",
    "tracker.ui.dialogs": "dialogs",
    "tracker.ui.labels": "labels",
    "tracker.ui.read_only_mode": "ReadOnlyMode",
    "tracker.ui.dashboard.text": "dashboard",
    "tracker.ui.reality.text": "reality",
}


class Marking(QTranslator):
    """Translates every text as ``context|text``, so the context used is visible."""

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002
        return f"{context}|{source}"

    def isEmpty(self) -> bool:  # noqa: N802
        return False


@pytest.fixture
def marking(qapp):
    translator = Marking()
    assert QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.mark.parametrize(("module", "context"), sorted(CONTEXTS.items()))
def test_module_tr_keeps_its_context(marking, module, context):
    tr = importlib.import_module(module).tr
    assert tr("Touchstone") == f"{context}|Touchstone"


def test_texts_built_from_tr_are_translated(marking):
    from tracker.ui.counts import checkins

    assert checkins(2) == "counts|%1 check-ins".replace("%1", "2")
