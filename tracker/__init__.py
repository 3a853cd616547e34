"""Touchstone: a private journal of self-rated skill beside the state you were in."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("touchstone")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+source"

APP_NAME = "Touchstone"
APP_ID = "io.github.touchstone.Touchstone"
