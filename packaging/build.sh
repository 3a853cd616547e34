#!/usr/bin/env bash
# Build the one-folder app dist/touchstone/ and a tarball dist/touchstone-VERSION-linux-ARCH.tar.gz
# from a clean virtual environment (build/venv): `make dist` runs this.
#
#   packaging/build.sh              clean venv, PyInstaller, strip debug info, tarball
#   REUSE_VENV=1 packaging/build.sh keep an existing build/venv (faster when iterating)
#   PYTHON=python3.12 ...           the interpreter the venv (and so the bundle) is made from
#   TOUCHSTONE_PROBE=1 ...          add touchstone-probe (see packaging/pyqtgraph_probe.py)
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
# A regular (not editable) install: the bundle is made from what a user would install.
"$venv/bin/python" -m pip install --quiet --upgrade . "pyinstaller>=6.10,<7"

rm -rf "$bundle" build/pyinstaller
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/touchstone.spec

internal="$bundle/_internal"
if [ "$(uname -s)" = Linux ]; then
  # Strip debug information, and only from files that carry it (libpython, the stdlib's
  # extension modules, SQLAlchemy's Cython modules: about 30 MB). Never a blanket `strip`:
  # fully stripping the wheels' auditwheel-patched libraries breaks numpy/scipy.
  if command -v strip >/dev/null 2>&1 && command -v readelf >/dev/null 2>&1; then
    while IFS= read -r -d '' lib; do
      if readelf -S "$lib" 2>/dev/null | grep -q '\.debug_info'; then
        strip --strip-debug "$lib"
      fi
    done < <(find "$internal" -type f -name '*.so*' -print0)
  else
    echo "build: strip/readelf not found (binutils); the bundle keeps its debug info" >&2
  fi
  # Identical copies of one library (numpy.libs and scipy.libs both ship the same libgfortran)
  # become a relative symlink to the first copy.
  "$venv/bin/python" - "$internal" <<'PY'
import hashlib, os, sys
from pathlib import Path
seen = {}
for path in sorted(Path(sys.argv[1]).rglob("*.so*")):
    if path.is_symlink() or not path.is_file():
        continue
    key = (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    if key in seen:
        path.unlink()
        path.symlink_to(os.path.relpath(seen[key], path.parent))
    else:
        seen[key] = path
PY
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
