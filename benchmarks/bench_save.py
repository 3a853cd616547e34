"""Saving one check-in through the service vs a raw sqlite3 insert of the same rows.

The raw side writes into a copy of the app's own database, made with SQLite's backup API just
after the journal was created: the same tables, foreign keys, CHECK constraints and indexes,
the same skill and factor rows, and the app's connection pragmas. So the ratio is the cost of
validation and SQLAlchemy, not of a leaner schema. Exits 1 when over target.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import report, timings  # noqa: E402

from tracker.paths import DataPaths  # noqa: E402
from tracker.services.journal import Journal  # noqa: E402

VALUES = {"mood": 6, "sleep_hours": 7.5, "sleep_quality": 3, "hunger": 2, "energy": 6, "stress": 4}
# as tracker/store/connection.py sets them
PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=5000",
           "secure_delete=ON")


def raw_insert(con: sqlite3.Connection, skill_id: str) -> None:
    cid = str(uuid.uuid4())
    now = datetime.now(UTC)
    stamp = now.isoformat().replace("+00:00", "Z")
    at_us = int(now.timestamp() * 1_000_000)
    with con:
        con.execute("insert into checkins (id, at_utc_us, utc_offset_min, note, created_utc,"
                    " updated_utc) values (?, ?, ?, ?, ?, ?)", (cid, at_us, 60, "note", stamp,
                                                                 stamp))
        con.execute("insert into ratings (checkin_id, skill_id, value) values (?, ?, ?)",
                    (cid, skill_id, 7))
        con.executemany("insert into factor_values (checkin_id, factor_id, value)"
                        " values (?, ?, ?)", [(cid, k, v) for k, v in VALUES.items()])
        con.execute("insert into checkin_tags (checkin_id, position, tag, tag_key)"
                    " values (?, ?, ?, ?)", (cid, 0, "gym", "gym"))


def app_schema_copy(journal_db: Path, target: Path) -> sqlite3.Connection:
    """A new database at ``target`` with the journal's schema and rows, and the app's pragmas."""
    source = sqlite3.connect(journal_db)
    raw = sqlite3.connect(target, isolation_level=None)
    source.backup(raw)
    source.close()
    for pragma in PRAGMAS:
        raw.execute(f"pragma {pragma}")
    assert raw.execute("pragma foreign_keys").fetchone() == (1,)
    raw.isolation_level = ""
    return raw


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        journal = Journal.open(Path(tmp) / "app")
        skill = journal.skills()[0].id if journal.skills() else journal.add_skill("Overall").ids[0]
        raw = app_schema_copy(DataPaths(Path(tmp) / "app").database, Path(tmp) / "raw.db")

        def save() -> None:
            journal.record(ratings={skill: 7}, values=VALUES, tags=["gym"], note="note")

        base, ours = [], []
        for _ in range(7):  # alternate, so a slow spell of a shared machine hits both sides
            base += timings(lambda: raw_insert(raw, skill), repeat=1, number=30)
            ours += timings(save, repeat=1, number=30)
        journal.close()
        app = sqlite3.connect(DataPaths(Path(tmp) / "app").database)
        tables = [t for (t,) in raw.execute("select name from sqlite_master where type='table'")]
        count = "select count(*) from {}"
        raw_rows = {t: raw.execute(count.format(t)).fetchone()[0] for t in tables}
        app_rows = {t: app.execute(count.format(t)).fetchone()[0] for t in tables}
        app.close()
        raw.close()
    # both sides wrote the same rows (210 saves each) into the same tables
    assert raw_rows == app_rows, (raw_rows, app_rows)
    return 0 if report("Saving one check-in (median of 7 rounds x 30 saves)", [
        ("raw sqlite3 insert + commit, app's schema and pragmas", base, None, None),
        ("Journal.record (validation + SQLAlchemy)", ours, base, 3.0),
    ]) else 1


if __name__ == "__main__":
    sys.exit(main())
