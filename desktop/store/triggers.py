"""Database-side guards that the ORM cannot give: the append-only audit log.

They are put back at every start (``Database.migrate``), not only when the
schema is created: one ``DROP TRIGGER`` must not switch them off for good.
On PostgreSQL the stronger guard is a role that may only INSERT and SELECT
on the audit table (docs/security.md); that role cannot create triggers,
so a missing trigger there is reported, not fatal.
"""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

_SQLITE_GUARDS = {
    "audit_log_no_update": (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    ),
    "audit_log_no_delete": (
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    ),
}

_POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION movedesk_audit_append_only() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
)
_POSTGRESQL_GUARDS = {
    "audit_log_append_only": (
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION movedesk_audit_append_only()"
    ),
    "audit_log_no_truncate": (
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION movedesk_audit_append_only()"
    ),
}

GUARD_NAMES = {"sqlite": set(_SQLITE_GUARDS), "postgresql": set(_POSTGRESQL_GUARDS)}


def present_guards(connection: Connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT tgname FROM pg_trigger "
                "WHERE tgrelid = to_regclass('audit_log') AND NOT tgisinternal"
            )
        )
    else:
        rows = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
        )
    return {name for (name,) in rows}


def install_audit_guards(connection: Connection) -> list[str]:
    """Create whichever guard is missing; return the names that had to be put back."""
    present = present_guards(connection)
    if connection.dialect.name != "postgresql":
        missing = [name for name in _SQLITE_GUARDS if name not in present]
        for name in missing:
            connection.execute(text(_SQLITE_GUARDS[name]))
        return missing
    missing = [name for name in _POSTGRESQL_GUARDS if name not in present]
    if not missing:
        return []
    try:
        with connection.begin_nested():
            connection.execute(text(_POSTGRESQL_FUNCTION))
            for name in missing:
                connection.execute(text(_POSTGRESQL_GUARDS[name]))
    except DBAPIError as error:
        # Not the table's owner: the restricted role's own rights guard the table.
        log.warning(
            "audit log guards %s are missing and this role cannot create them (%s)",
            ", ".join(missing),
            type(error.orig).__name__,
        )
        return []
    return missing


def remove_audit_guards(connection: Connection) -> None:
    """Only for migrations that must rewrite the audit table (and put the guards back)."""
    if connection.dialect.name == "postgresql":
        for name in _POSTGRESQL_GUARDS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name} ON audit_log"))
    else:
        for name in _SQLITE_GUARDS:
            connection.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
