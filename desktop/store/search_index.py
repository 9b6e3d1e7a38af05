"""The address search indexes: a trigram full-text table on SQLite, a trigram index on PostgreSQL.

"Address text" means any part of an address, which a B-tree index cannot
answer. On SQLite an FTS5 trigram table, kept in step with ``notices`` by
triggers, finds any three or more characters of it at once. On
PostgreSQL a GIN index of pg_trgm answers the same ``LIKE '%…%'`` the
search asks: without it each address keystroke read all notices, 0.3 to
0.7 s at a million. Where neither can be made (a SQLite without FTS5, a
server without pg_trgm or a role that may not add it) the search falls
back to a bounded LIKE scan.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

log = logging.getLogger(__name__)

TABLE = "notice_address"
TRIGRAM_INDEX = "ix_notices_address_trgm"

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


def is_search_object(name: str | None, type_: str) -> bool:
    """A table or index of the address search, made here rather than by the ORM models."""
    if type_ == "table":
        return is_search_table(name or "")
    return type_ == "index" and name == TRIGRAM_INDEX


def install_trigram_index(connection: Connection) -> bool:
    """The PostgreSQL address index; False (and a warning) where the server or role cannot."""
    if connection.dialect.name != "postgresql":
        return False
    try:
        with connection.begin_nested():
            # pg_trgm is a trusted extension: a database's owner may add it.
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            connection.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON notices "
                    "USING gin (address_key gin_trgm_ops)"
                )
            )
    except DBAPIError as error:
        log.warning(
            "no trigram index for address search (%s): it reads every notice instead",
            type(error.orig).__name__,
        )
        return False
    return True


def remove_trigram_index(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}"))


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
