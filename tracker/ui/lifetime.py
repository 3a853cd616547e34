"""Deferred UI work tied to the view that asked for it and to the journal it reads.

A refresh queued now runs later: by then the view may have been deleted, or its journal closed
(the window closed, "Delete all my data", the end of a test) or set aside (a file dialog, the
idle lock, an encryption switch). Every timer, queued call and worker result that reads the
journal goes through here, so one rule holds for all of them:

- the view (``owner``) deleted, or the journal closed: the call is dropped;
- the journal set aside (paused): the call waits, and runs once ``resumed(journal)`` is called
  (the main window's ``resume_activity`` does), unless its view or journal went meanwhile.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from tracker.services.journal import Journal

_Call = tuple[Callable[..., None], tuple[Any, ...]]
_waiting: weakref.WeakKeyDictionary[Journal, list[_Call]] = weakref.WeakKeyDictionary()


def alive(owner: QObject, journal: Journal) -> bool:
    """The view still exists and its journal is not closed."""
    return shiboken6.isValid(owner) and not journal.is_closed


def bound(owner: QObject, journal: Journal, fn: Callable[..., object]) -> Callable[..., None]:
    """``fn`` that runs only while ``owner`` and ``journal`` live (waiting while set aside)."""

    def run(*args: Any) -> None:
        if not alive(owner, journal):
            return
        if journal.is_paused:
            waiting = _waiting.setdefault(journal, [])
            if args or not any(queued is run for queued, _ in waiting):
                waiting.append((run, args))  # a timer firing twice meanwhile runs once
            return
        fn(*args)

    return run


def later(owner: QObject, journal: Journal, fn: Callable[[], object], ms: int = 0) -> None:
    """Call ``fn`` after ``ms`` (0: once the event loop is back), under ``bound``'s rule."""
    QTimer.singleShot(ms, owner, bound(owner, journal, fn))


def timer(owner: QObject, journal: Journal, fn: Callable[[], object], ms: int, *,
          single_shot: bool = True) -> QTimer:
    """A stopped QTimer owned by ``owner`` whose timeout calls ``fn`` under ``bound``'s rule."""
    result = QTimer(owner)
    result.setSingleShot(single_shot)
    result.setInterval(ms)
    result.timeout.connect(bound(owner, journal, fn))
    return result


def resumed(journal: Journal) -> None:
    """The journal is back in use: run what waited for it, in the order it came."""
    for run, args in _waiting.pop(journal, []):
        run(*args)


def waiting(journal: Journal) -> int:
    """How many calls wait for ``journal`` to resume (tests)."""
    return len(_waiting.get(journal, []))
