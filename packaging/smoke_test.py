"""Smoke test of a frozen build: does the bundle run everything a user will ask of it?

    python3 packaging/smoke_test.py [dist/touchstone]      (`make dist-test`)

Needs only the standard library (any Python 3.8+, not the app's venv), so it tests the bundle
alone. Runs offscreen. Checks, each printed as ok/FAIL:

* ``touchstone --version`` prints the version;
* ``touchstone self-test`` passes (every layer, screenshots rendered), and its encryption step
  ran (encrypt, lock, unlock, decrypt: scrypt and SQLCipher) rather than being skipped;
* a journal encrypted by the app run from source (``tests/packaging/fixtures/encrypted_journal``,
  passphrase ``KNOWN_PASSPHRASE``) opens with its passphrase, with and without its key check
  file, and a wrong passphrase is told apart: the bundle's OpenSSL derives the same scrypt key
  and decrypts and authenticates the same SQLCipher pages as the wheel's;
* on Linux, one OpenSSL: a single libcrypto file, every other name a symlink to it
  (packaging/openssl_share.py);
* the CLI round trip on a fresh data dir: ``add`` then ``list`` and ``export --format json``;
* the GUI opens on that data dir and quits once ready (``--exit-when-ready``);
* icons, .desktop and metainfo are bundled where ``tracker.paths.resources_dir()`` looks;
* no test-only dependency (scipy, pandas, statsmodels, matplotlib) is bundled;
* on Linux, every Python extension module finds the libraries it links against;
* on Linux, Qt's ICU (its data trimmed by packaging/icu_data.py) still does what QtCore asks of
  it: collation, time-zone names, case mapping, converters (called through ctypes);
* ``touchstone-probe`` (if built with TOUCHSTONE_PROBE=1) draws a pyqtgraph plot.

Exit 0 only if every check passed.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

APP_ID = "io.github.touchstone.Touchstone"
TIMEOUT = 300
# test-time dependencies with compiled parts (so they would show up as folders in the bundle)
TEST_ONLY = ("scipy", "scipy.libs", "pandas", "statsmodels", "matplotlib")
SHOWN = ("version", "self-test", "encryption", "encrypted journal", "one openssl", "icu",
         "pyqtgraph probe")  # checks whose detail is printed
# what the self-test's encryption step prints when it ran (not "skipped: ...")
ENCRYPTION_DONE = "ok    encryption: encrypted"
FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "packaging" / "fixtures"
KNOWN_JOURNAL = FIXTURES / "encrypted_journal"  # made by `touchstone encrypt` from source
KNOWN_PASSPHRASE = "correct horse battery staple"
KNOWN_NOTE = "known answer from source"


def _exe(bundle: Path, name: str) -> Path:
    suffix = ".exe" if os.name == "nt" else ""
    return bundle / f"{name}{suffix}"


def _resources(bundle: Path) -> Path:
    for candidate in (bundle / "_internal" / "resources",  # PyInstaller >= 6 one-folder
                      bundle / "resources",
                      bundle.parent / "Resources" / "resources"):  # inside a macOS .app
        if candidate.is_dir():
            return candidate
    return bundle / "_internal" / "resources"


def missing_libraries(bundle: Path) -> dict[str, set[str]] | None:
    """Linux: the shared libraries each Python extension module of the bundle cannot find.

    Catches a trim that dropped a library a module links against, before an import that the
    self-test does not reach fails for a user. (Qt plugins are left out: some load optional
    system libraries that a headless build machine does not have.) None where ldd is missing.
    """
    internal = bundle / "_internal"
    if not sys.platform.startswith("linux") or not shutil.which("ldd") or not internal.is_dir():
        return None
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    missing: dict[str, set[str]] = {}
    for module in internal.rglob("*.so"):
        if not (module.name.endswith(".abi3.so") or ".cpython-" in module.name):
            continue
        out = subprocess.run(["ldd", str(module)], capture_output=True, text=True, env=env,
                             check=False).stdout
        lost = {line.split()[0] for line in out.splitlines() if "not found" in line}
        if lost:
            missing[str(module.relative_to(internal))] = lost
    return missing


# What QtCore asks of ICU (packaging/icu_data.py KNOWN_ICU_CALLS), with answers from ICU 73's
# full data: these must survive the trim. Collation: QCollator (sorting in file dialogs);
# time-zone names: QTimeZone::displayName; case mapping: QLocale::toUpper/toLower; converters:
# QStringDecoder for codecs Qt has no code of its own for.
ICU_COLLATION = [("sv", "ö", "z", 1), ("de", "ö", "z", -1), ("da", "aa", "z", 1),
                 ("en", "a", "B", -1), ("zh", "北", "上", -1)]
ICU_ZONE_NAMES = [("Europe/Berlin", "de", 0, "Mitteleuropäische Normalzeit"),
                  ("Europe/Berlin", "en", 0, "Central European Standard Time"),
                  ("America/New_York", "en", 3, "EDT"),
                  ("Asia/Tokyo", "ja", 0, "日本標準時"),
                  ("Pacific/Chatham", "fr", 0, "heure normale des îles Chatham")]
ICU_CASE = [("upper", "istanbul", "tr", "İSTANBUL"), ("upper", "straße", "de", "STRASSE"),
            ("lower", "ΌΣΟΣ", "el", "όσος"), ("lower", "İI", "tr", "iı")]
ICU_CONVERTERS = [("UTF-8", "Grüße".encode()), ("ISO-8859-1", "Grüße".encode("latin-1")),
                  ("windows-1252", "€ Grüße".encode("cp1252")),
                  ("KOI8-R", "Привет".encode("koi8_r"))]


class _Icu:
    """The bundle's ICU C API through ctypes (UChar strings are UTF-16)."""

    def __init__(self, lib_dir: Path, version: str) -> None:
        self.uc = ctypes.CDLL(str(lib_dir / f"libicuuc.so.{version}"))
        self.i18n = ctypes.CDLL(str(lib_dir / f"libicui18n.so.{version}"))
        self.version = version

    def fn(self, lib: ctypes.CDLL, name: str, restype, *argtypes):
        function = getattr(lib, f"{name}_{self.version}")
        function.restype, function.argtypes = restype, list(argtypes)
        return function

    @staticmethod
    def uchars(text: str):
        data = text.encode("utf-16-le")
        return (ctypes.c_uint16 * (len(data) // 2 + 1)).from_buffer_copy(data + b"\0\0"), len(
            data) // 2

    @staticmethod
    def text(buffer, length: int) -> str:
        return bytes(buffer)[:2 * length].decode("utf-16-le")


def icu_failures(lib_dir: Path, version: str) -> list[str]:
    """What the bundle's ICU gets wrong of ICU_COLLATION, _ZONE_NAMES, _CASE, _CONVERTERS."""
    icu = _Icu(lib_dir, version)
    p, i32, status_p = ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(ctypes.c_int)
    failures = []

    def failed(status: ctypes.c_int) -> bool:  # ICU: > 0 is an error, <= 0 success or warning
        return status.value > 0

    col_open = icu.fn(icu.i18n, "ucol_open", p, ctypes.c_char_p, status_p)
    col_strcoll = icu.fn(icu.i18n, "ucol_strcoll", ctypes.c_int, p, p, i32, p, i32)
    col_close = icu.fn(icu.i18n, "ucol_close", None, p)
    for locale, a, b, expected in ICU_COLLATION:
        status = ctypes.c_int(0)
        collator = col_open(locale.encode(), ctypes.byref(status))
        if failed(status) or not collator:
            failures.append(f"ucol_open({locale}): error {status.value}")
            continue
        got = col_strcoll(collator, *icu.uchars(a), *icu.uchars(b))
        col_close(collator)
        if got != expected:
            failures.append(f"collation {locale}: {a} vs {b} gave {got}, not {expected}")

    cal_open = icu.fn(icu.i18n, "ucal_open", p, p, i32, ctypes.c_char_p, ctypes.c_int, status_p)
    zone_name = icu.fn(icu.i18n, "ucal_getTimeZoneDisplayName", i32, p, ctypes.c_int,
                       ctypes.c_char_p, p, i32, status_p)
    cal_close = icu.fn(icu.i18n, "ucal_close", None, p)
    for zone, locale, kind, expected in ICU_ZONE_NAMES:
        status = ctypes.c_int(0)
        calendar = cal_open(*icu.uchars(zone), locale.encode(), 0, ctypes.byref(status))
        if failed(status) or not calendar:
            failures.append(f"ucal_open({zone}, {locale}): error {status.value}")
            continue
        buffer = (ctypes.c_uint16 * 128)()
        length = zone_name(calendar, kind, locale.encode(), buffer, 128, ctypes.byref(status))
        cal_close(calendar)
        got = icu.text(buffer, length) if not failed(status) else f"error {status.value}"
        if got != expected:
            failures.append(f"time zone {zone} in {locale}: {got!r}, not {expected!r}")

    for which, source, locale, expected in ICU_CASE:
        convert = icu.fn(icu.uc, f"u_strTo{which.title()}", i32, p, i32, p, i32,
                         ctypes.c_char_p, status_p)
        buffer, status = (ctypes.c_uint16 * 64)(), ctypes.c_int(0)
        length = convert(buffer, 64, *icu.uchars(source), locale.encode(), ctypes.byref(status))
        got = icu.text(buffer, length) if not failed(status) else f"error {status.value}"
        if got != expected:
            failures.append(f"{which} case of {source} in {locale}: {got!r}, not {expected!r}")

    cnv_open = icu.fn(icu.uc, "ucnv_open", p, ctypes.c_char_p, status_p)
    to_uchars = icu.fn(icu.uc, "ucnv_toUChars", i32, p, p, i32, ctypes.c_char_p, i32, status_p)
    cnv_close = icu.fn(icu.uc, "ucnv_close", None, p)
    for name, data in ICU_CONVERTERS:
        status = ctypes.c_int(0)
        converter = cnv_open(name.encode(), ctypes.byref(status))
        if failed(status) or not converter:
            failures.append(f"ucnv_open({name}): error {status.value}")
            continue
        buffer = (ctypes.c_uint16 * 64)()
        length = to_uchars(converter, buffer, 64, data, len(data), ctypes.byref(status))
        cnv_close(converter)
        expected = data.decode({"windows-1252": "cp1252", "KOI8-R": "koi8_r"}.get(name, name))
        got = icu.text(buffer, length) if not failed(status) else f"error {status.value}"
        if got != expected:
            failures.append(f"converter {name}: {got!r}, not {expected!r}")
    return failures


def icu_check(bundle: Path) -> tuple[bool, str] | None:
    """Linux: (passed, detail) of icu_failures on the bundle's ICU; None without Qt's ICU."""
    lib_dir = bundle / "_internal" / "PySide6" / "Qt" / "lib"
    found = sorted(lib_dir.glob("libicuuc.so.*")) if sys.platform.startswith("linux") else []
    if not found:
        return None
    version = found[0].name.rsplit(".", 1)[1]
    os.environ.pop("ICU_DATA", None)  # the bundle's data only
    try:
        failures = icu_failures(lib_dir, version)
    except (OSError, AttributeError) as exc:  # a library or function missing
        return False, str(exc)
    data = lib_dir / f"libicudata.so.{version}"
    return not failures, "; ".join(failures) or (
        f"ICU {version}: collation, time-zone names, case mapping, converters "
        f"(data {data.stat().st_size / 1e6:.1f} MB)")


def known_journal(exe: str, env: dict[str, str], tmp: Path) -> tuple[bool, str]:
    """(passed, detail): the fixture journal opens in the bundle with its passphrase only."""
    problems = []
    for name, files, passphrase, wanted in (
            ("right passphrase", ("touchstone.db", "keys.json"), KNOWN_PASSPHRASE, KNOWN_NOTE),
            ("no key check file", ("touchstone.db",), KNOWN_PASSPHRASE, KNOWN_NOTE),
            ("wrong passphrase", ("touchstone.db", "keys.json"), "not the passphrase",
             "Wrong passphrase")):
        data = tmp / f"known-{len(problems)}-{name.replace(' ', '-')}"
        data.mkdir()
        for file in files:
            shutil.copyfile(KNOWN_JOURNAL / file, data / file)
        r = run([exe, "--data-dir", str(data), "list"], dict(env, TOUCHSTONE_PASSPHRASE=passphrase))
        out = r.stdout + r.stderr
        ok = wanted in out and (r.returncode == 0) == (passphrase == KNOWN_PASSPHRASE)
        if not ok:
            problems.append(f"{name}: exit {r.returncode}: {out.strip()[-300:]}")
    return not problems, "; ".join(problems) or (
        "made from source (the wheel's OpenSSL) opens; a wrong passphrase is refused")


def one_openssl(bundle: Path) -> tuple[bool, str] | None:
    """Linux: (passed, detail): one libcrypto file, other names symlinks to it; None: none."""
    internal = bundle / "_internal"
    if not sys.platform.startswith("linux") or not internal.is_dir():
        return None
    names = sorted(internal.rglob("libcrypto*.so*"))
    if not names:
        return None
    files = [p for p in names if not p.is_symlink()]
    links = [f"{p.relative_to(internal)} -> {os.readlink(p)}" for p in names if p.is_symlink()]
    detail = ", ".join([str(p.relative_to(internal)) for p in files] + links)
    return len(files) == 1, detail


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT,
                          check=False)


def checks(bundle: Path, env: dict[str, str], tmp: Path):
    """Yield (name, passed, detail) for each check."""
    exe = str(_exe(bundle, "touchstone"))

    r = run([exe, "--version"], env)
    yield "version", r.returncode == 0 and r.stdout.startswith("Touchstone "), r.stdout.strip()

    r = run([exe, "self-test"], env)
    lines = r.stdout.strip().splitlines()
    yield ("self-test", r.returncode == 0 and "self-test passed" in r.stdout,
           (r.stdout + r.stderr).strip() if r.returncode else lines[-1] if lines else "")
    step = next((line for line in lines if line.split()[1:2] == ["encryption:"]), "")
    yield ("encryption", step.startswith(ENCRYPTION_DONE),
           step.split("encryption:", 1)[1].strip() if step else "no encryption step")

    yield ("encrypted journal", *known_journal(exe, env, tmp))

    data = str(tmp / "data")
    r = run([exe, "--data-dir", data, "add", "--skill", "Overall=7", "--mood", "6",
             "--tag", "smoke", "--note", "frozen"], env)
    yield "add", r.returncode == 0, (r.stdout + r.stderr).strip()

    r = run([exe, "--data-dir", data, "list"], env)
    yield "list", r.returncode == 0 and "frozen" in r.stdout, (r.stdout + r.stderr).strip()[-300:]

    r = run([exe, "--data-dir", data, "export", "--format", "json"], env)
    try:
        exported = json.loads(r.stdout)
        ok = r.returncode == 0 and len(exported.get("checkins", [])) == 1
    except ValueError:
        ok = False
    yield "export", ok, r.stderr.strip()

    r = run([exe, "--data-dir", data, "--exit-when-ready"], env)
    yield "gui start", r.returncode == 0, r.stderr.strip()[-500:]

    resources = _resources(bundle)
    wanted = [resources / f"{APP_ID}.desktop", resources / f"{APP_ID}.metainfo.xml",
              resources / "icons" / f"{APP_ID}.svg",
              resources / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png",
              resources.parent / "docs" / "METHODS.md"]  # tracker/ui/methods_page.py
    guide = resources.parent / "docs" / "GUIDE.md"  # F1, with its pictures (docs_data.py)
    wanted.append(guide)
    if guide.is_file():
        wanted += [guide.parent / image for image in
                   re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", guide.read_text(encoding="utf-8"))]
    missing = [str(p) for p in wanted if not p.is_file()]
    yield "resources", not missing, ", ".join(missing) or str(resources)

    internal = resources.parent
    stray = sorted(name for name in TEST_ONLY if (internal / name).exists())
    yield "test-only packages left out", not stray, ", ".join(stray) + " bundled" if stray else ""

    missing = missing_libraries(bundle)
    if missing is not None:
        yield ("libraries", not missing,
               "; ".join(f"{name} needs {', '.join(sorted(libs))}" for name, libs in
                         sorted(missing.items())) or "every extension module's libraries found")

    openssl = one_openssl(bundle)
    if openssl is not None:
        yield ("one openssl", *openssl)

    icu = icu_check(bundle)
    if icu is not None:
        yield ("icu", *icu)

    probe = _exe(bundle, "touchstone-probe")
    if probe.exists():
        r = run([str(probe)], env)
        yield "pyqtgraph probe", r.returncode == 0, (r.stdout + r.stderr).strip()[-1500:]


def main(argv: list[str]) -> int:
    bundle = Path(argv[1] if len(argv) > 1 else "dist/touchstone").resolve()
    if not _exe(bundle, "touchstone").exists():
        print(f"smoke test: no frozen build at {bundle} (run `make dist` first)", file=sys.stderr)
        return 2
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("TOUCHSTONE_TIMING", None)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="touchstone-smoke-") as tmp:
        for name, passed, detail in checks(bundle, env, Path(tmp)):
            failed += not passed
            line = f"{'ok  ' if passed else 'FAIL'}  {name}"
            if detail and (not passed or name in SHOWN):
                line += ": " + detail.replace("\n", "\n      ")
            print(line, flush=True)
    print("smoke test passed" if not failed else f"smoke test: {failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
