"""Strip symbol tables and debug info from the bundle's shared libraries, only where provably safe.

    python3 packaging/strip_elf.py dist/touchstone/_internal     (packaging/build.sh, Linux)

``strip --strip-unneeded`` removes what only debuggers and linkers read (``.symtab``,
``.debug_*``): the dynamic loader reads nothing but the program headers and the segments they
map. So a library is replaced by its stripped copy only if every segment the loader maps holds
the same bytes at the same place as before (the ELF header's section-table fields aside, which
the loader ignores): then the library behaves exactly as before at run time. Files that
``strip`` would lay out anew fail that check and stay as they are - such as libraries that
auditwheel edited with patchelf (numpy's OpenBLAS: a blanket strip once broke numpy with "ELF
load command address/offset not page-aligned").

Only ``*.so*`` files: the executables carry PyInstaller's archive after their ELF contents,
which strip would cut off. Needs binutils' ``strip``; standard library otherwise.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

# what makes a file worth stripping (strip also drops .comment and the like on the way)
REMOVABLE = (".symtab", ".strtab")  # plus every .debug_* section
# ELF64 header fields the loader does not read, and strip rewrites: e_shoff, e_shnum, e_shstrndx
SECTION_TABLE_FIELDS = ((0x28, 8), (0x3C, 2), (0x3E, 2))


def _is_elf64le(blob: bytes) -> bool:
    return blob[:4] == b"\x7fELF" and blob[4] == 2 and blob[5] == 1


def section_names(blob: bytes) -> list[str]:
    shoff, = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", blob, 0x3A)
    if not shoff or shstrndx >= shnum:
        return []
    headers = [struct.unpack_from("<IIQQQQ", blob, shoff + i * shentsize) for i in range(shnum)]
    names_at = headers[shstrndx][4]
    return [blob[names_at + h[0]:blob.index(b"\0", names_at + h[0])].decode() for h in headers]


def removable(blob: bytes) -> bool:
    return any(name in REMOVABLE or name.startswith(".debug") for name in section_names(blob))


def loaded_image(blob: bytes) -> tuple[list[tuple], list[bytes]]:
    """(program headers, bytes of every segment) with the section-table fields blanked."""
    data = bytearray(blob)
    for offset, size in SECTION_TABLE_FIELDS:
        data[offset:offset + size] = bytes(size)
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    headers = [struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize) for i in range(phnum)]
    # type, flags, offset, vaddr, paddr, filesz, memsz, align
    return headers, [bytes(data[h[2]:h[2] + h[5]]) for h in headers]


def same_at_run_time(before: bytes, after: bytes) -> bool:
    return _is_elf64le(after) and loaded_image(before) == loaded_image(after)


def strip_file(path: Path) -> int:
    """Strip ``path`` if that is provably safe; the bytes saved (0: left as it is)."""
    before = path.read_bytes()
    if not _is_elf64le(before) or not removable(before):
        return 0
    with tempfile.TemporaryDirectory(prefix="strip-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        done = subprocess.run(["strip", "--strip-unneeded", str(copy)], capture_output=True,
                              check=False)
        after = copy.read_bytes()
        if done.returncode != 0 or len(after) >= len(before) or not same_at_run_time(
                before, after):
            return 0
        os.chmod(copy, path.stat().st_mode)
        os.replace(copy, path)
    return len(before) - len(after)


def strip_bundle(internal: Path) -> tuple[int, int, list[str]]:
    """(files stripped, bytes saved, files left as they are because strip would move them)."""
    stripped, saved, kept = 0, 0, []
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        blob = path.read_bytes()
        if not _is_elf64le(blob) or not removable(blob):
            continue
        gained = strip_file(path)
        if gained:
            stripped, saved = stripped + 1, saved + gained
        else:
            kept.append(str(path.relative_to(internal)))
    return stripped, saved, kept


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if shutil.which("strip") is None:
        print("strip: not found (binutils); nothing stripped", file=sys.stderr)
        return 0
    stripped, saved, kept = strip_bundle(Path(argv[1]))
    print(f"strip: {stripped} libraries, {saved / 1e6:.1f} MB of symbols and debug info; "
          f"{len(kept)} left as they are (strip would move what the loader maps)")
    for name in kept:
        print(f"  kept: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
