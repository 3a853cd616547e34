"""What a command works on: the data folder and, once a command asks, its journal.

``open_session`` resolves the data folder (a seeded temporary one for ``--demo``), sets up
logging and closes the journal afterwards. The journal, settings and backups load lazily:
``touchstone --help`` and the window never import them through here.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import UserError
from tracker.logs import setup_logging
from tracker.paths import DataPaths, default_data_dir

if TYPE_CHECKING:
    from tracker.services.backups import Backups
    from tracker.services.journal import Journal
    from tracker.settings import Settings


@dataclass
class CommandContext:
    """Where the data lives, and the journal once a command opens it."""

    paths: DataPaths
    demo: bool = False
    _journal: Journal | None = field(default=None, repr=False)

    def journal(self) -> Journal:
        """The journal; a damaged one is moved aside and reported with the newest backup."""
        if self._journal is None:
            from tracker.cli.passphrases import unlock_journal
            from tracker.services.backups import open_journal

            unlock_journal(self.paths)
            self._journal = open_journal(self.paths, self.settings())
        return self._journal

    def settings(self) -> Settings:
        from tracker.settings import Settings

        return Settings.load(self.paths.settings)

    def backups(self) -> Backups:
        from tracker.services.backups import Backups

        return Backups(self.paths, self.settings())

    def close_journal(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None


@contextlib.contextmanager
def open_session(data_dir: Path | None, demo: bool = False) -> Iterator[CommandContext]:
    """Resolve the data dir (or a seeded temporary one for ``demo``) and set up logging."""
    temp: Path | None = None
    if demo:
        temp = Path(tempfile.mkdtemp(prefix="touchstone-demo-"))
        root = temp
    else:
        root = data_dir or default_data_dir()
    paths = DataPaths(Path(root))
    try:
        paths.ensure()
    except OSError as exc:
        reason = exc.strerror or exc
        raise UserError(f"Cannot use the data folder {paths.root}: {reason}.") from None
    with contextlib.suppress(OSError):  # a read-only data dir still lets the user read
        setup_logging(paths.logs)
    context = CommandContext(paths, demo=demo)
    try:
        if demo:
            seed_demo(context)
        yield context
    finally:
        context.close_journal()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


def seed_demo(context: CommandContext) -> None:
    """Fill the temporary demo journal with a generated year ending today."""
    from tracker.services.demo import seed_journal
    from tracker.settings import Settings

    seed_journal(context.journal(), end=date.today())
    settings = Settings.load(context.paths.settings)
    settings.welcome_done = True
    settings.save()
