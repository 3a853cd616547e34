"""Saving one check-in through the service vs a raw sqlite3 insert of the same rows."""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import best_of, report  # noqa: E402

from tracker.services.journal import Journal  # noqa: E402

VALUES = {"mood": 6, "sleep_hours": 7.5, "sleep_quality": 3, "hunger": 2, "energy": 6, "stress": 4}


def raw_insert(con: sqlite3.Connection, skill_id: str) -> None:
    cid = str(uuid.uuid4())
    now = datetime.now(UTC).isoformat()
    with con:
        con.execute("insert into checkins values (?, ?, ?, ?, ?)", (cid, now, 60, "note", now))
        con.execute("insert into ratings values (?, ?, ?)", (cid, skill_id, 7))
        con.executemany("insert into factor_values values (?, ?, ?)",
                        [(cid, k, v) for k, v in VALUES.items()])
        con.execute("insert into checkin_tags values (?, ?, ?)", (cid, "gym", 0))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                       "busy_timeout=5000"):
            raw.execute(f"pragma {pragma}")
        raw.executescript("""
            create table checkins (id text primary key, at text, off int, note text, created text);
            create table ratings (checkin_id text, skill_id text, value int,
                                  primary key (checkin_id, skill_id));
            create table factor_values (checkin_id text, factor_id text, value real,
                                        primary key (checkin_id, factor_id));
            create table checkin_tags (checkin_id text, tag text, position int);
        """)
        raw.isolation_level = ""
        journal = Journal.open(Path(tmp) / "app")
        skill = journal.skills()[0].id if journal.skills() else journal.add_skill("Overall").ids[0]

        def save() -> None:
            journal.record(ratings={skill: 7}, values=VALUES, tags=["gym"], note="note")

        base = best_of(lambda: raw_insert(raw, "s"), repeat=7, number=30)
        ours = best_of(save, repeat=7, number=30)
        journal.close()
        raw.close()
    report("Saving one check-in (median of 7 x 30 saves)", [
        ("raw sqlite3 insert + commit, same pragmas", base, None, None),
        ("Journal.record (validation + SQLAlchemy)", ours, base, 3.0),
    ])


if __name__ == "__main__":
    main()
