"""A file far larger than any journal is refused before it fills the memory."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tracker.errors import UserError
from tracker.services import import_files as import_files_module
from tracker.services.import_files import MAX_IMPORT_BYTES, read_import_file


def test_a_regular_file_over_the_limit_is_refused_by_its_size(tmp_path, cli_journal):
    big = tmp_path / "huge.json"
    with open(big, "wb") as fh:
        fh.truncate(MAX_IMPORT_BYTES + 1)  # sparse: nothing is written or read
    r = cli_journal("import", str(big))
    assert r.returncode == 2
    assert r.stderr == (f"touchstone: {big} is larger than 256 MB, far more than any journal "
                        "(ten years of check-ins are about 5 MB): is it the right file? "
                        "Nothing was imported.\n")


def test_a_pipe_is_read_only_up_to_the_limit(monkeypatch):
    monkeypatch.setattr(import_files_module, "MAX_IMPORT_BYTES", 1000)
    for size, refused in ((1000, False), (1001, True)):
        read_end, write_end = os.pipe()
        writer = threading.Thread(target=_fill, args=(write_end, size))
        writer.start()
        try:
            path = Path(f"/dev/fd/{read_end}")
            if refused:
                with pytest.raises(UserError, match="is larger than 0 MB"):
                    read_import_file(path)
            else:
                assert read_import_file(path) == b"x" * size
        finally:
            writer.join()
            os.close(read_end)


def _fill(fd: int, size: int) -> None:
    os.write(fd, b"x" * size)
    os.close(fd)


@pytest.fixture
def cli_journal(tmp_path):
    import subprocess
    import sys

    data = tmp_path / "data"

    def run(*args: str):
        return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data), *args],
                              capture_output=True, text=True, timeout=120)

    assert run("add", "--skill", "Overall=6").returncode == 0
    yield run
    assert run("list").stdout.endswith("\n1 check-in\n")  # nothing was imported
