"""The address search index: a trigram full-text table on SQLite.

"Address text" means any part of an address, which a B-tree index cannot
answer. On SQLite an FTS5 trigram table, kept in step with ``notices`` by
triggers, finds any three or more characters of it at once. PostgreSQL
(and a SQLite built without FTS5) uses a bounded LIKE scan instead.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

TABLE = "notice_address"

_CREATE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    "address_key, content='notices', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS notices_address_insert AFTER INSERT ON notices BEGIN "
    f"INSERT INTO {TABLE}(rowid, address_key) VALUES (new.id, new.address_key); END",
    "CREATE TRIGGER IF NOT EXISTS notices_address_delete AFTER DELETE ON notices BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, address_key) VALUES ('delete', old.id, old.address_key); END",
    "CREATE TRIGGER IF NOT EXISTS notices_address_update AFTER UPDATE OF address_key ON notices BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, address_key) VALUES ('delete', old.id, old.address_key); "
    f"INSERT INTO {TABLE}(rowid, address_key) VALUES (new.id, new.address_key); END",
)

_DROP = (
    "DROP TRIGGER IF EXISTS notices_address_insert",
    "DROP TRIGGER IF EXISTS notices_address_delete",
    "DROP TRIGGER IF EXISTS notices_address_update",
    f"DROP TABLE IF EXISTS {TABLE}",
)


def is_search_table(name: str) -> bool:
    """The FTS table and its shadow tables, which the ORM models do not describe."""
    return name == TABLE or name.startswith(f"{TABLE}_")


def install_search_index(connection: Connection) -> bool:
    """Create the index and fill it from existing notices; False where FTS5 is missing."""
    if connection.dialect.name != "sqlite":
        return False
    try:
        with connection.begin_nested():
            for statement in _CREATE:
                connection.execute(text(statement))
            connection.execute(text(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"))
    except OperationalError:
        return False  # a SQLite without FTS5 or trigram: search falls back to LIKE
    return True


def remove_search_index(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _DROP:
            connection.execute(text(statement))


def has_search_index(connection: Connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": TABLE}
    ).first()
    return found is not None
