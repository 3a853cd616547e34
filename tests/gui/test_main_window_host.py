"""The main window has every member its rooms use (``tracker.ui.main_window.host``): the rooms
are typed against ``WindowHost`` instead of importing the window (which imports them)."""

from __future__ import annotations

import inspect

import pytest

from tracker.ui.main_window.host import WindowHost

pytestmark = pytest.mark.gui


def protocol_members(protocol: type) -> set[str]:
    """The names a protocol declares: its annotated attributes, properties and methods."""
    declared = set(protocol.__annotations__)
    declared |= {name for name in vars(protocol) if not name.startswith("_")}
    return declared


def test_the_window_has_every_member_of_window_host(make_window):
    window = make_window(defer_rest=True)
    annotated = set().union(*(vars(cls).get("__annotations__", {})
                              for cls in type(window).__mro__))
    missing = []
    for name in sorted(protocol_members(WindowHost)):
        try:
            inspect.getattr_static(window, name)  # not getattr: lazy rooms stay unbuilt
        except AttributeError:
            if name not in annotated:
                missing.append(name)
    assert missing == []
    assert {"journal", "widget", "backup_status", "apply_change"} <= protocol_members(WindowHost)
    assert window.widget is window
