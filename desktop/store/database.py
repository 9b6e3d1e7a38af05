"""Opening the database, tuning SQLite, and migrating the schema at start-up."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from desktop.privacy import make_private_if_present, private_file
from desktop.store.change_feed import install_change_feed
from desktop.store.models import Base
from desktop.store.search_index import install_search_index, install_trigram_index
from desktop.store.triggers import install_audit_guards

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# Several counter PCs may start at once against one PostgreSQL database.
_MIGRATION_LOCK = 73_310_001


class DatabaseTooNew(RuntimeError):
    """The database was written by a newer MoveDesk; we refuse to touch it."""


class NotAMoveDeskDatabase(RuntimeError):
    pass


def insert_ignoring_duplicates(session: Session, table: Any, conflict_columns: list[str]) -> Any:
    """An INSERT that leaves a row another seat stored first alone instead of failing."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing(index_elements=conflict_columns)


def database_now(session: Session) -> datetime:
    """The time by the database's clock, so seats on PCs whose clocks differ agree on it."""
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(text("SELECT clock_timestamp()"))
    return datetime.now(UTC)


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("desktop.store").joinpath("migrations")
    config.set_main_option("script_location", str(Path(str(location))))
    return config


def _tune_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _keep_sqlite_file_private(url: str) -> None:
    """Create the database file 0600 before SQLite does; its -wal and -shm take its mode."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if not path.parent.is_dir():
        return  # SQLite will say the folder is missing, as before
    private_file(path)
    for suffix in ("-wal", "-shm", "-journal"):
        make_private_if_present(path.with_name(path.name + suffix))


def make_engine(url: str) -> Engine:
    """An engine whose errors and logs never show a statement's parameters (residents' data)."""
    if url.startswith("sqlite"):
        _keep_sqlite_file_private(url)
        engine = create_engine(url, connect_args={"timeout": 10}, hide_parameters=True)
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]?([^'\"\s]+)['\"]?", re.MULTILINE)


def head_revision() -> str:
    """The newest migration, read from the scripts without loading Alembic (start-up speed)."""
    folder = resources.files("desktop.store").joinpath("migrations").joinpath("versions")
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in folder.iterdir():
        if not script.name.endswith(".py") or script.name.startswith("__"):
            continue
        for is_parent, value in _REVISION.findall(script.read_text("utf-8")):
            (parents if is_parent else revisions).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def _stored_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _migrate(connection: Connection) -> str:
    """Bring the schema to this program's head; return what was done."""
    head = head_revision()
    if _stored_revision(connection) == head:
        return f"schema {head} is current"  # the usual start: no need to load Alembic
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = _alembic_config()
    config.attributes["connection"] = connection
    scripts = ScriptDirectory.from_config(config)
    head = scripts.get_current_head()
    current = MigrationContext.configure(connection).get_current_revision()
    if current is None:
        tables = set(inspect(connection).get_table_names())
        if tables - {"alembic_version"}:
            raise NotAMoveDeskDatabase(
                "the database holds tables but no MoveDesk schema version; refusing to change it"
            )
        Base.metadata.create_all(connection)
        install_audit_guards(connection)
        install_search_index(connection)
        install_trigram_index(connection)
        install_change_feed(connection)
        command.stamp(config, "head")
        return f"created schema {head}"
    try:
        scripts.get_revision(current)
    except Exception:
        raise DatabaseTooNew(
            f"the database has schema version {current}, which this MoveDesk does not know: "
            "it was written by a newer MoveDesk. Install that version or use another database."
        ) from None
    if current == head:
        return f"schema {head} is current"
    command.upgrade(config, "head")
    return f"upgraded schema {current} to {head}"


def _restore_audit_guards(connection: Connection) -> None:
    """Make sure the chain has its head row; put back a guard someone dropped, and say so in the log."""
    from desktop import audit

    audit.ensure_chain_head(connection)
    restored = install_audit_guards(connection)
    if restored:
        log.warning("audit log guards were missing and are re-created: %s", ", ".join(restored))
        audit.record(
            connection, "movedesk", "audit_guard_restored", "audit_log", ", ".join(restored)
        )


class Database:
    """One engine and session factory; a ``with db.session() as s`` per operation."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> str:
        with self.engine.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                )
            done = _migrate(connection)
            _restore_audit_guards(connection)
            return done

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    database = Database(url)
    if migrate:
        database.migrate()
    return database
