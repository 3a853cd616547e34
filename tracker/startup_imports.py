"""Start-up's speed tricks (``StartupSpeed``), each for a cost PySide6 or Python adds to
every start, and what it buys.

PySide6 reads the source of every module imported after it, and routes every ``import``
through Python code, both for its opt-in ``__feature__`` switching, which Touchstone does not
use. Measured as CPU time of a whole start (``touchstone --exit-when-ready``, a set-up journal,
12 interleaved launches each, median; 2026-12, 2 shared cores; each trick switched off alone):

- ``KnownQtFreeModules``: "no Qt here" for modules known to be Qt-free, so PySide6 reads no
  source for SQLAlchemy's ~300 modules: 50 ms (493 → 543 ms without it).
- ``PlainImports``: Python's own ``__import__`` until the window is ready: 11 ms.
- the garbage collector paused until the window is ready (``StartupSpeed``): 12 ms.
- all three: 91 ms (584 ms without any), about a sixth of the start.

Most of it falls between the first paint and ``ready`` (SQLAlchemy loads there);
``benchmarks/bench_startup.py`` times both against a bare PySide6 window.
"""

from __future__ import annotations

import sys

# Top-level packages that never import PySide6 (the core's import contract forbids it).
_QT_FREE_PACKAGES = frozenset(sys.stdlib_module_names) | {
    "greenlet", "numpy", "platformdirs", "scipy", "sqlalchemy", "typing_extensions"}


def _qt_free(name: str) -> bool:
    top = name.partition(".")[0]
    if top == "tracker":
        return not name.startswith(("tracker.ui", "tracker.app"))
    return top in _QT_FREE_PACKAGES


class KnownQtFreeModules:
    """Spare PySide6 from reading the source of modules known not to use it.

    After ``import PySide6``, every newly imported module's whole source is read
    (``inspect.getsource``) to see whether it says "PySide6", for PySide's opt-in
    ``__feature__`` switching, which Touchstone does not use. Opening the store imports about
    300 such modules (SQLAlchemy), a third of its cost. For the standard library, SQLAlchemy,
    numpy/scipy and Touchstone's Qt-free core the answer is known, so the same entry PySide6
    would make (-1: "does not use PySide") is recorded before the import, and nothing is read.
    Without PySide6's table (another version), nothing happens.
    """

    def __init__(self, table: dict) -> None:
        self.table = table

    @classmethod
    def install(cls) -> KnownQtFreeModules | None:
        import PySide6.QtCore  # noqa: F401 - the table exists once PySide6 is loaded

        feature = sys.modules.get("shibokensupport.feature")
        table = getattr(feature, "pyside_feature_dict", None)
        if not isinstance(table, dict):
            return None
        hook = cls(table)
        for name in list(sys.modules):
            hook.note(name)
        sys.meta_path.insert(0, hook)
        return hook

    def uninstall(self) -> None:
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    def note(self, name: str) -> None:
        if name not in self.table and _qt_free(name):
            self.table[name] = -1

    def find_spec(self, name: str, path=None, target=None) -> None:
        self.note(name)
        return None  # the normal finders import it


class PlainImports:
    """Python's own ``__import__`` during start-up, PySide6's again afterwards.

    PySide6 routes every ``import`` statement through a Python function, for its opt-in
    ``from __feature__ import …``, which Touchstone never uses. Start-up runs thousands of
    import statements (SQLAlchemy alone). When it ends, the modules imported meanwhile are
    registered with PySide6 as its own import would have done (after the start-up, not on
    its path).
    """

    def __init__(self) -> None:
        import builtins

        self.feature_import = getattr(builtins, "__feature_import__", None)
        original = getattr(builtins, "__orig_import__", None)
        self.active = (self.feature_import is not None and original is not None
                       and builtins.__import__ is self.feature_import)
        if self.active and original is not None:  # (active implies it; said for the checker)
            self.before = set(sys.modules)
            builtins.__import__ = original

    def end(self) -> None:
        import builtins

        if not self.active or self.feature_import is None:  # (active implies it is set)
            return
        self.active = False
        builtins.__import__ = self.feature_import
        feature = sys.modules.get("shibokensupport.feature")
        register = getattr(feature, "feature_imported", None)
        if register is None:
            return
        for name, module in list(sys.modules.items()):
            if name not in self.before and module is not None:
                register(module)  # a Qt-free one is already noted: nothing is read


class StartupSpeed:
    """The start-up's tricks together: ``begin`` before the QApplication, ``end`` once the
    window is complete (idempotent).

    Besides the two import tricks above, the cyclic garbage collector waits: start-up
    allocates a great deal (widgets' wrappers, SQLAlchemy's tables and compiled queries) and
    frees little, so each collection would walk the same young objects again and again.
    """

    def __init__(self) -> None:
        self.plain = PlainImports()
        self.ended = False

    @classmethod
    def begin(cls) -> StartupSpeed:
        import gc

        gc.disable()
        KnownQtFreeModules.install()  # stays: later imports are spared too
        return cls()

    def end(self) -> None:
        if self.ended:
            return
        import gc

        self.ended = True
        self.plain.end()
        gc.enable()
