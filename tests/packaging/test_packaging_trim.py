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
    # pydoc: pyqtgraph's parametertree imports it
    for module in ("PySide6.QtOpenGLWidgets",
                   "PySide6.QtSvg", "PySide6.QtCore", "sqlalchemy.dialects.sqlite", "numpy",
                   "numpy.linalg", "pydoc", "hashlib", "asyncio"):
        assert module not in excluded
    assert {"pytest", "hypothesis", "statsmodels", "pandas", "tkinter"} <= excluded


def test_qtnetwork_is_left_out_except_on_windows(monkeypatch):
    """The single instance talks over a Unix socket; Windows keeps QLocalServer (a pipe)."""
    assert "PySide6.QtNetwork" in trim.excluded_modules()
    monkeypatch.setattr(trim.sys, "platform", "win32")
    assert "PySide6.QtNetwork" not in trim.excluded_modules()


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


# a fake bundle: source path -> the libraries it links against (paths realpath() leaves alone)
LINKS = {
    "/nx/libQt6DBus.so.6": {"/nx/libdbus-1.so.3"},
    "/nx/libdbus-1.so.3": {"/nx/libsystemd.so.0"},
    "/nx/libsystemd.so.0": {"/nx/libgcrypt.so.20", "/nx/libzstd.so.1"},
    "/nx/libgcrypt.so.20": set(),
    "/nx/libzstd.so.1": set(),
    "/nx/libQt6Core.so.6": {"/nx/libzstd.so.1"},
    "/nx/plugins/tls/libqopensslbackend.so": {"/nx/libssl.so.3"},
    "/nx/libssl.so.3": {"/nx/libcrypto.so.3"},
    "/nx/libcrypto.so.3": set(),
}
DESTS = {
    "/nx/libQt6DBus.so.6": "PySide6/Qt/lib/libQt6DBus.so.6",
    "/nx/libQt6Core.so.6": "PySide6/Qt/lib/libQt6Core.so.6",
    "/nx/plugins/tls/libqopensslbackend.so": "PySide6/Qt/plugins/tls/libqopensslbackend.so",
}


def test_prune_drops_what_only_dropped_files_need(monkeypatch):
    monkeypatch.setattr(trim, "_imports", lambda path, bundled: LINKS[path])
    binaries = [(DESTS.get(src, src.rsplit("/", 1)[1]), src, "BINARY") for src in LINKS]
    kept, datas, removed = trim.prune(binaries, [("resources/x.svg", "/src/x.svg", "DATA")])
    assert sorted(dest for dest, _src, _kind in kept) == [
        "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6DBus.so.6", "libzstd.so.1"]
    # libdbus is the system's: what only it pulled in goes (libzstd stays for QtCore);
    # libcrypto went with the tls plugin and libssl, which nothing kept links
    assert sorted(dest for dest, _src in removed) == [
        "PySide6/Qt/plugins/tls/libqopensslbackend.so", "libcrypto.so.3", "libdbus-1.so.3",
        "libgcrypt.so.20", "libssl.so.3", "libsystemd.so.0"]
    assert datas == [("resources/x.svg", "/src/x.svg", "DATA")]


def test_prune_keeps_a_library_a_kept_binary_still_needs(monkeypatch):
    links = {**LINKS, "/nx/_hashlib.so": {"/nx/libcrypto.so.3"}}
    monkeypatch.setattr(trim, "_imports", lambda path, bundled: links[path])
    binaries = [(DESTS.get(src, src.rsplit("/", 1)[1]), src, "EXTENSION") for src in links]
    kept, _datas, _removed = trim.prune(binaries, [])
    assert "libcrypto.so.3" in {dest for dest, _src, _kind in kept}


def test_elf_needed_reads_direct_dependencies_only():
    """ldd would list libc's own dependencies too; DT_NEEDED is what the file itself asks for."""
    import _ctypes  # a stdlib extension module: an ELF file on Linux

    names = trim.elf_needed(_ctypes.__file__)
    if names is None:
        pytest.skip("not a 64-bit little-endian ELF platform")
    assert any(name.startswith("libffi.so") for name in names)
    assert trim.elf_needed(str(PACKAGING / "trim.py")) is None
