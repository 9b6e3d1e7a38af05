"""A log of changed notices, written by the database itself, that every seat can poll.

Triggers append the id of each inserted or updated notice to
``notice_changes``, whichever program, seat or path made the change (sync,
a decision, a claim, a faxed notice confirmed, the purge). A window asks
for the entries after the last one it saw: one indexed range query, cheap
enough to run every second on a shared PostgreSQL database.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

_SQLITE = (
    "CREATE TRIGGER IF NOT EXISTS notice_changes_on_insert AFTER INSERT ON notices "
    "BEGIN INSERT INTO notice_changes (notice_id) VALUES (NEW.id); END",
    "CREATE TRIGGER IF NOT EXISTS notice_changes_on_update AFTER UPDATE ON notices "
    "BEGIN INSERT INTO notice_changes (notice_id) VALUES (NEW.id); END",
)

_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION movedesk_note_notice_change() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO notice_changes (notice_id) VALUES (NEW.id); RETURN NULL; END $$",
    "DROP TRIGGER IF EXISTS notice_changes_on_write ON notices",
    "CREATE TRIGGER notice_changes_on_write AFTER INSERT OR UPDATE ON notices "
    "FOR EACH ROW EXECUTE FUNCTION movedesk_note_notice_change()",
)

_REMOVE_SQLITE = (
    "DROP TRIGGER IF EXISTS notice_changes_on_insert",
    "DROP TRIGGER IF EXISTS notice_changes_on_update",
)
_REMOVE_POSTGRESQL = (
    "DROP TRIGGER IF EXISTS notice_changes_on_write ON notices",
    "DROP FUNCTION IF EXISTS movedesk_note_notice_change()",
)


def install_change_feed(connection: Connection) -> None:
    statements = _POSTGRESQL if connection.dialect.name == "postgresql" else _SQLITE
    for statement in statements:
        connection.execute(text(statement))


def remove_change_feed(connection: Connection) -> None:
    statements = _REMOVE_POSTGRESQL if connection.dialect.name == "postgresql" else _REMOVE_SQLITE
    for statement in statements:
        connection.execute(text(statement))
