"""Start the real GUI (``tracker.app.run_gui``) on an encrypted journal, with a simulated user
typing the passphrases in ``ANSWERS`` (comma-separated; empty = press Quit) into the unlock
dialog. Prints what the dialog showed, then the exit code."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tracker.app import run_gui  # noqa: E402
from tracker.paths import DataPaths  # noqa: E402
from tracker.ui.passphrase_dialog import UnlockDialog  # noqa: E402

answers = os.environ["ANSWERS"].split(",")


def typed(dialog: UnlockDialog) -> int:
    print(f"asked: {dialog.windowTitle()}", flush=True)
    while answers:
        answer = answers.pop(0)
        if not answer:
            dialog.reject()
            break
        dialog.passphrase.setText(answer)
        dialog.accept()
        if dialog.result() == UnlockDialog.DialogCode.Accepted:
            break
        print(f"error: {dialog.error.text()}", flush=True)
    return dialog.result()


UnlockDialog.exec = typed
code = run_gui(DataPaths(Path(sys.argv[1])), exit_when_ready=True)
print(f"exit: {code}", flush=True)
