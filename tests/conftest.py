"""Shared test set-up: Qt offscreen, a fresh data dir per test, hypothesis profiles."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# ci: the same examples on every run (a red CI must be reproducible); stress explores anew
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("stress", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty Touchstone data directory inside ``tmp_path``."""
    path = tmp_path / "data"
    return path


@pytest.fixture(autouse=True)
def _cheaper_scrypt_in_process(request, monkeypatch) -> None:
    """New keys made inside the test process use scrypt N=2^15 (the earlier parameters, still
    accepted) instead of N=2^17: the suite derives ~120 keys in-process, 0.6 s more each at
    2^17. Commands run in a subprocess, and tests marked ``real_kdf``, use the real parameters
    (tests/security/test_key_derivation.py checks them and the upgrade)."""
    if request.node.get_closest_marker("real_kdf"):
        return
    from tracker.store import cipher

    monkeypatch.setattr(cipher, "KDF_CURRENT", cipher.KDF_V1)
