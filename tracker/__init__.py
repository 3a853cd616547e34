"""Touchstone: a private journal of self-rated skill beside the state you were in."""

from __future__ import annotations

APP_NAME = "Touchstone"
APP_ID = "io.github.touchstone.Touchstone"


def __getattr__(name: str) -> str:
    """``__version__`` from the installed metadata, read on first use (importlib.metadata
    costs tens of milliseconds, which start-up need not pay)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("touchstone")
    except PackageNotFoundError:  # running from a source tree that was not installed
        value = "0.0.0+source"
    globals()["__version__"] = value
    return value
