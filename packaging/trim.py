"""What the frozen build leaves out, and why; used by ``touchstone.spec``.

Every exclusion here is proven by the frozen self-test (``packaging/smoke_test.py``) passing on a
build without it; docs/PACKAGING.md records the measurements. Two kinds:

* Python modules (``EXCLUDED_MODULES``): never analysed, so neither they nor the Qt libraries and
  plugins their PyInstaller hooks would add are collected.
* Collected files (``DROPPED_FILES``, globs on the path inside the bundle): Qt plugins and
  translations the app does not use. The shared libraries that only those files needed (found by
  walking each binary's imports, as PyInstaller itself does) are dropped with them.

This module runs inside PyInstaller (``import PyInstaller`` works) but has no Qt.
"""

from __future__ import annotations

import fnmatch
import os
import struct
import sys
from collections.abc import Iterable, Mapping

# module -> why it is not needed
EXCLUDED_MODULES: dict[str, str] = {
    # pyqtgraph imports QtTest optionally (a failed import becomes a placeholder) for its test
    # helpers. pyqtgraph's PlotCurveItem imports Qt/OpenGLHelpers.py, which imports QtOpenGL and
    # QtOpenGLWidgets unconditionally (without them: "No module named 'PySide6.QtOpenGL'"), but
    # uses QtOpenGL only to draw with OpenGL, which the app never switches on: the spec puts
    # packaging/qtopengl_stub.py in its place (STUBS). QtOpenGLWidgets (0.1 MB) stays.
    "PySide6.QtOpenGL": "8.9 MB binding used only by pyqtgraph's OpenGL drawing; stubbed",
    "PySide6.QtTest": "pyqtgraph's test helpers; the app's tests use pytest-qt, not the bundle",
    "PySide6.QtDBus": "Python binding only (libQt6DBus stays: QtGui, ibus and the portal link it)",
    # tracker/ui/single_instance.py uses a Unix-domain socket on Linux and macOS; QLocalServer
    # only on Windows (where this list does not drop the module)
    "PySide6.QtNetwork": "3.4 MB + Kerberos libraries: the single instance uses a Unix socket",
    # standard library the app never reaches (checked on the import stack of self-test and GUI)
    "unittest": "only numpy.testing imports it, and nothing imports numpy.testing at run time",
    "doctest": "test tool",
    "numpy.testing": "numpy's test helpers; numpy imports it only on demand",
    "pydoc_data": "help() topics; pydoc (which pyqtgraph's parametertree imports) does without",
    "readline": "interactive line editing (+ libreadline, libtinfo): the CLI never prompts",
    # asyncio (imported by SQLAlchemy) does `try: import ssl except ImportError`
    "ssl": "TLS (+ libssl; libcrypto stays for hashlib): the app has no network",
    "_ssl": "TLS (+ libssl; libcrypto stays for hashlib): the app has no network",
    # hashlib falls back to CPython's own md5/sha1/sha2/sha3/blake2 modules (all bundled).
    # OpenSSL-only: hashlib.scrypt, which tracker.store.cipher calls only after cipher.driver()
    # found sqlcipher3. packaging/build.sh installs sqlcipher3, so excluded_modules() keeps
    # _hashlib; this entry matters only for a build without the driver
    "_hashlib": "OpenSSL's hashes (+ libcrypto, 4.7 MB): CPython's built-in hashes serve hashlib",
    # test-only and development dependencies: never imported at run time
    "tkinter": "no Tk user interface",
    "_tkinter": "no Tk user interface",
    "turtle": "needs tkinter",
    "idlelib": "needs tkinter",
    "pytest": "test-only",
    "_pytest": "test-only",
    "pytestqt": "test-only",
    "hypothesis": "test-only",
    "scipy": "test-time cross-check of tracker.analysis.distributions only",
    "statsmodels": "test-time cross-check of the statistics only",
    "pandas": "test-time only (statsmodels)",
    "matplotlib": "pyqtgraph's optional MatplotlibWidget; not used",
    "IPython": "not used",
    "importlinter": "test-only",
    # other Qt bindings: pyqtgraph can use them; the app uses PySide6 only
    "PyQt5": "the app uses PySide6",
    "PyQt6": "the app uses PySide6",
    "PySide2": "the app uses PySide6",
    # SQLAlchemy's hook collects every dialect; the app talks only to SQLite
    "sqlalchemy.dialects.postgresql": "SQLite only",
    "sqlalchemy.dialects.mysql": "SQLite only",
    "sqlalchemy.dialects.mssql": "SQLite only",
    "sqlalchemy.dialects.oracle": "SQLite only",
    "sqlalchemy.testing": "SQLAlchemy's own test harness",
    # never imported at run time (checked with -X importtime on self-test and a GUI start)
    "numpy.f2py": "Fortran wrapper generator, a build tool (numpy imports it only on demand)",
    "pyqtgraph.flowchart": "pyqtgraph's node editor, imported only explicitly",
    "_pydecimal": "decimal's fallback when the C module _decimal is missing (it is bundled)",
    # numpy 2 loads these subpackages only when first used (numpy.__getattr__); the app never
    # uses them, and pyqtgraph reaches numpy.fft only for a plot's FFT mode, which is offered
    # by the plot's context menu alone: every plot of the app has setMenuEnabled(False)
    # (tests/packaging/test_packaging_trim.py checks both)
    "numpy.fft": "Fourier transforms (0.5 MB pocketfft): no plot is switched to FFT mode",
    "numpy.polynomial": "polynomial classes; np.polyfit lives in numpy.lib, not here",
    "numpy._core._multiarray_tests": "numpy's own test helper extension (0.1 MB)",
}

# Remembering the encryption key in the OS keyring (pyproject's `encryption` extra): keyring,
# and on Linux SecretStorage -> cryptography (an 11.6 MB Rust extension), jeepney: 12.4 MB in
# all, more than the 150 MB target leaves. tracker.services.remembered_key.available() is False
# without keyring, and Settings disables "Remember"; the packaged app asks for the passphrase.
# `TOUCHSTONE_KEYRING=1 packaging/build.sh` builds with them (docs/PACKAGING.md).
KEYRING_MODULES: dict[str, str] = {
    "keyring": "remembering the key: 12.4 MB with its Linux backend (see KEYRING_MODULES)",
    "secretstorage": "keyring's Secret Service backend",
    "jeepney": "SecretStorage's D-Bus client",
    "cryptography": "SecretStorage's session encryption (11.6 MB Rust extension)",
}

# Test packages of the scientific stack (PyInstaller's hooks already skip most of them).
EXCLUDED_PATTERNS = ("numpy.tests", "numpy.*.tests", "pyqtgraph.examples", "pyqtgraph.*.tests")

# glob on the destination path inside the bundle -> why it is not needed. Paths are matched
# after normalising the platform's layout (``PySide6/Qt/plugins`` on Linux and macOS,
# ``PySide6/plugins`` on Windows, backslashes) to ``PySide6/plugins/...``; plugin names are
# globbed (``libqtiff.so``, ``qtiff.dll``, ``libqtiff.dylib``).
DROPPED_FILES: dict[str, str] = {
    "PySide6/translations/*": "Qt's own translations: the app installs no QTranslator yet",
    # platform plugins: a desktop app runs on xcb or wayland (offscreen/minimal for tests)
    "PySide6/plugins/platforms/*qeglfs.*": "full-screen EGL for embedded devices",
    "PySide6/plugins/platforms/*qminimalegl.*": "embedded EGL test platform",
    "PySide6/plugins/platforms/*qlinuxfb.*": "framebuffer console",
    "PySide6/plugins/platforms/*qvnc.*": "remote VNC server platform",
    "PySide6/plugins/platforms/*qvkkhrdisplay.*": "Vulkan direct-to-display",
    "PySide6/plugins/egldeviceintegrations/*": "only for the eglfs platform",
    "PySide6/plugins/generic/*": "evdev/tuio input for eglfs/linuxfb",
    # the GTK3 theme pulls the build machine's GTK, cairo and pango stack (about 5 MB) into the
    # bundle; the app draws with Fusion and its own palettes and the portal theme still loads
    "PySide6/plugins/platformthemes/*qgtk3.*": "GTK3 look: Fusion is used",
    # QtNetwork is excluded above; these plugins would need it (and open TLS or watch links)
    "PySide6/plugins/tls/*": "TLS backends (+ libssl, libcrypto): the app has no network",
    "PySide6/plugins/networkinformation/*": "network reachability: the app has no network",
    # Qt loads OpenSSL with dlopen (so PySide6's hook adds it, and prune() cannot see who needs
    # it): only the dropped tls plugins and the excluded ``_ssl`` use libssl; libcrypto stays
    "libssl*": "OpenSSL's TLS library: no tls plugin, no ssl module",
    # libQt6DBus links libdbus-1 (QtGui needs QtDBus), but the desktop has its own: the README
    # lists libdbus-1-3 among what a Linux desktop needs, as the Qt wheels (the app run from
    # source) use the system's too, and it matches the system's bus. Bundling Debian's copy
    # also brought its libsystemd, libgcrypt, libgpg-error, liblz4 and libcap (2.9 MB in all)
    "libdbus-1.so*": "the desktop's D-Bus client library (README: libdbus-1-3)",
    # images: PNG is built into QtGui; SVG (icons), ICO and JPEG stay
    "PySide6/plugins/imageformats/*qgif.*": "no GIF images",
    "PySide6/plugins/imageformats/*qicns.*": "no ICNS at run time",
    "PySide6/plugins/imageformats/*qtga.*": "no TGA images",
    "PySide6/plugins/imageformats/*qtiff.*": "no TIFF images",
    "PySide6/plugins/imageformats/*qwbmp.*": "no WBMP images",
    "PySide6/plugins/imageformats/*qwebp.*": "no WebP images",
    "PySide6/plugins/imageformats/*qpdf.*": "no PDF images",
    "PySide6/plugins/wayland-shell-integration/*fullscreen-shell-v1.*": "kiosk shells",
    "PySide6/plugins/wayland-shell-integration/*ivi-shell.*": "in-vehicle shell",
    "PySide6/plugins/wayland-shell-integration/*wl-shell-plugin.*": "obsolete wl_shell",
    "PySide6/plugins/wayland-shell-integration/*qt-shell.*": "Qt's own compositor shell",
    # server-buffer sharing offered by Qt-based compositors (embedded); the client's own
    # EGL integration (wayland-egl) stays
    "PySide6/plugins/wayland-graphics-integration-client/*-server.*": "Qt compositor buffers",
    # pyqtgraph's mascot: the window icon of a QApplication that pyqtgraph's mkQApp() creates;
    # Touchstone creates its own QApplication first (tracker/app.py), with its own icon
    "pyqtgraph/icons/peegee/*": "pyqtgraph's own application icon (1 MB of PNGs)",
    # the executable's and .app's icons: the spec hands them to PyInstaller from the source
    # tree; at run time the app uses the SVG and the hicolor PNGs
    "resources/icons/touchstone.ico": "Windows executable icon, not read at run time",
    "resources/icons/touchstone.icns": "macOS .app icon, not read at run time",
}


# module -> file in packaging/ bundled in its place (an excluded module something imports)
STUBS: dict[str, str] = {"PySide6.QtOpenGL": "qtopengl_stub.py"}

# modules that need OpenSSL's hashes when they are bundled (scrypt for SQLCipher keys)
NEEDS_HASHLIB_OPENSSL = ("sqlcipher3",)


def excluded_modules(installed=None, keyring: bool = False) -> list[str]:
    """Modules to exclude; ``_hashlib`` stays when an encryption driver is installed.

    ``installed(name) -> bool`` says whether a module can be imported (default: find_spec);
    ``keyring``: bundle the keyring modules (``KEYRING_MODULES``) if the build venv has them.
    """
    if installed is None:
        import importlib.util

        def installed(name: str) -> bool:
            return importlib.util.find_spec(name) is not None
    names = set(EXCLUDED_MODULES) | (set() if keyring else set(KEYRING_MODULES))
    if any(installed(name) for name in NEEDS_HASHLIB_OPENSSL):
        names.discard("_hashlib")
    if sys.platform == "win32":
        names.discard("PySide6.QtNetwork")  # the single instance's QLocalServer (named pipe)
    return sorted(names)


_LINKED = ("BINARY", "EXTENSION")  # TOC entries that are shared libraries (extensions link too)


def _normalised(dest: str) -> str:
    return dest.replace("\\", "/")


def _layout_free(dest: str) -> str:
    """``PySide6/Qt/plugins/x`` (Linux, macOS) and ``PySide6/plugins/x`` (Windows) alike."""
    path = _normalised(dest)
    return "PySide6/" + path[len("PySide6/Qt/"):] if path.startswith("PySide6/Qt/") else path


def is_dropped(dest: str, patterns: Iterable[str] = DROPPED_FILES) -> bool:
    """Whether a bundle path matches one of the dropped-file globs (on any platform's Qt layout)."""
    path = _layout_free(dest)
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def is_test_module(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(name, p + ".*")
               for p in EXCLUDED_PATTERNS)


def elf_needed(path: str) -> list[str] | None:
    """The DT_NEEDED names of a 64-bit little-endian ELF file; None for anything else."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
        if blob[:4] != b"\x7fELF" or blob[4] != 2 or blob[5] != 1:
            return None
        phoff, = struct.unpack_from("<Q", blob, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", blob, 0x36)
        segments = [struct.unpack_from("<IIQQQQ", blob, phoff + i * phentsize)
                    for i in range(phnum)]  # type, flags, offset, vaddr, paddr, filesz
        dynamic = next((seg for seg in segments if seg[0] == 2), None)  # PT_DYNAMIC
        if dynamic is None:
            return []
        entries = [struct.unpack_from("<qQ", blob, dynamic[2] + pos)
                   for pos in range(0, dynamic[5], 16)]
        strtab_addr = next(value for tag, value in entries if tag == 5)  # DT_STRTAB
        # the string table's address -> file offset, through the PT_LOAD segment holding it
        load = next(seg for seg in segments
                    if seg[0] == 1 and seg[3] <= strtab_addr < seg[3] + seg[5])
        strtab = load[2] + strtab_addr - load[3]
        return [blob[strtab + value:blob.index(b"\0", strtab + value)].decode()
                for tag, value in entries if tag == 1]  # DT_NEEDED
    except (OSError, struct.error, StopIteration, ValueError, UnicodeDecodeError):
        return None


def _imports(path: str, bundled: Mapping[str, str]) -> set[str]:
    """Real paths of the libraries ``path`` links against directly.

    ELF (Linux): its DT_NEEDED names, as the bundled files of those names (``bundled``: file
    name -> real path); PyInstaller's own ``get_imports`` runs ``ldd`` there, which lists every
    library loaded, transitively. Elsewhere (pefile, macholib: direct imports) PyInstaller's.
    """
    names = elf_needed(path)
    if names is not None:
        return {bundled[name] for name in names if name in bundled}
    from PyInstaller.depend.bindepend import get_imports

    found = set()
    try:
        for _name, full in get_imports(path):
            if full:
                found.add(os.path.realpath(full))
    except Exception:  # an unreadable file keeps everything it might need
        return set()
    return found


def _closure(roots: Iterable[str], bundled: Mapping[str, str],
             stop: frozenset[str] = frozenset()) -> set[str]:
    """``roots`` and every library they need, transitively; not looking inside ``stop``."""
    seen: set[str] = set()
    todo = [os.path.realpath(r) for r in roots]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if path not in stop:
            todo.extend(_imports(path, bundled) - seen)
    return seen


def prune(binaries: list, datas: list) -> tuple[list, list, list[tuple[str, str]]]:
    """Drop ``DROPPED_FILES`` and the libraries only they need.

    Returns (binaries, datas, removed) with ``removed`` as (bundle path, source path) pairs.

    A library goes only if a dropped file needed it and no kept binary does, so libraries loaded
    by other means (ctypes, dlopen) are never touched.
    """
    dropped = [e for e in binaries + datas if is_dropped(e[0])]
    kept_bins = [e for e in binaries if not is_dropped(e[0])]
    binary_srcs = {os.path.realpath(e[1]) for e in kept_bins if e[2] in _LINKED}
    bundled = {os.path.basename(_normalised(e[0])): os.path.realpath(e[1])
               for e in binaries if e[2] in _LINKED}
    # candidates: kept libraries some dropped file links against; they stay if a kept binary
    # that is not itself a candidate still needs them
    candidates = binary_srcs & _closure((e[1] for e in dropped if e[2] in _LINKED), bundled)
    # a dropped library that kept binaries still link (one the system provides) is a boundary:
    # what only it needs goes with it
    needed = _closure(binary_srcs - candidates, bundled,
                      stop=frozenset(os.path.realpath(e[1]) for e in dropped))
    orphans = candidates - needed
    out_bins = [e for e in kept_bins
                if not (e[2] in _LINKED and os.path.realpath(e[1]) in orphans)]
    gone = {_normalised(e[0]) for e in dropped} | {
        _normalised(e[0]) for e in kept_bins if e not in out_bins}

    def dangling(entry) -> bool:  # a symlink (target relative to its own folder) to a gone file
        if entry[2] != "SYMLINK":
            return False
        target = os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1]))
        return _normalised(target) in gone

    out_bins = [e for e in out_bins if not dangling(e)]
    out_datas = [e for e in datas if not is_dropped(e[0]) and not dangling(e)]
    kept = {_normalised(e[0]) for e in out_bins + out_datas}
    removed = sorted({(_normalised(e[0]), e[1]) for e in binaries + datas
                      if _normalised(e[0]) not in kept})
    return out_bins, out_datas, removed


def summary(removed: list[tuple[str, str]]) -> str:
    """Megabytes left out, in total and per folder of the bundle (for the build log)."""
    sizes: dict[str, int] = {}
    for dest, src in removed:
        folder = os.path.dirname(dest) or "(top level)"
        sizes[folder] = sizes.get(folder, 0) + (os.path.getsize(src) if os.path.isfile(src) else 0)
    lines = [f"trim: {len(removed)} files, {sum(sizes.values()) / 1e6:.1f} MB left out"]
    lines += [f"  {size / 1e6:6.1f} MB  {folder}"
              for folder, size in sorted(sizes.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)
