"""Weakness of issue 23: Qt's own file dialog wrote the folders it visited to
~/.config/QtProject.conf (0644). Touchstone's file dialogs leave that file as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

# a real dialog, accepted with Return typed into its focused widget
ACCEPT_A_SAVE_DIALOG = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from tracker.ui import file_dialogs
app = QApplication([])
def accept():
    dialog = QApplication.activeModalWidget()
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
QTimer.singleShot(0, accept)
print(file_dialogs.save_file_name(None, "Export", sys.argv[1], "CSV (*.csv)")[0])
"""


@pytest.mark.parametrize("before", [None, "[FileDialog]\nhistory=file:///another/app\n"],
                         ids=["absent", "another-app's"])
def test_a_file_dialog_leaves_qtproject_conf_as_it_was(tmp_path: Path, before: str | None):
    config = tmp_path / "config"
    config.mkdir()
    conf = config / "QtProject.conf"
    if before is not None:
        conf.write_text(before)
    visited = tmp_path / "a-private-folder-name"
    visited.mkdir()
    done = subprocess.run([sys.executable, "-c", ACCEPT_A_SAVE_DIALOG, str(visited / "x.csv")],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, XDG_CONFIG_HOME=str(config),
                                   QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(visited / "x.csv")  # the dialog was really accepted
    assert (conf.read_text() if conf.exists() else None) == before
    assert [p.name for p in config.iterdir()] == ([] if before is None else ["QtProject.conf"])
