"""The SQLAlchemy engine, built on the single connection factory in ``connection``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from tracker.store import cipher
from tracker.store.connection import (  # noqa: F401 - re-exported for the store's modules
    APPLICATION_ID,
    DEFAULT_BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    FileHeader,
    NotADatabase,
    connect,
    create_private_file,
    make_sidecars_private,
    read_header,
)

WRITE_OPTION = "touchstone_write"  # execution option: begin with BEGIN IMMEDIATE


def create_store_engine(path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS, *,
                        read_only: bool = False, immutable: bool = False) -> Engine:
    """A pooled SQLAlchemy engine whose connections all come from ``connect``.

    Transactions start with ``BEGIN`` (a consistent snapshot for reads) or, on connections
    carrying the ``touchstone_write`` execution option, ``BEGIN IMMEDIATE`` so a writer waits
    for the lock up front instead of failing half-way. An encrypted journal (its key held in
    the keychain) gets SQLCipher as the DB-API module, so SQLAlchemy wraps its errors too.
    ``read_only``/``immutable``: as ``connect``'s (a journal in a read-only folder).
    """
    key = cipher.key_for(path)
    extra = {} if key is None else {"module": cipher.driver()}
    engine = create_engine(
        "sqlite+pysqlite://",
        creator=lambda: connect(path, busy_timeout_ms, key=key, read_only=read_only,
                                immutable=immutable),
        poolclass=QueuePool,
        pool_size=3,
        max_overflow=5,
        pool_use_lifo=True,
        hide_parameters=True,
        **extra,
    )
    event.listen(engine, "begin", _begin)
    return engine


def _begin(conn: Connection) -> None:
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")
