"""The input under the user's fingers keeps the focus when the window refreshes because another
process wrote to the journal (the CLI, or the demo's own seeding): typing goes on where it was."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui


def test_typing_goes_on_in_the_same_rating_after_another_process_writes(qtbot, kb, journal,
                                                                       skills, make_window,
                                                                       data_dir):
    overall, writing = skills
    window = make_window()
    window.form.rating_input(overall).setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(overall))
    kb.press(Qt.Key.Key_Tab)  # the user moves on to the second skill by key
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(writing))
    before = window.form.rating_input(writing)
    subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), "add",
                    "--skill", "Overall=6"], check=True, capture_output=True)
    # the window notices the other process's write and rebuilds the form (new input widgets)
    qtbot.waitUntil(lambda: window.form.rating_input(writing) is not before, timeout=15000)
    # the focus is back on the same rating by the time the next key arrives
    qtbot.waitUntil(lambda: kb.focused() is window.form.rating_input(writing), timeout=5000)
    kb.type("8")
    assert window.form.ratings() == {writing: 8}
