"""Export and import of the whole journal (formats in ``tracker.exchange``)."""

from __future__ import annotations

import contextlib
import errno
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import ExchangeError, UserError
from tracker.exchange import (
    Dataset,
    detect_format,
    dump_csv,
    dump_json,
    load_csv,
    load_json,
    plan_merge,
)
from tracker.exchange.text import decode_text
from tracker.services.import_files import ImportResult, read_import_file, refuse_journal_files

if TYPE_CHECKING:
    from tracker.services.journal import Journal

FORMATS = ("csv", "json")


def dataset(journal: Journal) -> Dataset:
    """Everything in the journal: archived definitions, evaluations, revisits, probes,
    measures and outcomes included."""
    from tracker.services.measured_transfer import measured_dataset

    data: Dataset = measured_dataset(journal)  # a MeasuredDataset
    return data


def render(journal: Journal, fmt: str, bom: bool = False) -> tuple[str, int]:
    """The export text in ``fmt`` and how many check-ins it holds."""
    data = dataset(journal)
    if fmt == "json":
        return dump_json(data), len(data.checkins)
    if fmt == "csv":
        return dump_csv(data, bom=bom), len(data.checkins)
    raise UserError(f"Unknown export format {fmt!r}: use csv or json.")


def export_to(journal: Journal, path: Path, fmt: str, bom: bool = False) -> int:
    """Write an export to the file ``path`` (0600); standard output is the CLI's (``render``)."""
    text, count = render(journal, fmt, bom)
    write_output(Path(path), text, "export onto")
    return count


def write_output(path: Path, text: str | bytes, action: str) -> None:
    """Write ``text`` to a file the user named, replacing it whole (0600; a failure leaves the
    old one). Refused: a folder, the journal's own files, a symbolic link (a link planted at
    the name must not redirect the write; replacing it would undo what the user set up) and
    anything not a regular file (a FIFO, a device: ``-o -`` writes to standard output, which
    the shell can send anywhere)."""
    from tracker.paths import write_private_bytes

    refuse_journal_files(path, action)
    try:
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            mode = stat.S_IFREG
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory")
        if stat.S_ISLNK(mode):
            target = None
            with contextlib.suppress(OSError):
                target = path.stat().st_mode
            if target is not None and not (stat.S_ISREG(target) or stat.S_ISDIR(target)):
                mode = target  # /dev/stdout and the like: a link to a pipe or a device
        if stat.S_ISLNK(mode):
            raise UserError(f"{path} is a symbolic link: name the file itself, or remove the "
                            "link first. Nothing was written.")
        if not stat.S_ISREG(mode):
            raise UserError(f"{path} is not a regular file (a pipe or a device): use -o - to "
                            f"write to standard output, e.g. -o - > {path}. Nothing was written.")
        write_private_bytes(path, text.encode("utf-8") if isinstance(text, str) else text)
    except OSError as exc:
        raise UserError(f"Could not write {path}: {exc.strerror or exc}.") from None


def import_from(journal: Journal, path: Path, fmt: str | None = None) -> ImportResult:
    """Import all-or-nothing: new ids added, identical ones skipped, conflicts refused."""
    fmt = detect_format(path, fmt)
    raw = read_import_file(path)
    text = decode_text(raw, path.name)
    created: list[str] = []
    if fmt == "json":
        data = load_json(text)
    else:
        result = load_csv(
            text, journal.skills(include_archived=True), journal.factors(include_archived=True)
        )
        data, created = result.data, result.created
    _check_definitions(journal, data)
    existing = {c.id: c for c in journal.checkins()}
    plan = plan_merge(existing, data.checkins)
    if plan.conflicts:
        raise ExchangeError(plan.conflict_message())
    from tracker.services.measured_transfer import plan_measured_import
    from tracker.services.reality import plan_reality_import

    evaluations, revisits = plan_reality_import(journal, data)
    measured = plan_measured_import(journal, data)
    journal.store.reality.import_all(data.skills, data.factors, plan.new, evaluations, revisits,
                                     also=measured.writer())
    journal._note_own_write()
    if measured.summary():
        created.append(measured.summary())
    return ImportResult(added=len(plan.new), skipped=len(plan.identical), created=created)


def _check_definitions(journal: Journal, data: Dataset) -> None:
    """Refuse a file whose skill/factor of a known id or name means something else."""
    skills = {s.id: s for s in journal.skills(include_archived=True)}
    skill_names = {s.name.casefold(): s.id for s in skills.values()}
    for skill in data.skills:
        owner = skill_names.get(skill.name.casefold())
        if owner is not None and owner != skill.id:
            raise ExchangeError(
                f"The file's skill {skill.name!r} has a different id from your skill of that "
                "name. Nothing was imported."
            )
    factors = {f.id: f for f in journal.factors(include_archived=True)}
    factor_names = {f.name.casefold(): f.id for f in factors.values()}
    for factor in data.factors:
        mine = factors.get(factor.id)
        if mine is not None and (mine.kind, mine.minimum, mine.maximum) != (
            factor.kind,
            factor.minimum,
            factor.maximum,
        ):
            raise ExchangeError(
                f"The file's factor {factor.name!r} is measured differently from yours "
                f"({factor.kind} {factor.minimum}–{factor.maximum} vs {mine.kind} "
                f"{mine.minimum}–{mine.maximum}). Nothing was imported."
            )
        owner = factor_names.get(factor.name.casefold())
        if owner is not None and owner != factor.id:
            raise ExchangeError(
                f"The file's factor {factor.name!r} has a different id from your factor of that "
                "name. Nothing was imported."
            )
