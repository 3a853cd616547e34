"""packaging/trim.py: what the frozen build leaves out must never include what the app needs."""

from __future__ import annotations

import pytest
from packaging_support import load_script

trim = load_script("trim")

# Plugins a desktop user needs: both display servers, the test platform, SVG icons, input methods
# (dead keys, CJK input), Wayland's window decorations and shell, the portal theme (file dialogs).
NEEDED = [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqminimal.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqico.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/plugins/wayland-decoration-client/libbradient.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "numpy.libs/libscipy_openblas64_-32a4b2a6.so",  # numpy.linalg
    "resources/icons/hicolor/16x16/apps/io.github.touchstone.Touchstone.png",
]


@pytest.mark.parametrize("dest", NEEDED)
def test_needed_files_are_kept(dest):
    assert not trim.is_dropped(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "libssl.so.3",
])
def test_unused_qt_files_are_dropped(dest):
    assert trim.is_dropped(dest)


def test_windows_paths_are_matched_like_posix_ones():
    assert trim.is_dropped("PySide6\\Qt\\translations\\qt_fr.qm")


def test_modules_the_app_and_pyqtgraph_import_are_not_excluded():
    excluded = set(trim.excluded_modules())
    # pyqtgraph's PlotCurveItem imports QtOpenGL and QtOpenGLWidgets unconditionally
    # QtNetwork: the single-instance QLocalServer; pydoc: pyqtgraph's parametertree imports it
    for module in ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtNetwork",
                   "PySide6.QtSvg", "PySide6.QtCore", "sqlalchemy.dialects.sqlite", "numpy",
                   "numpy.linalg", "pydoc", "hashlib", "asyncio"):
        assert module not in excluded
    assert {"pytest", "hypothesis", "statsmodels", "pandas", "tkinter"} <= excluded


def test_scipy_is_left_out():
    """scipy is a test-only dependency: it must not reach the bundle, even if installed."""
    assert "scipy" in trim.excluded_modules()


def test_test_packages_are_recognised():
    assert trim.is_test_module("numpy.tests")
    assert trim.is_test_module("numpy.linalg.tests.test_linalg")
    assert not trim.is_test_module("numpy.linalg")
    assert not trim.is_test_module("tracker.services.report")


def test_openssl_hashes_stay_when_the_encryption_driver_is_bundled():
    """hashlib.scrypt (SQLCipher keys) needs OpenSSL's _hashlib; the plain build leaves it out."""
    assert "_hashlib" in trim.excluded_modules(installed=lambda name: False)
    assert "_hashlib" not in trim.excluded_modules(installed=lambda name: name == "sqlcipher3")
    assert "hashlib" not in trim.excluded_modules(installed=lambda name: False)
