"""The packaged app's encryption: one OpenSSL for scrypt and SQLCipher, what is bundled."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging_support import PACKAGING, ROOT, load_script, require_tool

from tests.ci import skip_unless_ci

share = load_script("openssl_share")
requirements = load_script("encryption_requirements")
smoke = load_script("smoke_test")
trim = load_script("trim")

V3 = "OPENSSL_3.0.0"
V35 = "OPENSSL_3.5.0"
SYSTEM = ("libcrypto.so.3", "/sys/libcrypto.so.3", "BINARY")
WHEEL = ("sqlcipher3_binary.libs/libcrypto-0dcfa43e.so.3", "/whl/libcrypto-0dcfa43e.so.3",
         "BINARY")
HASHLIB = ("python3.11/lib-dynload/_hashlib.so", "/py/_hashlib.so", "EXTENSION")
SQLCIPHER = ("sqlcipher3/_sqlite3.so", "/whl/_sqlite3.so", "EXTENSION")
NEEDED = {"/py/_hashlib.so": ["libcrypto.so.3", "libc.so.6"],
          "/whl/_sqlite3.so": ["libcrypto-0dcfa43e.so.3", "libc.so.6"]}
SIZES = {"/sys/libcrypto.so.3": 4_700_000, "/whl/libcrypto-0dcfa43e.so.3": 7_300_000}


def fake_symbols(sqlcipher_needs: set, hashlib_needs: frozenset = frozenset()) -> dict:
    both = {("EVP_sha256", V3), ("EVP_MAC_fetch", V3), ("EVP_PBE_scrypt", V3)}
    return {
        "/sys/libcrypto.so.3": (set(), both | {("EVP_patched_in", V3)}),
        "/whl/libcrypto-0dcfa43e.so.3": (set(), both | {("EVP_new_in_35", V35)}),
        "/py/_hashlib.so": ({("EVP_PBE_scrypt", V3), ("malloc", "GLIBC_2.2.5")} | hashlib_needs,
                            set()),
        "/whl/_sqlite3.so": (sqlcipher_needs | {("memcpy", "GLIBC_2.14")}, set()),
    }


def run_share(sqlcipher_needs: set, hashlib_needs: frozenset = frozenset()):
    symbols = fake_symbols(sqlcipher_needs, hashlib_needs)
    return share.share([SYSTEM, WHEEL, HASHLIB, SQLCIPHER], NEEDED.get, symbols.__getitem__,
                       SIZES.__getitem__)


def test_the_smaller_copy_serves_both_and_the_other_becomes_a_symlink_to_it():
    out, log = run_share({("EVP_MAC_fetch", V3), ("EVP_sha256", V3)})
    assert out == [SYSTEM, (WHEEL[0], "../libcrypto.so.3", "SYMLINK"), HASHLIB, SQLCIPHER]
    assert any("7.3 MB saved" in line for line in log)


def test_a_consumer_needing_a_newer_openssl_gets_the_copy_that_has_it():
    """SQLCipher built against 3.5 and using a 3.5 function: the system's 3.0 cannot serve."""
    out, log = run_share({("EVP_new_in_35", V35)})
    assert out == [(SYSTEM[0], "sqlcipher3_binary.libs/libcrypto-0dcfa43e.so.3", "SYMLINK"),
                   WHEEL, HASHLIB, SQLCIPHER]
    assert "needs 1 more (EVP_new_in_35@OPENSSL_3.5.0)" in log[0]


def test_both_copies_stay_when_neither_serves_every_consumer():
    out, log = run_share({("EVP_new_in_35", V35)}, frozenset({("EVP_patched_in", V3)}))
    assert out == [SYSTEM, WHEEL, HASHLIB, SQLCIPHER]
    assert log[-1] == "openssl: no single libcrypto serves every consumer: all copies stay"


def test_a_symbol_at_another_version_does_not_count():
    assert share.missing_symbols({("EVP_sha256", V35)}, {("EVP_sha256", V35)},
                                 {("EVP_sha256", V3)}) == {("EVP_sha256", V35)}
    # imports from other libraries (libc) are not the candidate's business
    assert share.missing_symbols({("memcpy", "GLIBC_2.14")}, {("EVP_sha256", V3)}, set()) == set()


def test_one_copy_is_left_alone():
    binaries = [SYSTEM, HASHLIB]
    assert share.share(binaries, NEEDED.get) == (binaries, [])


def test_real_libraries_system_libcrypto_serves_the_sqlcipher_wheel():
    """On this machine: the wheel's SQLCipher imports only OPENSSL_3.0.0 symbols that the
    system's libcrypto (the one _hashlib links) exports, as the build's log then says."""
    if not sys.platform.startswith("linux"):
        pytest.skip("ELF only")
    require_tool("readelf")
    found = importlib.util.find_spec("sqlcipher3._sqlite3")
    if found is None:
        skip_unless_ci("sqlcipher3 is not installed", "pip install -e '.[test]' installs it")
    import _hashlib  # maps the system's libcrypto into this process

    module = Path(found.origin)
    wheel_libs = sorted((module.parent.parent / "sqlcipher3_binary.libs").glob("libcrypto*"))
    maps = Path("/proc/self/maps").read_text().split()
    system = next((p for p in maps if os.path.basename(p).startswith("libcrypto.so.3")), None)
    if not wheel_libs or system is None:
        skip_unless_ci("not the sqlcipher3-binary wheel layout (its own libcrypto beside the"
                       " system's)", "CI installs the sqlcipher3-binary wheel on Linux")
    binaries = [("libcrypto.so.3", system, "BINARY"),
                (f"sqlcipher3_binary.libs/{wheel_libs[0].name}", str(wheel_libs[0]), "BINARY"),
                ("lib-dynload/_hashlib.so", _hashlib.__file__, "EXTENSION"),
                ("sqlcipher3/_sqlite3.so", str(module), "EXTENSION")]
    out, log = share.share(binaries, trim.elf_needed)
    kinds = sorted(kind for _dest, _src, kind in out)
    assert kinds.count("SYMLINK") == 1, log
    imported, _exported = share.dynamic_symbols(str(module))
    assert {version for name, version in imported if name.startswith("EVP_")} == {V3}


def test_the_bundle_takes_the_driver_but_not_keyring_unless_asked():
    plain = requirements.bundled()
    assert [requirements.requirement_name(r) for r in plain] == [
        "sqlcipher3-binary", "sqlcipher3-wheels"]
    assert "keyring" in [requirements.requirement_name(r)
                         for r in requirements.bundled(keyring=True)]
    out = subprocess.run([sys.executable, str(PACKAGING / "encryption_requirements.py")],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == plain


def test_keyring_and_its_backend_are_excluded_unless_asked():
    excluded = set(trim.excluded_modules())
    assert {"keyring", "secretstorage", "jeepney", "cryptography"} <= excluded
    assert "keyring" not in trim.excluded_modules(keyring=True)
    assert "_hashlib" not in trim.excluded_modules(installed=lambda name: name == "sqlcipher3")


def test_app_never_reaches_the_numpy_subpackages_left_out():
    """numpy.fft (pyqtgraph's FFT mode, offered only in a plot's context menu) and
    numpy.polynomial are not bundled: the app names neither, and disables every plot's menu."""
    sources = {path: path.read_text(encoding="utf-8")
               for path in sorted((ROOT / "tracker").rglob("*.py"))}
    users = [str(p.relative_to(ROOT)) for p, text in sources.items()
             if "fft" in text.lower() or "np.polynomial" in text or "numpy.polynomial" in text]
    assert users == []
    plots = [p for p, text in sources.items() if "pg.PlotWidget(" in text]
    assert plots, "where the app's plots are made moved: update this test and trim.py"
    without_menu_off = [str(p.relative_to(ROOT)) for p in plots
                        if "setMenuEnabled(False)" not in sources[p]]
    assert without_menu_off == []


def test_the_smoke_test_recognises_what_the_self_test_prints():
    source = (ROOT / "tracker" / "selftest.py").read_text(encoding="utf-8")
    assert '("encryption", encrypt_decrypt)' in source
    assert 'f"encrypted, locked, unlocked and decrypted' in source
    assert 'f"ok    {name}: {step()}"' in source
    assert smoke.ENCRYPTION_DONE == "ok    encryption: encrypted"


def test_one_openssl_check_counts_files_not_symlinks(tmp_path, monkeypatch):
    if not sys.platform.startswith("linux"):
        pytest.skip("Linux layout")
    internal = tmp_path / "_internal"
    (internal / "sqlcipher3_binary.libs").mkdir(parents=True)
    (internal / "libcrypto.so.3").write_bytes(b"x")
    os.symlink("../libcrypto.so.3", internal / "sqlcipher3_binary.libs" / "libcrypto-1.so.3")
    passed, detail = smoke.one_openssl(tmp_path)
    assert passed and "libcrypto-1.so.3 -> ../libcrypto.so.3" in detail
    (internal / "sqlcipher3_binary.libs" / "libcrypto-1.so.3").unlink()
    (internal / "sqlcipher3_binary.libs" / "libcrypto-1.so.3").write_bytes(b"y")
    assert smoke.one_openssl(tmp_path)[0] is False


@pytest.fixture
def touchstone_cli():
    if importlib.util.find_spec("sqlcipher3") is None:
        skip_unless_ci("sqlcipher3 is not installed", "pip install -e '.[test]' installs it")
    return [sys.executable, "-m", "tracker"]


def _list(cli, data: Path, passphrase: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TOUCHSTONE_PASSPHRASE=passphrase, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*cli, "--data-dir", str(data), "list"], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_the_known_answer_journal_opens_from_source_with_its_passphrase(tmp_path, touchstone_cli):
    """The smoke test's fixture still opens with the app as it is now (schema, key checks)."""
    data = tmp_path / "data"
    shutil.copytree(smoke.KNOWN_JOURNAL, data)
    result = _list(touchstone_cli, data, smoke.KNOWN_PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert smoke.KNOWN_NOTE in result.stdout
    wrong = _list(touchstone_cli, data, "not the passphrase")
    assert wrong.returncode != 0 and "Wrong passphrase" in wrong.stderr
