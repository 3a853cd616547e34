"""Trim Qt's ICU data library (libicudata.so.NN, 32 MB) to what Qt calls ICU for.

    python3 packaging/icu_data.py trim dist/touchstone/_internal   (packaging/build.sh, Linux)
    python3 packaging/icu_data.py list LIBICUDATA                   (items and sizes)

libicudata.so.NN holds nothing but one exported symbol, ``icudtNN_dat``: ICU's *common data
package* (a table of contents, then items such as ``coll/de.res`` or ``brkitr/cjdict.dict``).
ICU looks every item up by name in that table, and treats one that is not there as missing data
(an error status, or a fall-back to the root locale), never as a crash. So items of ICU services
that nothing in the bundle calls can be left out: this script reads the package out of the
library, drops the items of ``DROPPED_ITEMS``, and links a new library with the same soname and
the same one symbol (GNU ``as`` and ``ld``, from binutils; no compiler).

The bundle's binaries reach ICU only through the functions of ``KNOWN_ICU_CALLS`` (QtCore:
collation, case mapping, time-zone names, converters). Before trimming, every undefined
``*_NN`` symbol of every non-ICU library in the bundle is checked against that list: a new Qt
that calls more of ICU (break iterators, say) stops the build instead of shipping data it needs
cut out. ``packaging/smoke_test.py`` then calls those functions in the frozen bundle (ctypes).

Standard library only (runs under the build venv's Python, and in the tests).
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# glob on the item name (without the "icudtNNl/" prefix) -> why nothing in the bundle needs it
DROPPED_ITEMS: dict[str, str] = {
    "brkitr/*": "break iterators (ubrk_*): Qt 6 finds graphemes, words and line breaks itself",
    "translit/*": "transliterators (utrans_*): not called",
    "rbnf/*": "spelled-out numbers (unum_*, rule-based formats): not called",
    "unit/*": "unit names (measure formats): not called",
    "curr/*": "currency names (unum_*/ucurr_*): QLocale uses Qt's own CLDR tables",
    "lang/*": "language display names (uloc_getDisplay*): QLocale uses Qt's own tables",
    "region/*": "territory display names (uloc_getDisplay*): QLocale uses Qt's own tables",
    "unames.icu": "Unicode character names (u_charName): not called",
    "*.spp": "StringPrep profiles (usprep_*, IDNA2003): Qt's QUrl has its own IDNA",
    "*.cfu": "confusables (uspoof_*): not called",
}
# Charset tables (*.cnv) with more than one byte per character (Chinese, Japanese, Korean and
# their EBCDIC variants, 4.7 MB) are left out too: Qt decodes UTF-8/16/32 and Latin-1 itself and
# asks ICU only for a codec named explicitly (QStringDecoder("Shift_JIS"), an HTML charset), which
# the app never does (tests/packaging/test_packaging_icu_data.py checks tracker/). The
# single-byte tables (windows-125x, ISO-8859-x, KOI8, Mac, 0.4 MB) and ICU's algorithmic
# converters (UTF-*, Latin-1, ASCII) stay.
MULTIBYTE_CONVERTERS = "charset tables with more than one byte per character"

# ICU functions (without the _NN suffix) the bundle's libraries call; every one of them keeps
# working on the trimmed data (packaging/smoke_test.py calls them). Anything else: no trim.
KNOWN_ICU_CALLS = frozenset({
    "UCNV_FROM_U_CALLBACK_SUBSTITUTE", "UCNV_TO_U_CALLBACK_SUBSTITUTE",
    "ucnv_cbFromUWriteUChars", "ucnv_cbToUWriteUChars", "ucnv_close", "ucnv_countAvailable",
    "ucnv_fromUCountPending", "ucnv_fromUnicode", "ucnv_getAvailableName",
    "ucnv_getFromUCallBack", "ucnv_getMaxCharSize", "ucnv_getName", "ucnv_getStandardName",
    "ucnv_getToUCallBack", "ucnv_open", "ucnv_reset", "ucnv_setFromUCallBack",
    "ucnv_setToUCallBack", "ucnv_toUCountPending", "ucnv_toUnicode",
    "ucol_close", "ucol_getSortKey", "ucol_open", "ucol_setAttribute", "ucol_strcoll",
    "ucal_close", "ucal_getCanonicalTimeZoneID", "ucal_getTimeZoneDisplayName", "ucal_open",
    "u_strToLower", "u_strToUpper",
})

DATA_SYMBOL = re.compile(r"icudt(\d+)_dat")
ALIGN = 16  # ICU's package tool aligns every item (and the package) to 16 bytes
PADDING = b"\xaa"  # and pads with this byte


class IcuDataError(Exception):
    """The library or package is not what this script understands: leave it as it is."""


# --- ELF (64-bit little-endian, as on x86-64 and aarch64 Linux) --------------------------------

@dataclass(frozen=True)
class Symbol:
    name: str
    value: int
    size: int
    defined: bool


def _sections(blob: bytes) -> list[tuple[int, int, int, int, int]]:
    """(type, addr, offset, size, link) of each section header."""
    if blob[:4] != b"\x7fELF" or blob[4] != 2 or blob[5] != 1:
        raise IcuDataError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", blob, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", blob, 0x3A)
    out = []
    for i in range(shnum):
        _name, kind, _flags, addr, offset, size, link = struct.unpack_from(
            "<IIQQQQI", blob, shoff + i * shentsize)
        out.append((kind, addr, offset, size, link))
    return out


def dynamic_symbols(blob: bytes) -> list[Symbol]:
    """The dynamic symbol table (what a library exports and imports)."""
    sections = _sections(blob)
    symbols = []
    for kind, _addr, offset, size, link in sections:
        if kind != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][2]
        for pos in range(offset + 24, offset + size, 24):  # entry 0 is the null symbol
            name_at, _info, _other, shndx, value, sym_size = struct.unpack_from(
                "<IBBHQQ", blob, pos)
            end = blob.index(b"\0", strtab + name_at)
            symbols.append(Symbol(blob[strtab + name_at:end].decode(), value, sym_size,
                                  shndx != 0))
    return symbols


def read_package(library: Path) -> tuple[str, bytes]:
    """(symbol name, package bytes) of an ICU data library."""
    blob = library.read_bytes()
    found = [s for s in dynamic_symbols(blob) if s.defined and DATA_SYMBOL.fullmatch(s.name)]
    if len(found) != 1:
        raise IcuDataError(f"{library}: expected one icudtNN_dat symbol, found {len(found)}")
    symbol = found[0]
    for kind, addr, offset, size, _link in _sections(blob):
        if kind == 1 and addr <= symbol.value < addr + size:  # SHT_PROGBITS holding it
            start = offset + symbol.value - addr
            return symbol.name, blob[start:start + symbol.size]
    raise IcuDataError(f"{library}: {symbol.name} lies in no section with contents")


# --- ICU common data package ("CmnD") ----------------------------------------------------------

@dataclass
class Package:
    header: bytes  # MappedData header with its UDataInfo, padded to its own size
    items: list[tuple[str, bytes]]  # (full name, e.g. "icudt73l/coll/de.res", data), sorted

    @property
    def prefix(self) -> str:
        return self.items[0][0].split("/", 1)[0] if self.items else ""

    def short_names(self) -> list[str]:
        return [name.split("/", 1)[1] for name, _data in self.items]


def parse_package(data: bytes) -> Package:
    header_size, magic1, magic2 = struct.unpack_from("<HBB", data, 0)
    if (magic1, magic2) != (0xDA, 0x27) or data[12:16] != b"CmnD" or data[8] != 0:
        raise IcuDataError("not a little-endian ICU common data package (CmnD)")
    toc = data[header_size:]
    count, = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        name = toc[name_at:toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[data_at:end]))
    return Package(data[:header_size], items)


def _pad(blob: bytes) -> bytes:
    return blob + PADDING * (-len(blob) % ALIGN)


def build_package(package: Package) -> bytes:
    """The package bytes: header, table of contents (count, offsets, names), aligned items."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _data in package.items)
    table_size = 4 + 8 * len(package.items)
    first_item = table_size + len(names) + (-(table_size + len(names)) % ALIGN)
    entries, name_at, data_at = [], table_size, first_item
    for name, data in package.items:
        entries.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        data_at += len(_pad(data))
    toc = struct.pack("<I", len(package.items)) + b"".join(entries) + names
    return package.header + _pad(toc) + b"".join(_pad(data) for _name, data in package.items)


def max_bytes_per_char(item: bytes) -> int:
    """Of a charset table (.cnv): UConverterStaticData.maxBytesPerChar, after the data header."""
    header_size, = struct.unpack_from("<H", item, 0)
    # structSize int32, name char[60], codepage int32, platform, conversionType, minBytesPerChar
    return item[header_size + 4 + 60 + 4 + 3]


def is_dropped(short_name: str, item: bytes = b"") -> bool:
    """Whether an item (name without the package prefix, and its bytes) is left out."""
    if any(fnmatch.fnmatchcase(short_name, pattern) for pattern in DROPPED_ITEMS):
        return True
    return short_name.endswith(".cnv") and "/" not in short_name and max_bytes_per_char(item) > 1


def trimmed(package: Package) -> Package:
    keep = [(name, data) for name, data in package.items
            if not is_dropped(name.split("/", 1)[1], data)]
    return Package(package.header, keep)


# --- the bundle --------------------------------------------------------------------------------

def icu_calls(internal: Path, version: str) -> dict[str, set[str]]:
    """ICU function -> the bundle's libraries (outside ICU itself) that import it."""
    suffix = f"_{version}"
    calls: dict[str, set[str]] = {}
    for path in sorted(internal.rglob("*.so*")):
        if path.is_symlink() or not path.is_file() or path.name.startswith("libicu"):
            continue
        try:
            symbols = dynamic_symbols(path.read_bytes())
        except (IcuDataError, struct.error, ValueError):
            continue
        for symbol in symbols:
            if not symbol.defined and symbol.name.endswith(suffix):
                name = symbol.name[:-len(suffix)]
                calls.setdefault(name, set()).add(str(path.relative_to(internal)))
    return calls


def link_library(package: bytes, symbol: str, soname: str, out: Path) -> None:
    """A shared library whose only contents is ``symbol``: the package, 16-byte aligned."""
    for tool in ("as", "ld"):
        if shutil.which(tool) is None:
            raise IcuDataError(f"{tool} not found (Debian package binutils)")
    with tempfile.TemporaryDirectory(prefix="icu-data-") as tmp:
        work = Path(tmp)
        (work / "data.bin").write_bytes(package)
        # '%' (not '@') in .type/.section: valid on x86-64 and on ARM, where '@' starts a comment
        (work / "data.s").write_text(
            '\t.section .rodata\n'
            f'\t.globl {symbol}\n'
            f'\t.type {symbol}, %object\n'
            f'\t.balign {ALIGN}\n'
            f'{symbol}:\n'
            '\t.incbin "data.bin"\n'
            f'\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",%progbits\n')
        subprocess.run(["as", "-o", "data.o", "data.s"], cwd=work, check=True)
        subprocess.run(["ld", "-shared", "-soname", soname, "-z", "noexecstack", "-o", "lib.so",
                        "data.o"], cwd=work, check=True)
        shutil.copyfile(work / "lib.so", out)


def trim_library(library: Path) -> tuple[int, int, int]:
    """Replace ``library`` by one with the trimmed package: (bytes before, after, items dropped)."""
    real = library.resolve()
    symbol, data = read_package(real)
    package = parse_package(data)
    if build_package(package) != data:  # the writer must reproduce ICU's own layout exactly
        raise IcuDataError(f"{real}: unexpected package layout; left as it is")
    small = trimmed(package)
    new_data = build_package(small)
    before = real.stat().st_size
    tmp = real.with_name(real.name + ".trimmed")
    link_library(new_data, symbol, real.name, tmp)
    if read_package(tmp) != (symbol, new_data):
        tmp.unlink()
        raise IcuDataError(f"{tmp}: the linked library does not hold the trimmed package")
    os.chmod(tmp, real.stat().st_mode)
    os.replace(tmp, real)
    return before, real.stat().st_size, len(package.items) - len(small.items)


def trim_bundle(internal: Path) -> str:
    """Trim the bundle's ICU data if every ICU call of the bundle is a known one."""
    libraries = [p for p in internal.rglob("libicudata.so.*") if not p.is_symlink()]
    if len(libraries) != 1:
        raise IcuDataError(f"expected one libicudata in {internal}, found {len(libraries)}")
    library = libraries[0]
    version = library.name.rsplit(".", 1)[1]
    unknown = {name: users for name, users in icu_calls(internal, version).items()
               if name not in KNOWN_ICU_CALLS}
    if unknown:
        listed = "; ".join(f"{name} ({', '.join(sorted(users))})"
                           for name, users in sorted(unknown.items()))
        raise IcuDataError("the bundle calls ICU functions packaging/icu_data.py does not know "
                           f"(check what data they need, then add them to KNOWN_ICU_CALLS): "
                           f"{listed}")
    before, after, dropped = trim_library(library)
    return (f"icu: {library.relative_to(internal)} {before / 1e6:.1f} -> {after / 1e6:.1f} MB "
            f"({dropped} data items left out)")


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("trim", "list"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        if argv[1] == "trim":
            print(trim_bundle(Path(argv[2])))
        else:
            _symbol, data = read_package(Path(argv[2]))
            for name, item in parse_package(data).items:
                state = "drop" if is_dropped(name.split("/", 1)[1], item) else "keep"
                print(f"{len(item):9d}  {state}  {name}")
    except IcuDataError as exc:
        print(f"icu: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
