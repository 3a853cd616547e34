"""Guard against a reference-count leak on ``True``, ``False`` and ``None`` seen with PySide6
6.12.0 + pyqtgraph 0.14 on CPython 3.11: painting and updating plots drop references to these
singletons (``sys.getrefcount(True)`` falls by ~100 per redraw) until CPython aborts with
"bool_dealloc: deallocating True or False" or "none_dealloc". A bare pyqtgraph PlotWidget shows
it too, so the bug is in the binding, not in the dashboard.

On CPython < 3.12 (no immortal objects) we add a large constant to the three reference counts
once, so the leak can never reach zero in a session. This changes no behaviour: the objects are
static and never freed. Remove when the binding is fixed.
"""

from __future__ import annotations

import ctypes
import platform
import sys

_MARGIN = 1 << 40
_done = False


def apply() -> None:
    global _done
    if _done or platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return
    for obj in (True, False, None):
        # ob_refcnt is the first field of every CPython object
        count = ctypes.c_ssize_t.from_address(id(obj))
        count.value += _MARGIN
    _done = True
