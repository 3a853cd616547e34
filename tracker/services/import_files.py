"""Files to import: how much may be read, what is refused, and what an import did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tracker.errors import UserError


@dataclass
class ImportResult:
    """What an import did."""

    added: int = 0
    skipped: int = 0
    created: list[str] = field(default_factory=list)



def refuse_journal_files(path: Path, action: str) -> None:
    """A clear error when ``path`` is the open journal or one of its working files: importing
    it would read it whole (dropping SQLite's locks on it), exporting would overwrite it."""
    from tracker.store.header import held_open

    if held_open(path):
        raise UserError(f"{path} is the journal itself (or one of its working files), which "
                        f"Touchstone cannot {action}. Choose an export file instead.")


MAX_IMPORT_BYTES = 256 * 1024 * 1024  # ten years of check-ins export to about 5 MB


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import; a device (``/dev/zero`` never ends), the journal itself
    or anything over ``MAX_IMPORT_BYTES`` (a wrong file, which would fill the memory) is
    refused; a pipe is read to its end."""
    import stat

    refuse_journal_files(path, "import")
    too_big = (f"{path} is larger than {MAX_IMPORT_BYTES // 2**20} MB, far more than any "
               "journal (ten years of check-ins are about 5 MB): is it the right file? "
               "Nothing was imported.")
    try:
        info = path.stat()
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
            raise UserError(f"{path} is a device, not a file to import. Nothing was imported.")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_IMPORT_BYTES:
            raise UserError(too_big)
        with open(path, "rb") as stream:
            data = stream.read(MAX_IMPORT_BYTES + 1)  # a pipe has no size to ask first
    except OSError as exc:
        raise UserError(f"Could not read {path}: {exc.strerror or exc}.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise UserError(too_big)
    return data
