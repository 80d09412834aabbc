"""The state file's schema, its steps, and how a connection to it is opened (WAL, a busy
timeout, a quick check). state.py keeps what is in it; state_repair.py mends a damaged one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = 4
"""1: marks, settings, searches. 2: a saved search keeps the topic it was made in. 3: and
whether new cards that match it raise an alert. 4: the feeds subscribed to (core/subscriptions.py)."""
QUIET_ARRIVAL = 0.0
"""When the stories of a folder seen for the first time arrived: before any session, so
they are not new."""
BUSY_SECONDS = 5.0
"""How long a change waits for another reader's lock before it is said not to be kept."""
_TABLES = """
CREATE TABLE IF NOT EXISTS marks (
    story TEXT PRIMARY KEY,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    changed REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen (
    story TEXT PRIMARY KEY,
    first_seen REAL NOT NULL,
    heat REAL
);
CREATE INDEX IF NOT EXISTS seen_by_time ON seen (first_seen);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    added REAL NOT NULL,
    etag TEXT,
    modified TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    error TEXT NOT NULL DEFAULT '',
    entries INTEGER NOT NULL DEFAULT 0,
    last_fetch REAL,
    next_try REAL NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created REAL NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    alert INTEGER NOT NULL DEFAULT 0
);
"""


class _Newer(sqlite3.DatabaseError):
    """A state file from a newer newsreader: not ours to move aside."""


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA:
            raise _Newer(f"written by a newer newsreader (schema {version})")
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity check: {check}")
        connection.executescript(_TABLES)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(searches)")}
        if "topic" not in columns:  # a schema 1 file: saved searches had no topic
            connection.execute("ALTER TABLE searches ADD COLUMN topic TEXT NOT NULL DEFAULT ''")
        if "alert" not in columns:  # schema 1 or 2: nor alerts
            connection.execute("ALTER TABLE searches ADD COLUMN alert INTEGER NOT NULL DEFAULT 0")
        connection.execute(f"PRAGMA user_version = {SCHEMA}")
        connection.isolation_level = "DEFERRED"
    except BaseException:
        connection.close()
        raise
    return connection
