"""packaging/strip_elf.py: a library is stripped only when what the loader maps stays the same."""

from __future__ import annotations

import ctypes
import platform
import shutil
import subprocess

import pytest
from packaging_support import load_script, require_tool

strip = load_script("strip_elf")
icu = load_script("icu_data")


@pytest.fixture
def library(tmp_path):
    """A small shared library from as/ld, with a symbol table (ld keeps one) and a function."""
    require_tool("as")
    require_tool("ld")
    require_tool("strip")
    (tmp_path / "lib.s").write_text(
        "\t.text\n\t.globl answer\n\t.type answer, %function\nanswer:\n"
        "\tmovl $42, %eax\n\tret\n"
        "\t.size answer, . - answer\n"
        "local_helper:\n\tret\n"
        '\t.section .note.GNU-stack,"",%progbits\n')
    subprocess.run(["as", "-o", "lib.o", "lib.s"], cwd=tmp_path, check=True)
    subprocess.run(["ld", "-shared", "-o", "libanswer.so.1", "lib.o"], cwd=tmp_path, check=True)
    return tmp_path / "libanswer.so.1"


def test_strips_the_symbol_table_and_the_library_still_works(library):
    if platform.machine() != "x86_64":
        pytest.skip("the fixture's assembly is x86-64")
    before = library.read_bytes()
    assert strip.removable(before)
    saved = strip.strip_file(library)
    after = library.read_bytes()
    assert saved == len(before) - len(after) > 0
    assert ".symtab" not in strip.section_names(after)
    assert strip.loaded_image(before) == strip.loaded_image(after)
    assert ctypes.CDLL(str(library)).answer() == 42
    assert strip.strip_file(library) == 0  # nothing left to strip


def test_a_changed_mapped_byte_is_not_the_same_at_run_time(library):
    before = library.read_bytes()
    headers, _segments = strip.loaded_image(before)
    load = next(h for h in headers if h[0] == 1 and h[5] > 0x100)
    changed = bytearray(before)
    changed[load[2] + 0x80] ^= 0xFF
    assert not strip.same_at_run_time(before, bytes(changed))
    # while the section table's place in the ELF header may change freely
    moved = bytearray(before)
    moved[0x28:0x30] = (12345).to_bytes(8, "little")
    assert strip.same_at_run_time(before, bytes(moved))


def test_strip_bundle_leaves_executables_and_non_elf_files_alone(library, tmp_path):
    bundle = tmp_path / "bundle"
    (bundle / "sub").mkdir(parents=True)
    shutil.copyfile(library, bundle / "sub" / "libanswer.so.1")
    (bundle / "sub" / "libanswer.so").symlink_to("libanswer.so.1")
    shutil.copyfile(library, bundle / "touchstone")  # an executable: archive appended after ELF
    (bundle / "notes.so.txt").write_text("not ELF")
    executable = (bundle / "touchstone").read_bytes()
    stripped, saved, kept = strip.strip_bundle(bundle)
    assert (stripped, kept) == (1, [])
    assert saved > 0
    assert (bundle / "touchstone").read_bytes() == executable
    assert (bundle / "notes.so.txt").read_text() == "not ELF"


def test_a_file_strip_would_rearrange_is_kept(library, monkeypatch):
    before = library.read_bytes()
    monkeypatch.setattr(strip, "same_at_run_time", lambda a, b: False)
    assert strip.strip_file(library) == 0
    assert library.read_bytes() == before


def test_trimmed_icu_data_library_is_strippable(tmp_path):
    """The ICU data library build.sh links keeps its one symbol and its package after strip."""
    require_tool("as")
    require_tool("ld")
    require_tool("strip")
    package = bytes(range(256)) * 64
    out = tmp_path / "libicudata.so.99"
    icu.link_library(package, "icudt99_dat", out.name, out)
    assert strip.strip_file(out) > 0
    assert icu.read_package(out) == ("icudt99_dat", package)
