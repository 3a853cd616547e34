"""packaging/icu_data.py: trimming Qt's ICU data library keeps what Qt calls ICU for."""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pytest
from packaging_support import ROOT, load_script, require_tool

icu = load_script("icu_data")
smoke = load_script("smoke_test")

PREFIX = "icudt99l"


def _item(kind: bytes, body: bytes) -> bytes:
    """A minimal ICU data item: MappedData header (32 bytes) with a UDataInfo, then ``body``."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, kind, b"\1\0\0\0", b"\1\0\0\0")
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    return header + b"\0" * (32 - len(header)) + body


def _converter(max_bytes: int) -> bytes:
    # UConverterStaticData: structSize, name[60], codepage, platform, type, min, max bytes/char
    static = struct.pack("<i60siBBBB", 100, b"test", 1252, 0, 2, 1, max_bytes)
    return _item(b"cnvt", static + b"\0" * 29)


def _package(items: dict[str, bytes]) -> bytes:
    header = _item(b"CmnD", b"")
    named = [(f"{PREFIX}/{name}", data) for name, data in sorted(items.items())]
    return icu.build_package(icu.Package(header, named))


ITEMS = {
    "root.res": _item(b"ResB", b"root" * 5),
    "coll/sv.res": _item(b"ResB", b"sv"),
    "zone/de.res": _item(b"ResB", b"de" * 9),
    "brkitr/cjdict.dict": _item(b"Dict", b"x" * 100),
    "lang/de.res": _item(b"ResB", b"Deutsch"),
    "ibm-5348_P100-1997.cnv": _converter(1),
    "gb18030.cnv": _converter(4),
    "unames.icu": _item(b"unam", b"names"),
}


def test_package_round_trip_and_alignment():
    data = _package(ITEMS)
    package = icu.parse_package(data)
    assert sorted(package.short_names()) == sorted(ITEMS)
    assert icu.build_package(package) == data
    toc = data[32:]
    count, = struct.unpack_from("<I", toc, 0)
    offsets = [struct.unpack_from("<II", toc, 4 + 8 * i)[1] for i in range(count)]
    assert all(offset % icu.ALIGN == 0 for offset in offsets)
    names = [name for name, _data in package.items]
    assert names == sorted(names)  # ICU finds items by binary search


def test_trim_keeps_what_qt_uses_and_drops_the_rest():
    package = icu.trimmed(icu.parse_package(_package(ITEMS)))
    assert sorted(package.short_names()) == [
        "coll/sv.res", "ibm-5348_P100-1997.cnv", "root.res", "zone/de.res"]
    for name, data in package.items:  # items keep their bytes (and their own headers)
        original = ITEMS[name.split("/", 1)[1]]
        assert data[:len(original)] == original


@pytest.mark.parametrize(("name", "dropped"), [
    ("brkitr/word.brk", True), ("translit/root.res", True), ("rbnf/de.res", True),
    ("unit/de.res", True), ("curr/pool.res", True), ("lang/de.res", True),
    ("region/de.res", True), ("unames.icu", True), ("rfc3491.spp", True),
    ("confusables.cfu", True),
    # what QtCore's collation, time-zone names, case mapping and converter lookup read
    ("coll/de.res", False), ("coll/ucadata.icu", False), ("zone/de.res", False),
    ("zoneinfo64.res", False), ("metaZones.res", False), ("timezoneTypes.res", False),
    ("supplementalData.res", False), ("root.res", False), ("de.res", False), ("pool.res", False),
    ("cnvalias.icu", False), ("nfkc.nrm", False), ("uemoji.icu", False),
])
def test_dropped_items(name, dropped):
    assert icu.is_dropped(name, _item(b"ResB", b"")) is dropped


def test_only_multibyte_converters_are_dropped():
    assert icu.max_bytes_per_char(_converter(1)) == 1
    assert not icu.is_dropped("windows-1252.cnv", _converter(1))
    assert icu.is_dropped("gb18030.cnv", _converter(4))
    assert icu.is_dropped("ibm-943_P15A-2003.cnv", _converter(2))


def test_not_a_package_is_refused():
    with pytest.raises(icu.IcuDataError, match="CmnD"):
        icu.parse_package(_item(b"ResB", b"\0" * 64))


def test_linked_library_exports_the_package(tmp_path):
    require_tool("as")
    require_tool("ld")
    data = _package(ITEMS)
    out = tmp_path / "libicudata.so.99"
    icu.link_library(data, "icudt99_dat", out.name, out)
    assert icu.read_package(out) == ("icudt99_dat", data)
    dynamic = subprocess.run(["readelf", "-dW", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "Library soname: [libicudata.so.99]" in dynamic
    assert "NEEDED" not in dynamic
    exported = [s for s in icu.dynamic_symbols(out.read_bytes()) if s.defined]
    assert [s.name for s in exported] == ["icudt99_dat"]
    assert exported[0].value % icu.ALIGN == 0


def test_trim_bundle_refuses_unknown_icu_calls(tmp_path, monkeypatch):
    require_tool("as")
    require_tool("ld")
    lib = tmp_path / "libicudata.so.99"
    icu.link_library(_package(ITEMS), "icudt99_dat", lib.name, lib)
    monkeypatch.setattr(icu, "icu_calls", lambda internal, version: {
        "ucol_open": {"libQt6Core.so.6"}, "ubrk_open": {"libQt6Core.so.6"}})
    with pytest.raises(icu.IcuDataError, match=r"ubrk_open \(libQt6Core.so.6\)"):
        icu.trim_bundle(tmp_path)
    assert icu.read_package(lib)[1] == _package(ITEMS)  # left as it was

    monkeypatch.setattr(icu, "icu_calls", lambda internal, version: {"ucol_open": {"x.so"}})
    assert icu.trim_bundle(tmp_path).endswith("(4 data items left out)")
    assert sorted(icu.parse_package(icu.read_package(lib)[1]).short_names()) == [
        "coll/sv.res", "ibm-5348_P100-1997.cnv", "root.res", "zone/de.res"]


def _qt_icu_library() -> Path:
    import PySide6

    libs = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libs:
        pytest.skip("this PySide6 has no bundled ICU (not a Linux wheel)")
    return libs[0]


def test_real_qt_icu_data_round_trips_and_trims():
    """PySide6's own libicudata: the writer reproduces it byte for byte; the trim is large."""
    symbol, data = icu.read_package(_qt_icu_library())
    assert re.fullmatch(r"icudt\d+_dat", symbol)
    package = icu.parse_package(data)
    assert icu.build_package(package) == data
    kept = icu.trimmed(package)
    names = set(kept.short_names())
    assert {"coll/root.res", "coll/ucadata.icu", "zoneinfo64.res", "cnvalias.icu"} <= names
    assert not any(n.startswith("brkitr/") for n in names)
    assert len(icu.build_package(kept)) < 0.45 * len(data)


def test_qt_calls_only_known_icu_functions():
    """What QtCore imports from ICU: a new PySide6 calling more must be reviewed (and listed)."""
    library = _qt_icu_library()
    version = library.name.rsplit(".", 1)[1]
    calls = icu.icu_calls(library.parent, version)
    assert "ucol_open" in calls
    assert set(calls) <= icu.KNOWN_ICU_CALLS


def test_smoke_test_icu_checks_pass_on_full_data():
    """The smoke test's expected ICU answers are what ICU's full data gives (no trim)."""
    library = _qt_icu_library()
    assert smoke.icu_failures(library.parent, library.name.rsplit(".", 1)[1]) == []


# Qt APIs that would make Qt ask ICU for a charset table the trim leaves out
QT_CODEC_APIS = re.compile(r"QStringDecoder|QStringEncoder|QStringConverter|QTextCodec|"
                           r"decoderForHtml|encodingForHtml|encodingForName")


def test_app_asks_qt_for_no_codec():
    """The app decodes files with Python's codecs, so ICU's multi-byte tables can go."""
    users = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "tracker").rglob("*.py"))
             if QT_CODEC_APIS.search(path.read_text(encoding="utf-8"))]
    assert users == [], "see packaging/icu_data.py before using Qt's codecs"
