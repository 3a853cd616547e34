#!/usr/bin/env bash
# Build the one-folder app dist/touchstone/ and a tarball dist/touchstone-VERSION-linux-ARCH.tar.gz
# from a clean virtual environment (build/venv): `make dist` runs this.
#
#   packaging/build.sh              clean venv, PyInstaller, trim ICU data, strip symbols, tarball
#   REUSE_VENV=1 packaging/build.sh keep an existing build/venv (faster when iterating)
#   PYTHON=python3.12 ...           the interpreter the venv (and so the bundle) is made from
#   TOUCHSTONE_PROBE=1 ...          add touchstone-probe (see packaging/pyqtgraph_probe.py)
#   TOUCHSTONE_NO_TRIM=1 ...        no trims at all (trim.py's and the ICU data's), to bisect
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
# A regular (not editable) install of the run-time dependencies only (no extras: scipy, pytest
# and the rest of `test` stay out): the bundle is made from what a user would install.
"$venv/bin/python" -m pip install --quiet --upgrade . "pyinstaller>=6.10,<7"
if "$venv/bin/python" -c 'import scipy' 2>/dev/null; then
  echo "build: scipy is installed in $venv, but the app must not need it" >&2
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
