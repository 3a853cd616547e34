"""The encryption commands in a subprocess, and what each bad input gets (exit 2, one line)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.encryption.conftest import MARKER

GOOD = "a good long passphrase"


def run(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHSTONE_")}
    full_env.update(QT_QPA_PLATFORM="offscreen", **env)
    return subprocess.run([sys.executable, "-m", "tracker", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, env=full_env, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def encrypted(data_dir: Path) -> Path:
    assert run(data_dir, "add", "--skill", "Overall=7", "--note", MARKER).returncode == 0
    r = run(data_dir, "encrypt", TOUCHSTONE_NEW_PASSPHRASE=GOOD)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("The journal is now encrypted.")
    return data_dir


def test_encrypted_journal_needs_its_passphrase(encrypted: Path) -> None:
    r = run(encrypted, "list")
    assert r.returncode == 2
    assert r.stderr.strip() == (
        f"touchstone: The journal in {encrypted} is encrypted. Run the command in a terminal to "
        "be asked for its passphrase, or set TOUCHSTONE_PASSPHRASE (see SECURITY.md for the "
        "risks).")
    r = run(encrypted, "list", TOUCHSTONE_PASSPHRASE="not it at all")
    assert (r.returncode, r.stderr.strip()) == (2, "touchstone: Wrong passphrase.")
    r = run(encrypted, "list", TOUCHSTONE_PASSPHRASE=GOOD)
    assert r.returncode == 0 and MARKER in r.stdout
    assert MARKER.encode() not in (encrypted / "touchstone.db").read_bytes()


def test_export_says_it_is_plaintext(encrypted: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    r = run(encrypted, "export", "--format", "csv", "-o", str(out), TOUCHSTONE_PASSPHRASE=GOOD)
    assert r.returncode == 0, r.stderr
    assert "Exports are plaintext by nature" in r.stderr
    assert MARKER in out.read_text(encoding="utf-8")


def test_change_passphrase_then_decrypt(encrypted: Path) -> None:
    r = run(encrypted, "passphrase", TOUCHSTONE_PASSPHRASE=GOOD,
            TOUCHSTONE_NEW_PASSPHRASE="second passphrase")
    assert r.returncode == 0, r.stderr
    assert "The passphrase was changed." in r.stdout
    assert run(encrypted, "list", TOUCHSTONE_PASSPHRASE=GOOD).returncode == 2
    r = run(encrypted, "decrypt", TOUCHSTONE_PASSPHRASE="second passphrase")
    assert r.returncode == 0, r.stderr
    r = run(encrypted, "list")
    assert r.returncode == 0 and MARKER in r.stdout


@pytest.mark.parametrize(("command", "env", "message"), [
    ("encrypt", {"TOUCHSTONE_PASSPHRASE": GOOD, "TOUCHSTONE_NEW_PASSPHRASE": "another one!"},
     "touchstone: The journal is already encrypted; `touchstone passphrase` changes its "
     "passphrase."),
    ("passphrase", {"TOUCHSTONE_PASSPHRASE": GOOD, "TOUCHSTONE_NEW_PASSPHRASE": "short"},
     "touchstone: The passphrase must be at least 8 characters long."),
    ("passphrase", {"TOUCHSTONE_PASSPHRASE": GOOD},
     "touchstone: Run the command in a terminal to choose the passphrase, or set "
     "TOUCHSTONE_NEW_PASSPHRASE. Nothing was changed."),
])
def test_bad_encryption_requests(encrypted: Path, command: str, env: dict, message: str) -> None:
    salt = (encrypted / "touchstone.db").read_bytes()[:16]
    r = run(encrypted, command, **env)
    assert (r.returncode, r.stderr.strip()) == (2, message)
    assert (encrypted / "touchstone.db").read_bytes()[:16] == salt  # same key: not re-keyed
    assert MARKER in run(encrypted, "list", TOUCHSTONE_PASSPHRASE=GOOD).stdout


def test_decrypt_a_plain_journal_is_refused(data_dir: Path) -> None:
    assert run(data_dir, "add", "--skill", "Overall=5").returncode == 0
    r = run(data_dir, "decrypt")
    assert (r.returncode, r.stderr.strip()) == (
        2, "touchstone: The journal is not encrypted (`touchstone encrypt` encrypts it). "
           "Nothing was changed.")


def test_restore_asks_for_an_older_backups_passphrase(encrypted: Path) -> None:
    r = run(encrypted, "backup", "-o", str(encrypted.parent / "old.db"),
            TOUCHSTONE_PASSPHRASE=GOOD)
    assert r.returncode == 0, r.stderr
    assert run(encrypted, "passphrase", TOUCHSTONE_PASSPHRASE=GOOD,
               TOUCHSTONE_NEW_PASSPHRASE="second passphrase").returncode == 0
    # the journal's passphrase unlocks the journal; the backup's is then asked for (env here)
    r = run(encrypted, "restore", str(encrypted.parent / "old.db"),
            TOUCHSTONE_PASSPHRASE="second passphrase")
    assert r.returncode == 2
    assert "is encrypted with another passphrase" in r.stderr


def test_without_the_driver_the_app_says_where_to_get_it(data_dir: Path) -> None:
    no_driver = str(Path(__file__).with_name("no_driver"))
    root = str(Path(__file__).resolve().parents[2])
    hint = ('Encryption needs the optional SQLCipher driver: pip install "touchstone[encryption]" '
            "(see SECURITY.md).")
    assert run(data_dir, "add", "--skill", "Overall=5").returncode == 0
    r = run(data_dir, "encrypt", TOUCHSTONE_NEW_PASSPHRASE=GOOD, PYTHONPATH=no_driver + ":" + root)
    assert (r.returncode, r.stderr.strip()) == (2, f"touchstone: {hint}")
    assert run(data_dir, "list", PYTHONPATH=no_driver + ":" + root).returncode == 0  # plain works
    assert run(data_dir, "encrypt", TOUCHSTONE_NEW_PASSPHRASE=GOOD).returncode == 0
    r = run(data_dir, "list", TOUCHSTONE_PASSPHRASE=GOOD, PYTHONPATH=no_driver + ":" + root)
    assert (r.returncode, r.stderr.strip()) == (
        2, f"touchstone: The journal in {data_dir} is encrypted. {hint}")
