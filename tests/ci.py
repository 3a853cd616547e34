"""Skips that only a developer's machine may take: under CI=true a missing tool or driver fails.

``.ci/run`` installs everything the tests need, so in CI a skip would hide a broken set-up.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def skip_unless_ci(reason: str, ci_hint: str = ".ci/run must provide it") -> NoReturn:
    """Skip with ``reason``; under CI=true, fail with it instead."""
    if in_ci():
        pytest.fail(f"{reason}, and CI=true: {ci_hint}")
    pytest.skip(reason)
