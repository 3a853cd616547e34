"""One OpenSSL library for the bundle instead of two; used by ``touchstone.spec`` on Linux.

With encryption, two copies of OpenSSL 3's ``libcrypto`` reach the bundle: the system's
``libcrypto.so.3``, which Python's ``_hashlib`` links (``hashlib.scrypt`` derives the SQLCipher
key), and the one the ``sqlcipher3-binary`` wheel carries under an auditwheel name
(``sqlcipher3_binary.libs/libcrypto-<hash>.so.3``, 7.3 MB unstripped). One copy can serve both
when it exports every symbol, at the symbol version, that each consumer imports from the copy
it was linked against: OpenSSL 3 keeps its ABI within the major version and tags every
function with the release that added it (``EVP_MAC_fetch@OPENSSL_3.0.0``), so a consumer whose
imports are all tagged ``OPENSSL_3.0.0`` runs on any OpenSSL 3. The smallest copy that passes
stays; every other becomes a symlink to it under its own name (the name the consumers'
``DT_NEEDED`` and their ``RPATH`` look for), and the dynamic loader, which recognises a file it
has already loaded, maps it once. Proof at run time: the frozen self-test's encryption step
(scrypt and SQLCipher in one process) and the smoke test's known-answer journal, encrypted by
the app run from source (packaging/smoke_test.py).

Needs binutils' ``readelf``; without it (or if a check fails) both copies stay, and the build
log says why. This module runs inside PyInstaller but imports nothing of it.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
from collections.abc import Callable

LIBCRYPTO = "libcrypto*.so.3"  # OpenSSL 3: the soname's major version is the ABI's
_LINKED = ("BINARY", "EXTENSION")
# readelf --dyn-syms -W: "  Num: Value Size Type Bind Vis Ndx Name[@[@]version [(n)]]"
_SYMBOL = re.compile(r"^\s*\d+:\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)\s+([^\s@]+)(@@?(\S+))?")

Symbol = tuple[str, str | None]  # (name, version or None)


def dynamic_symbols(path: str) -> tuple[set[Symbol], set[Symbol]]:
    """(imported, exported) dynamic symbols of an ELF file, with their versions."""
    out = subprocess.run(["readelf", "--dyn-syms", "-W", path], capture_output=True, text=True,
                         check=True).stdout
    imported: set[Symbol] = set()
    exported: set[Symbol] = set()
    for line in out.splitlines():
        match = _SYMBOL.match(line)
        if not match:
            continue
        ndx, name, version = match.group(1), match.group(2), match.group(4)
        (imported if ndx == "UND" else exported).add((name, version))
    return imported, exported


def missing_symbols(consumer_imports: set[Symbol], linked_exports: set[Symbol],
                    candidate_exports: set[Symbol]) -> set[Symbol]:
    """What a consumer takes from the library it was linked with that ``candidate`` lacks.

    Versioned imports must be exported at that version; an unversioned one by name.
    """
    linked_names = {name for name, _version in linked_exports}
    candidate_names = {name for name, _version in candidate_exports}
    missing = set()
    for name, version in consumer_imports:
        if name not in linked_names:
            continue  # from another library (libc...)
        found = (name, version) in candidate_exports if version else name in candidate_names
        if not found:
            missing.add((name, version))
    return missing


def is_libcrypto(dest: str) -> bool:
    return fnmatch.fnmatchcase(os.path.basename(dest.replace("\\", "/")), LIBCRYPTO)


def share(binaries: list, needed: Callable[[str], list[str] | None],
          symbols: Callable[[str], tuple[set[Symbol], set[Symbol]]] = dynamic_symbols,
          size: Callable[[str], int] = os.path.getsize) -> tuple[list, list[str]]:
    """Keep one libcrypto that serves every consumer; the others become symlinks to it.

    ``binaries`` is PyInstaller's TOC (dest, source, typecode); ``needed(source)`` the
    DT_NEEDED names of a file (None: not ELF). Returns (binaries, log lines).
    """
    copies = [e for e in binaries if e[2] in _LINKED and is_libcrypto(e[0])]
    if len(copies) < 2:
        return binaries, []
    if symbols is dynamic_symbols and shutil.which("readelf") is None:
        return binaries, ["openssl: readelf not found (binutils): both libcrypto copies stay"]
    names = {os.path.basename(e[0]): e for e in copies}
    consumers = []  # (consumer dest, consumer source, the copy it links)
    for dest, src, kind in binaries:
        if kind not in _LINKED or is_libcrypto(dest):
            continue
        for name in needed(src) or []:
            if name in names:
                consumers.append((dest, src, names[name]))
    exports = {e[1]: symbols(e[1])[1] for e in copies}
    log = []
    for candidate in sorted(copies, key=lambda e: size(e[1])):
        gaps = []
        for dest, src, linked in consumers:
            lacking = missing_symbols(symbols(src)[0], exports[linked[1]], exports[candidate[1]])
            if lacking:
                listed = ", ".join(sorted(f"{n}@{v}" if v else n for n, v in lacking)[:5])
                gaps.append(f"{dest} needs {len(lacking)} more ({listed})")
        if gaps:
            log.append(f"openssl: {candidate[0]} cannot serve: " + "; ".join(gaps))
            continue
        out = []
        for entry in binaries:
            if entry in copies and entry is not candidate:
                link_dir = os.path.dirname(entry[0].replace("\\", "/"))
                target = os.path.relpath(candidate[0].replace("\\", "/"), link_dir or ".")
                out.append((entry[0], target, "SYMLINK"))
                log.append(f"openssl: {entry[0]} -> {target} ({size(entry[1]) / 1e6:.1f} MB "
                           f"saved)")
            else:
                out.append(entry)
        users = ", ".join(sorted({dest for dest, _src, _linked in consumers}))
        log.append(f"openssl: {candidate[0]} serves {users}: every symbol and version they "
                   f"import is exported")
        return out, log
    log.append("openssl: no single libcrypto serves every consumer: all copies stay")
    return binaries, log
