"""Anki collections built for the tests and the benchmark, with the tables Anki creates.

Schema 18 is what current Anki desktop releases write (``SCHEMA_MAX_VERSION = 18`` in
ankitects/anki ``rslib/src/storage/upgrades/mod.rs``): the classic tables of
``rslib/src/storage/schema11.sql`` (col, notes, cards, revlog, graves) with the upgrades 14
(deck_config, config, tags), 15 (fields, templates, notetypes, decks), 17 (tags with ids) and 18
(graves keyed by oid and type); ``col.conf`` is then '' and the settings are rows of ``config``
(key, usn, mtime_secs, val = the value as JSON bytes). Anki opens its collection in WAL mode
with ``locking_mode = exclusive``; a collection built here is left in WAL mode too. Schema 11
keeps the settings in the ``col.conf`` JSON. Tables use Anki's ``unicase`` collation, which the
reader never needs.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

SCHEMA11 = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

UPGRADES_TO_18 = """
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL,
  mtime_secs integer NOT NULL, val blob NOT NULL) WITHOUT ROWID;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord))
  WITHOUT ROWID;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (name text NOT NULL PRIMARY KEY COLLATE unicase, id integer NOT NULL,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL,
  kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_id ON decks (id);
CREATE TABLE tags (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  usn integer NOT NULL, config blob NOT NULL);
DROP TABLE graves;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL,
  PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE INDEX idx_graves_pending ON graves (usn);
"""

LEARN, REVIEW, RELEARN, FILTERED, MANUAL, RESCHEDULED = range(6)


def _unicase(a: str, b: str) -> int:
    x, y = a.casefold(), b.casefold()
    return (x > y) - (x < y)


def connect(path: Path) -> sqlite3.Connection:
    """A writable connection to a built collection (Anki's collation registered)."""
    db = sqlite3.connect(path)
    db.create_collation("unicase", _unicase)
    db.execute("PRAGMA synchronous = off")  # the tests' own files need no fsync
    return db


def create_collection(path: Path, *, ver: int = 18, rollover: int | None = 4,
                      crt: int = 1_600_000_000, wal: bool = True) -> Path:
    """An empty collection at ``path`` of schema ``ver`` (11 or 14–18 layout: 18's tables)."""
    conf: dict[str, object] = {"schedVer": 2, "curDeck": 1}
    if rollover is not None:
        conf["rollover"] = rollover
    with connect(path) as db:
        if wal:
            db.execute("PRAGMA journal_mode = wal")
        db.executescript(SCHEMA11)
        if ver >= 14:
            db.executescript(UPGRADES_TO_18)
            db.executemany("INSERT INTO config VALUES (?, 0, 0, ?)",
                           [(k, json.dumps(v).encode()) for k, v in conf.items()])
        col_conf = "" if ver >= 14 else json.dumps(conf)
        db.execute("INSERT INTO col VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)",
                   (crt, crt * 1000, crt * 1000, ver, col_conf,
                    *(("",) * 4 if ver >= 14 else ("{}",) * 4)))
    db.close()
    return path


def ms(at: datetime) -> int:
    """Anki's revlog id for an answer at the aware instant ``at`` (epoch milliseconds)."""
    return round(at.timestamp() * 1000)


def add_reviews(path: Path, rows: Iterable[tuple[int, int, int]], cid: int = 1) -> None:
    """Append revlog rows ``(id, ease, type)`` as Anki writes them (usn -1, 8 s each)."""
    db = connect(path)
    with db:
        db.executemany(
            "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " VALUES (?, ?, -1, ?, 1, 0, 2500, 8000, ?)",
            ((rid, cid, ease, kind) for rid, ease, kind in rows))
    db.close()
