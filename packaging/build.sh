#!/usr/bin/env bash
# Build the one-folder app dist/touchstone/ and a tarball dist/touchstone-VERSION-linux-ARCH.tar.gz
# from a clean virtual environment (build/venv): `make dist` runs this.
#
#   packaging/build.sh              clean venv, PyInstaller, trim ICU data, strip symbols, tarball
#   REUSE_VENV=1 packaging/build.sh keep an existing build/venv (faster when iterating)
#   PYTHON=python3.12 ...           the interpreter the venv (and so the bundle) is made from
#   TOUCHSTONE_PROBE=1 ...          add touchstone-probe (see packaging/pyqtgraph_probe.py)
#   TOUCHSTONE_NO_TRIM=1 ...        no trims at all (trim.py's and the ICU data's), to bisect
#   TOUCHSTONE_KEYRING=1 ...        also bundle keyring (remembering the key; +12.4 MB on Linux)
#
# Then `python3 packaging/smoke_test.py dist/touchstone` (make dist-test) proves the bundle works.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
venv=build/venv
bundle=dist/touchstone
started=$(date +%s)

if [ "${REUSE_VENV:-0}" != 1 ] || [ ! -x "$venv/bin/python" ]; then
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
fi
# A regular (not editable) install of the run-time dependencies (no `test` extra: scipy, pytest
# and the rest stay out): the bundle is made from what a user would install. Plus encryption at
# rest: the SQLCipher driver of the `encryption` extra (packaging/encryption_requirements.py;
# keyring only with TOUCHSTONE_KEYRING=1).
keyring_flag=()
[ "${TOUCHSTONE_KEYRING:-0}" = 1 ] && keyring_flag=(--keyring)
mapfile -t encryption < <("$venv/bin/python" packaging/encryption_requirements.py "${keyring_flag[@]}")
"$venv/bin/python" -m pip install --quiet --upgrade . "${encryption[@]}" "pyinstaller>=6.10,<7"
if "$venv/bin/python" -c 'import scipy' 2>/dev/null; then
  echo "build: scipy is installed in $venv, but the app must not need it" >&2
  exit 1
fi
# The frozen app must encrypt: the driver and OpenSSL's scrypt must work in the build venv.
if ! "$venv/bin/python" -c 'import hashlib, sqlcipher3.dbapi2 as d
hashlib.scrypt(b"p", salt=b"s" * 16, n=2, r=1, p=1)
d.connect(":memory:").execute("pragma cipher_version").fetchone()[0]'; then
  echo "build: the SQLCipher driver or hashlib.scrypt does not work in $venv" >&2
  exit 1
fi

rm -rf "$bundle" build/pyinstaller
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/touchstone.spec

internal="$bundle/_internal"
if [ "$(uname -s)" = Linux ] && [ "${TOUCHSTONE_NO_TRIM:-0}" != 1 ]; then
  # Qt's ICU data (32 MB) without the items of ICU services nothing in the bundle calls
  # (packaging/icu_data.py; relinked with binutils' as and ld). Stops the build if Qt calls an
  # ICU function the script does not know.
  if command -v as >/dev/null 2>&1 && command -v ld >/dev/null 2>&1; then
    "$venv/bin/python" packaging/icu_data.py trim "$internal"
  else
    echo "build: as/ld not found (binutils); Qt's ICU data is not trimmed" >&2
  fi
fi
if [ "$(uname -s)" = Linux ]; then
  # Symbol tables and debug info (libpython, ICU, the stdlib's and SQLAlchemy's extension
  # modules...): a library is replaced by its `strip --strip-unneeded` copy only if every
  # segment the loader maps is byte-for-byte unchanged (packaging/strip_elf.py). Libraries that
  # strip would lay out anew - numpy's patchelf-edited ones - stay as they are.
  "$venv/bin/python" packaging/strip_elf.py "$internal"
fi

cp packaging/install_desktop.sh "$bundle/install-desktop.sh"
version="$("$venv/bin/python" -c 'import tracker; print(tracker.__version__)')"
os_name="$(uname -s | tr '[:upper:]' '[:lower:]')"
tarball="dist/touchstone-$version-$os_name-$(uname -m).tar.gz"
tar -C dist -czf "$tarball" touchstone

elapsed=$(( $(date +%s) - started ))
echo "bundle:  $bundle  $(du -sh "$bundle" | cut -f1)"
echo "tarball: $tarball  $(du -sh "$tarball" | cut -f1)"
echo "built in ${elapsed}s"
