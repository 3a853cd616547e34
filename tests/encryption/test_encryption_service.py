"""Turning encryption on, changing the passphrase, turning it off: the journal, its backups and
its draft follow, nothing is lost, and the wrong passphrase is told apart from a damaged file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.encryption.conftest import MARKER, PASSPHRASE, fill
from tracker.errors import UserError
from tracker.paths import DataPaths
from tracker.services import encryption
from tracker.services.backups import Backups
from tracker.services.drafts import drafts_for
from tracker.services.journal import Journal
from tracker.store import cipher
from tracker.store.backup import inspect_backup


def plain_sqlite_opens(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return True


def test_encrypt_keeps_every_checkin_and_needs_the_passphrase(paths: DataPaths) -> None:
    ids = fill(paths.root)
    result = encryption.encrypt(paths, None, PASSPHRASE)
    assert result.safety_backup is not None
    assert encryption.is_encrypted(paths)
    assert not plain_sqlite_opens(paths.database)
    assert MARKER.encode() not in paths.database.read_bytes()
    # this process holds the key: the journal opens as before
    journal = Journal.open(paths.root)
    assert sorted(c.id for c in journal.checkins()) == sorted(ids)
    journal.close()
    # a new process (an empty keychain) must unlock first
    encryption.lock()
    assert encryption.is_locked(paths)
    with pytest.raises(cipher.LockedFile, match="encrypted: its passphrase is needed"):
        Journal.open(paths.root)
    with pytest.raises(encryption.WrongPassphrase, match="^Wrong passphrase.$"):
        encryption.unlock(paths, "not the passphrase")
    encryption.unlock(paths, PASSPHRASE)
    journal = Journal.open(paths.root)
    assert {c.note for c in journal.checkins()} == {f"{MARKER} note {i}" for i in range(5)}
    journal.close()


def test_backups_follow_the_journal_both_ways(paths: DataPaths) -> None:
    fill(paths.root, 3)
    backups = Backups(paths)
    # an earlier month's copy: today's automatic backups are thinned to one a day
    earlier = backups.back_up(paths.backups / "touchstone-20260101T000000Z.db").path
    fill(paths.root, 2)  # the safety copy made by encrypt holds 5, the earlier one 3
    result = encryption.encrypt(paths, None, PASSPHRASE)
    expected = {earlier: 3, result.safety_backup: 5}
    assert sorted(e.path for e in backups.entries()) == sorted(expected)
    assert result.backups_rekeyed == 2
    for entry in backups.entries():  # each backup on its own: encrypted, and still itself
        assert cipher.is_encrypted(entry.path)
        assert MARKER.encode() not in entry.path.read_bytes()
        assert cipher.file_salt(entry.path) == cipher.file_salt(paths.database)
        info = backups.describe(entry)
        assert info is not None, entry.path
        assert info.checkins == expected[entry.path], entry.path
    info = backups.back_up()
    assert cipher.file_salt(info.path) == cipher.file_salt(paths.database)
    expected[info.path] = 5
    expected[encryption.decrypt(paths, None).safety_backup] = 5
    assert not encryption.is_encrypted(paths)
    assert plain_sqlite_opens(paths.database)
    assert earlier in [e.path for e in backups.entries()]
    for entry in backups.entries():  # made plain again, each with its own check-ins
        assert plain_sqlite_opens(entry.path), entry.path
        described = backups.describe(entry)
        assert described is not None and described.checkins == expected[entry.path]
    assert not paths.key_checks.exists()  # no salt in use any more


def test_change_passphrase_rekeys_journal_and_backups(paths: DataPaths) -> None:
    ids = fill(paths.root, 2)
    encryption.encrypt(paths, None, PASSPHRASE)
    old_salt = cipher.file_salt(paths.database)
    encryption.change_passphrase(paths, None, "a new long passphrase")
    assert cipher.file_salt(paths.database) != old_salt
    assert all(cipher.file_salt(e.path) == cipher.file_salt(paths.database)
               for e in Backups(paths).entries())
    encryption.lock()
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock(paths, PASSPHRASE)
    encryption.unlock(paths, "a new long passphrase")
    journal = Journal.open(paths.root)
    assert sorted(c.id for c in journal.checkins()) == sorted(ids)
    journal.close()


def test_restore_asks_for_an_older_backup_passphrase(paths: DataPaths) -> None:
    fill(paths.root, 2)
    encryption.encrypt(paths, None, PASSPHRASE)
    backups = Backups(paths)
    old = backups.back_up().path
    # a copy kept elsewhere keeps the old passphrase when the journal moves on
    kept = paths.root / "kept.db"
    kept.write_bytes(old.read_bytes())
    encryption.change_passphrase(paths, None, "another passphrase!")
    with pytest.raises(cipher.LockedFile, match="does not hold now"):
        backups.restore(kept)
    with pytest.raises(encryption.WrongPassphrase):
        encryption.unlock_file(kept, "another passphrase!", paths)
    encryption.unlock_file(kept, PASSPHRASE, paths)
    result = backups.restore(kept)
    assert result.restored.checkins == 2
    # the journal is still under the new passphrase
    assert cipher.file_salt(paths.database) != cipher.file_salt(kept)


def test_plain_backup_restores_into_an_encrypted_journal(paths: DataPaths) -> None:
    fill(paths.root, 4)
    plain_copy = paths.root / "plain-copy.db"
    Backups(paths).back_up(plain_copy)
    encryption.encrypt(paths, None, PASSPHRASE)
    journal = Journal.open(paths.root)
    journal.delete(journal.checkins()[0].id)
    assert journal.count() == 3
    journal.close()
    result = Backups(paths).restore(plain_copy)
    assert encryption.is_encrypted(paths)
    journal = Journal.open(paths.root)
    assert journal.count() == 4
    journal.close()
    # the journal as it was, copied under the restore's lock, encrypted like the journal
    assert result.safety_copy is not None and cipher.encrypted_salt(result.safety_copy)
    assert inspect_backup(result.safety_copy).checkins == 3
    assert not list(paths.root.glob("touchstone.db.restoring*"))


def test_draft_is_sealed_while_encrypted_and_moves_back(paths: DataPaths) -> None:
    fill(paths.root, 1)
    drafts_for(paths).save({"note": MARKER})
    encryption.encrypt(paths, None, PASSPHRASE)
    assert not paths.draft.exists()
    assert MARKER.encode() not in paths.sealed_draft.read_bytes()
    assert drafts_for(paths).load() == {"note": MARKER}
    encryption.decrypt(paths, None)
    assert not paths.sealed_draft.exists()
    assert drafts_for(paths).load() == {"note": MARKER}


def test_damaged_file_is_not_called_a_wrong_passphrase(paths: DataPaths) -> None:
    fill(paths.root, 2)
    encryption.encrypt(paths, None, PASSPHRASE)
    encryption.lock()
    data = bytearray(paths.database.read_bytes())
    data[100:140] = bytes(40)  # inside page 1, after the salt: its HMAC now fails
    paths.database.write_bytes(bytes(data))
    encryption.unlock(paths, PASSPHRASE)  # the key check says the passphrase is right
    from tracker.store.integrity import DamagedJournalError

    with pytest.raises(DamagedJournalError, match="damaged"):
        Journal.open(paths.root)
    # without the key check file, the honest answer names both possibilities
    encryption.lock()
    moved = next(paths.root.glob("touchstone.db.corrupt-*"))
    paths.key_checks.unlink()
    with pytest.raises(encryption.WrongPassphrase, match="or the file is damaged"):
        encryption.unlock_file(moved, PASSPHRASE, paths)


@pytest.mark.parametrize("choice", ["empty", "restore"])
def test_starting_over_after_a_damaged_encrypted_journal_keeps_it_encrypted(
        paths: DataPaths, choice: str) -> None:
    from tracker.app import open_services

    fill(paths.root, 2)
    encryption.encrypt(paths, None, PASSPHRASE)
    salt = cipher.encrypted_salt(paths.database)
    data = bytearray(paths.database.read_bytes())
    data[100:140] = bytes(40)  # page 1's HMAC fails: damaged, though the key is right
    paths.database.write_bytes(bytes(data))
    asked = []
    journal, _settings, _drafts = open_services(
        paths, lambda damaged: asked.append(damaged.summary) or choice)
    try:
        assert asked and "damaged" in asked[0]
        assert cipher.encrypted_salt(paths.database) == salt  # same passphrase, same salt
        assert journal.count() == (0 if choice == "empty" else 2)
        if not journal.skills():
            journal.add_skill("Overall")
        journal.record(ratings={journal.skills()[0].id: 5})
    finally:
        journal.close()
    encryption.lock()
    with pytest.raises(cipher.LockedFile):
        Journal.open(paths.root)  # nothing opens it without the passphrase
    encryption.unlock(paths, PASSPHRASE)
    reopened = Journal.open(paths.root)
    assert reopened.count() == (1 if choice == "empty" else 3)
    reopened.close()


@pytest.mark.parametrize("first_bytes", [bytes(16), b"\x8f" * 16], ids=["zeroed", "garbled"])
def test_a_plain_journal_with_damaged_first_bytes_is_damaged_not_encrypted(
        paths: DataPaths, first_bytes: bytes) -> None:
    """Its header fields after the magic string still say plain SQLite: it goes to the
    damaged-journal path (set aside, restore offered), not to a passphrase question."""
    fill(paths.root, 2)
    data = bytearray(paths.database.read_bytes())
    data[:16] = first_bytes
    paths.database.write_bytes(bytes(data))
    assert not encryption.is_encrypted(paths) and cipher.encrypted_salt(paths.database) is None
    from tracker.store.integrity import DamagedJournalError

    with pytest.raises(DamagedJournalError, match="first bytes are not a SQLite header"):
        Journal.open(paths.root)
    assert next(paths.root.glob("touchstone.db.corrupt-*")).read_bytes() == bytes(data)


# A plain journal whose first 16 bytes were damaged still has SQLite's header after them:
# bytes 18 and 19 (file format versions) are 1 or 2, bytes 21-23 the payload fractions 64, 32,
# 32. An encrypted file has random bytes there. Each field at its edge and one past it:
DAMAGED_PLAIN = {18: 1, 19: 2, 21: 0x40, 22: 0x20, 23: 0x20}
ONE_OFF = [(18, 0), (18, 3), (19, 0), (19, 3), (21, 0x3F), (21, 0x41), (22, 0x1F), (22, 0x21),
           (23, 0x1F), (23, 0x21)]


def _crafted(path: Path, fields: dict[int, int], size: int = 4096) -> Path:
    data = bytearray((7 * i + 13) % 251 + 1 for i in range(size))  # no zero salt, no magic
    for offset, value in fields.items():
        data[offset] = value
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("offset", "value"), ONE_OFF, ids=[f"{o}={v:#x}" for o, v in ONE_OFF])
def test_encrypted_files_never_look_like_damaged_plain_ones(tmp_path: Path, offset: int,
                                                            value: int) -> None:
    # the damaged plain header is told apart: no salt, so it is offered repair, not a passphrase
    assert cipher.encrypted_salt(_crafted(tmp_path / "plain.db", DAMAGED_PLAIN)) is None
    for edge in ({18: 2, 19: 1}, {18: 1, 19: 1}, {18: 2, 19: 2}):
        assert cipher.encrypted_salt(_crafted(tmp_path / "p.db", {**DAMAGED_PLAIN, **edge})) is None
    # any one field off, and the file is what it looks like: encrypted, with its salt
    path = _crafted(tmp_path / "secret.db", {**DAMAGED_PLAIN, offset: value})
    assert cipher.encrypted_salt(path) == path.read_bytes()[:16]


def test_only_whole_pages_with_a_salt_look_encrypted(tmp_path: Path) -> None:
    assert cipher.encrypted_salt(_crafted(tmp_path / "a.db", {18: 0})) is not None
    assert cipher.encrypted_salt(_crafted(tmp_path / "b.db", {18: 0}, size=512)) is not None
    assert cipher.encrypted_salt(_crafted(tmp_path / "c.db", {18: 0}, size=511)) is None
    assert cipher.encrypted_salt(_crafted(tmp_path / "d.db", {18: 0}, size=4097)) is None
    zero_salt = _crafted(tmp_path / "e.db", dict.fromkeys(range(16), 0))
    assert cipher.encrypted_salt(zero_salt) is None
    plain = _crafted(tmp_path / "f.db", dict(enumerate(b"SQLite format 3\x00")))
    assert cipher.encrypted_salt(plain) is None


@pytest.mark.parametrize(("passphrase", "repeat", "message"), [
    ("short", None, "at least 8 characters"),
    (" padded passphrase", None, "must not start or end with a space"),
    ("long enough one", "long enough two", "two passphrases differ"),
])
def test_bad_new_passphrases_get_a_message(passphrase: str, repeat: str | None,
                                           message: str) -> None:
    with pytest.raises(UserError, match=message):
        encryption.check_new_passphrase(passphrase, repeat)


# what a window does while its journal is open: the Privacy page, the idle lock, the draft store
# and the backups all ask whether it is encrypted, which reads the file's first bytes
HEADER_READS = ("from pathlib import Path\nfrom tracker.store import cipher, header\n"
                "db = Path({root!r}) / 'touchstone.db'\ncipher.is_encrypted(db)\n"
                "cipher.file_salt(db)\nheader.read_header(db)\n")


@pytest.mark.parametrize("reads", ["", HEADER_READS], ids=["open", "open, header read"])
def test_switch_refused_while_another_process_has_the_journal_open(paths: DataPaths,
                                                                   reads: str) -> None:
    """A header read must not drop the holder's SQLite locks (closing any descriptor of the
    file releases a process's POSIX locks on it): the switch still sees the journal in use."""
    import subprocess
    import sys

    fill(paths.root, 1)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys\nfrom tracker.services.journal import Journal\n"
         f"j = Journal.open({str(paths.root)!r}); j.count()\n"
         + reads.format(root=str(paths.root)) +
         "print('open', flush=True); sys.stdin.read(); j.close()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"  # e.g. a window left open
        with pytest.raises(UserError, match="in use by another Touchstone"):
            encryption.encrypt(paths, None, PASSPHRASE)
        assert not encryption.is_encrypted(paths)
        assert not (paths.root / "touchstone.db.rekey").exists()
    finally:
        holder.communicate("", timeout=30)
    journal = Journal.open(paths.root)
    assert journal.count() == 1
    journal.close()


def test_switch_refused_while_this_process_still_has_the_journal_open(paths: DataPaths) -> None:
    """Its sqlite3 connections would lose their locks to the switch's SQLCipher connection
    (two copies of SQLite in one process): the window must set the journal aside first."""
    fill(paths.root, 1)
    journal = Journal.open(paths.root)
    try:
        assert journal.count() == 1
        with pytest.raises(UserError, match="still open in this window"):
            encryption.encrypt(paths, None, PASSPHRASE)
        assert not encryption.is_encrypted(paths) and journal.count() == 1
    finally:
        journal.close()
    encryption.encrypt(paths, None, PASSPHRASE)  # once closed, it goes through
    assert encryption.is_encrypted(paths)


def test_no_plaintext_copy_of_the_definitions_for_an_encrypted_journal(paths: DataPaths) -> None:
    """A closing window keeps the skills and factors for the next start, but only for a plain
    journal: encrypting removes that copy, and an encrypted journal never writes one."""
    kept = paths.root / "definitions.json"
    fill(paths.root, 1)
    journal = Journal.open(paths.root)
    journal.count()
    journal.close(remember_definitions=True)
    assert kept.exists()
    encryption.encrypt(paths, None, PASSPHRASE)
    assert not kept.exists()
    journal = Journal.open(paths.root)
    journal.count()
    journal.close(remember_definitions=True)
    assert not kept.exists() and Journal.open_deferred(paths.root) is not None


def test_quotes_and_unicode_in_a_passphrase(paths: DataPaths) -> None:
    fill(paths.root, 1)
    tricky = "it's \"quoted\"; DROP TABLE x; -- ünïcødé"
    encryption.encrypt(paths, None, tricky)
    encryption.lock()
    encryption.unlock(paths, tricky)
    journal = Journal.open(paths.root)
    assert journal.count() == 1
    journal.close()


def test_erase_all_removes_the_encryption_files_too(paths: DataPaths) -> None:
    from tracker.services.privacy import erase_all

    fill(paths.root, 1)
    encryption.encrypt(paths, None, PASSPHRASE)
    drafts_for(paths).save({"note": "x"})
    assert paths.key_checks.exists() and paths.sealed_draft.exists()
    erase_all(paths, Backups(paths))
    assert not paths.root.exists()


def test_a_broken_backup_does_not_keep_the_journal_locked(paths: DataPaths) -> None:
    fill(paths.root, 1)
    encryption.encrypt(paths, None, PASSPHRASE)
    encryption.lock()
    broken = paths.backups / "touchstone-20250101T000000Z.db"
    broken.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)  # plain header, junk
    encryption.unlock(paths, PASSPHRASE)  # the backup cannot be re-keyed: logged, not fatal
    assert not encryption.is_locked(paths)
    journal = Journal.open(paths.root)
    assert journal.count() == 1
    journal.close()


def test_a_plain_draft_left_by_an_interrupted_switch_is_sealed(paths: DataPaths) -> None:
    fill(paths.root, 1)
    encryption.encrypt(paths, None, PASSPHRASE)
    paths.draft.write_text('{"note": "' + MARKER + '"}', encoding="utf-8")  # as if killed
    assert drafts_for(paths).load() == {"note": MARKER}
    assert not paths.draft.exists()
    assert MARKER.encode() not in paths.sealed_draft.read_bytes()


def test_a_backup_that_cannot_be_rekeyed_does_not_stop_the_others(paths: DataPaths) -> None:
    fill(paths.root, 2)
    backups = Backups(paths)
    good = backups.back_up(paths.backups / "touchstone-20260101T000000Z.db").path
    broken = paths.backups / "touchstone-20260201T000000Z.db"  # newer: tried first
    broken.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    result = encryption.encrypt(paths, None, PASSPHRASE)
    assert broken in result.backups_left
    assert cipher.is_encrypted(good) and MARKER.encode() not in good.read_bytes()
    assert cipher.is_encrypted(result.safety_backup)


def test_leftover_scratch_copies_go_when_the_journal_opens(paths: DataPaths) -> None:
    fill(paths.root, 1)
    for name in ("touchstone.db.rekey", "touchstone.db.restoring"):
        (paths.root / name).write_bytes(b"SQLite format 3\x00" + MARKER.encode() * 300)
    Journal.open(paths.root).close()
    assert not (paths.root / "touchstone.db.rekey").exists()
    assert not (paths.root / "touchstone.db.restoring").exists()


def test_restore_after_damage_keeps_the_journal_encrypted(paths: DataPaths) -> None:
    from tracker.store.integrity import set_aside

    fill(paths.root, 3)
    encryption.encrypt(paths, None, PASSPHRASE)
    backup = Backups(paths).back_up(paths.backups / "touchstone-20260101T000000Z.db").path
    set_aside(paths.database)  # what the damaged-journal path does
    Backups(paths).restore(backup)
    assert encryption.is_encrypted(paths)
    assert MARKER.encode() not in paths.database.read_bytes()
    encryption.lock()
    encryption.unlock(paths, PASSPHRASE)
    journal = Journal.open(paths.root)
    assert journal.count() == 3
    journal.close()


def test_a_passphrase_is_the_same_however_its_accents_are_composed(paths: DataPaths) -> None:
    import unicodedata

    fill(paths.root, 1)
    composed = "café crème brûlée"
    encryption.encrypt(paths, None, composed)
    encryption.lock()
    encryption.unlock(paths, unicodedata.normalize("NFD", composed))  # e + combining accent
    assert not encryption.is_locked(paths)


@pytest.mark.parametrize("entry", [
    {"kdf": {"name": "scrypt"}, "check": "00"},  # missing parameters
    {"kdf": {"name": "scrypt", "n": 2**30, "r": 8, "p": 1}, "check": "00"},  # huge memory
    {"kdf": "nonsense"},
])
def test_a_tampered_key_check_file_is_ignored_not_fatal(paths: DataPaths, entry: dict) -> None:
    import json

    fill(paths.root, 1)
    encryption.encrypt(paths, None, PASSPHRASE)
    encryption.lock()
    salt = cipher.file_salt(paths.database).hex()
    paths.key_checks.write_text(json.dumps({"version": 1, "keys": {salt: entry, "zz": {}}}))
    with pytest.raises(encryption.WrongPassphrase, match="or the file is damaged"):
        encryption.unlock(paths, "not the passphrase")
    encryption.unlock(paths, PASSPHRASE)  # still opens: the file itself is the judge
    assert not encryption.is_locked(paths)


def test_encrypting_names_the_damaged_copies_it_leaves_plain(paths: DataPaths) -> None:
    fill(paths.root, 1)
    kept = paths.root / "touchstone.db.corrupt-20260101T000000"
    kept.write_bytes(b"SQLite format 3\x00" + MARKER.encode() * 300)
    result = encryption.encrypt(paths, None, PASSPHRASE)
    assert result.set_aside_left == [kept]
    assert kept.read_bytes().startswith(b"SQLite format 3")  # kept byte for byte
