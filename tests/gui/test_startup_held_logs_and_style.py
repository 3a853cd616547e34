"""Start-up helpers: log records held until the log file opens; Fusion set once, kept."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.logs import LOG_NAME, hold_records, setup_logging, write_held_records

pytestmark = pytest.mark.gui


@pytest.fixture
def root_logger():
    """The root logger, its handlers and level restored afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_records_held_before_the_log_file_opens_are_written_first(root_logger, tmp_path):
    log = logging.getLogger("tracker.test_held")
    hold_records()
    log.info("early record")
    log.warning("second early record")
    assert not (tmp_path / "logs").exists()  # nothing touches the disk before the paint
    write_held_records(tmp_path / "logs")
    log.info("late record")
    for handler in root_logger.handlers:
        handler.flush()
    lines = (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8").splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "early record", "second early record", "late record"]
    assert "INFO tracker.test_held" in lines[0] and "WARNING" in lines[1]
    if os.name == "posix":
        assert (tmp_path / "logs" / LOG_NAME).stat().st_mode & 0o777 == 0o600


def test_nothing_held_means_nothing_to_write(root_logger, tmp_path):
    write_held_records(tmp_path / "logs")  # the commands set logging up themselves
    assert not (tmp_path / "logs").exists()


def test_an_unusable_log_folder_drops_the_held_records(root_logger, tmp_path):
    hold_records()
    logging.getLogger("tracker.test_held").warning("kept in memory")
    blocker = tmp_path / "logs"
    blocker.write_text("a file where the folder should be")
    write_held_records(blocker)  # no error: the window still opens, nothing is logged
    assert [h for h in root_logger.handlers if type(h).__name__ == "_HeldRecords"] == []
    setup_logging(tmp_path / "other")  # a later log file starts empty
    for handler in root_logger.handlers:
        handler.flush()
    assert (tmp_path / "other" / LOG_NAME).read_text(encoding="utf-8") == ""


def test_apply_style_keeps_fusion_without_recreating_it(qapp):
    from tracker.ui.style import FUSION_SET, apply_style

    apply_style(qapp, "light")
    style = qapp.style()
    assert qapp.property(FUSION_SET) is True
    apply_style(qapp, "dark")
    apply_style(qapp, "light")
    assert qapp.style() is style  # the same style object: no re-polish of every widget


def test_a_new_application_gets_fusion_even_when_the_desktop_asks_for_another():
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_STYLE_OVERRIDE="windows")
    script = ("from tracker.app import make_qapp\n"
              "from tracker.ui.style import FUSION_SET\n"
              "app = make_qapp(icon=False)\n"
              "print(app.style().name(), app.property(FUSION_SET), app.arguments()[1:])\n"
              "from PySide6.QtGui import QColor, QPalette\n"
              "from tracker.ui.style import use_focus_ring\n"
              "pal = QPalette(app.palette())\n"
              "pal.setColor(QPalette.ColorRole.Window, QColor(1, 2, 3))\n"
              "app.setPalette(pal); use_focus_ring(app); use_focus_ring(app)\n"
              "style = app.style()\n"
              "print(type(style).__name__, style.baseStyle().name(), app.palette() == pal)\n")
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True, timeout=60, cwd=root)
    assert run.returncode == 0, run.stderr
    # plain Fusion before the first paint (no style object in Python: ~10 ms); the focus
    # ring's style comes after it, once, and keeps the palette
    assert run.stdout.split() == ["fusion", "True", "[]", "FocusRingStyle", "fusion", "True"]
