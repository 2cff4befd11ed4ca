"""The history database: schema, forward migrations, and opening a file safely.

The SQL is kept portable (plain types, no SQLite-only clauses in the tables) so the
same schema can be created on a server database; docs/history.md says what else that
move takes. SQLite-specific settings (WAL, busy timeout) live in :func:`connect` only.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from checklist.history.migrations import Migration, to_version_1, to_version_2
from checklist.load.problems import UsageError

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000

# MIGRATIONS[n] takes a database at version n to version n + 1. Version 0 is an empty file.
MIGRATIONS: dict[int, Migration] = {0: to_version_1, 1: to_version_2}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if absent) the history at ``path``, migrated to the current version.

    Raises :class:`UsageError` for a file that is not a SQLite database, a database
    that is not a checklist history, or one written by a newer checklist.
    """
    if path.exists() and not path.is_file():
        raise UsageError(f"{path} is not a file; give --db the path of a history database")
    if path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise UsageError(f"{path} is not a checklist history database (not an SQLite "
                                 "file); give a new file name to start a history")
    # isolation_level=None: transactions are begun and ended explicitly (one per run).
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise database_error(path, exc) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def database_error(path: Path, exc: sqlite3.Error) -> UsageError:
    """A plain message for an SQLite failure; "locked" means another run holds the file."""
    if "locked" in str(exc) or "busy" in str(exc):
        return UsageError(f"another checklist run is writing to {path}; waited "
                          f"{BUSY_TIMEOUT_MS // 1000} s for it to finish. Try again when it "
                          "has finished; nothing was written")
    return UsageError(f"{path} could not be used as a history database ({exc})")


def current_version(conn: sqlite3.Connection, path: Path) -> int:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise UsageError(f"{path} is an SQLite database but not a checklist history "
                             f"(it has tables {', '.join(sorted(tables))}); give a new file name")
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, path: Path,
            target: int = SCHEMA_VERSION) -> int:
    """Apply the forward migrations from the file's version to ``target``, in one transaction.

    A file already at ``target`` is only read, so that ``checklist history`` never waits
    for a roll-up holding the write lock (WAL lets it read meanwhile)."""
    version = current_version(conn, path)
    if version == target:
        return version
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = current_version(conn, path)
        if version > target:
            raise UsageError(f"{path} was written by a newer checklist (history schema "
                             f"version {version}; this checklist reads up to {target}); "
                             "upgrade checklist to read it")
        if version == 0:
            conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                         "applied_at VARCHAR(32) NOT NULL)")
        while version < target:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                         (version, _now()))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version
