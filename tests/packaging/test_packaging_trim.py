"""packaging/trim.py: what the frozen build leaves out must never include what the app needs."""

from __future__ import annotations

import re

import pytest
from packaging_support import PACKAGING, ROOT, load_script

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
    "PySide6/Qt/plugins/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so",
    "pyqtgraph/icons/auto.png",  # the plot's auto-range button
    "resources/icons/io.github.touchstone.Touchstone.svg",
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
    "PySide6/Qt/plugins/wayland-graphics-integration-client/libdmabuf-server.so",
    "pyqtgraph/icons/peegee/peegee_512px@2x.png",
    "resources/icons/touchstone.icns",
])
def test_unused_qt_files_are_dropped(dest):
    assert trim.is_dropped(dest)


def test_windows_paths_are_matched_like_posix_ones():
    assert trim.is_dropped("PySide6\\Qt\\translations\\qt_fr.qm")


def test_modules_the_app_and_pyqtgraph_import_are_not_excluded():
    excluded = set(trim.excluded_modules())
    # pyqtgraph's PlotCurveItem imports QtOpenGLWidgets unconditionally (QtOpenGL is stubbed)
    # QtNetwork: the single-instance QLocalServer; pydoc: pyqtgraph's parametertree imports it
    for module in ("PySide6.QtOpenGLWidgets", "PySide6.QtNetwork",
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


def test_stubbed_modules_are_excluded_and_their_stubs_exist():
    for module, stub in trim.STUBS.items():
        assert module in trim.EXCLUDED_MODULES
        assert (PACKAGING / stub).is_file()


def test_qtopengl_stub_says_why_a_name_is_missing():
    stub = load_script("qtopengl_stub")
    with pytest.raises(AttributeError, match="QOpenGLBuffer.*leaves the QtOpenGL binding out"):
        stub.QOpenGLBuffer  # noqa: B018 - the attribute access is the test
    assert not hasattr(stub, "__path__")  # import machinery probing it gets AttributeError


# what would make pyqtgraph draw with OpenGL (and reach the stubbed QtOpenGL)
OPENGL_SWITCHES = re.compile(r"useOpenGL|enableExperimental|pyqtgraph\.opengl|QtOpenGL\b|"
                             r"GraphicsViewGLWidget|QOpenGL")


def test_app_never_switches_pyqtgraph_to_opengl():
    users = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "tracker").rglob("*.py"))
             if OPENGL_SWITCHES.search(path.read_text(encoding="utf-8"))]
    assert users == [], "the bundle stubs PySide6.QtOpenGL: see packaging/qtopengl_stub.py"
