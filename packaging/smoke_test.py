"""Smoke test of a frozen build: does the bundle run everything a user will ask of it?

    python3 packaging/smoke_test.py [dist/touchstone]      (`make dist-test`)

Needs only the standard library (any Python 3.8+, not the app's venv), so it tests the bundle
alone. Runs offscreen. Checks, each printed as ok/FAIL:

* ``touchstone --version`` prints the version;
* ``touchstone self-test`` passes (every layer, screenshots rendered);
* the CLI round trip on a fresh data dir: ``add`` then ``list`` and ``export --format json``;
* the GUI opens on that data dir and quits once ready (``--exit-when-ready``);
* icons, .desktop and metainfo are bundled where ``tracker.paths.resources_dir()`` looks;
* no test-only dependency (scipy, pandas, statsmodels, matplotlib) is bundled;
* on Linux, every Python extension module finds the libraries it links against;
* ``touchstone-probe`` (if built with TOUCHSTONE_PROBE=1) draws a pyqtgraph plot.

Exit 0 only if every check passed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

APP_ID = "io.github.touchstone.Touchstone"
TIMEOUT = 300
# test-time dependencies with compiled parts (so they would show up as folders in the bundle)
TEST_ONLY = ("scipy", "scipy.libs", "pandas", "statsmodels", "matplotlib")


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
            if detail and (not passed or name in ("version", "self-test", "pyqtgraph probe")):
                line += ": " + detail.replace("\n", "\n      ")
            print(line, flush=True)
    print("smoke test passed" if not failed else f"smoke test: {failed} check(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
