from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from desktop.audit import record
from desktop.domain.notice import notice_from_payload
from desktop.store.database import (
    DatabaseTooNew,
    NotAMoveDeskDatabase,
    head_revision,
    open_database,
)
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, Base, NoticeRecord, NoticeVersion
from desktop.store.search_index import is_search_object
from tests.support import sample_payload


def test_fresh_database_is_created_and_stamped(database) -> None:
    with database.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head_revision()
    assert "is current" in database.migrate()


def include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    return not is_search_object(name, type_)


def test_migrations_build_the_same_schema_as_the_models(database_url: str) -> None:
    """Upgrading an old database by migrations gives what a fresh one gets."""
    from alembic import command

    from desktop.store.database import _alembic_config, make_engine

    engine = make_engine(database_url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        context = MigrationContext.configure(
            connection, opts={"include_name": include_name, "compare_type": True}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_database_from_a_newer_movedesk_is_refused(database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseTooNew, match="newer MoveDesk"):
        database.migrate()
    with database.engine.connect() as connection:  # and it was left alone
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == "9999_future"


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE accounts (id INTEGER)"))
    engine.dispose()
    with pytest.raises(NotAMoveDeskDatabase):
        open_database(url)


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'wal.sqlite3'}")
    with database.engine.connect() as connection:
        assert connection.scalar(text("PRAGMA journal_mode")) == "wal"
    database.close()


def test_audit_log_is_append_only(database) -> None:
    with database.session() as session:
        record(session, "clerk1", "print", "T00000001", "notice sheet")
    with pytest.raises(DBAPIError, match="append-only"), database.session() as session:
        session.execute(text("UPDATE audit_log SET staff = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"), database.session() as session:
        session.execute(text("DELETE FROM audit_log"))
    with database.session() as session:
        assert session.scalar(select(AuditEntry.staff)) == "clerk1"


def test_store_keeps_every_version_and_timestamps_keep_their_zone(database) -> None:
    first = notice_from_payload(sample_payload(1))
    second = notice_from_payload(sample_payload(1, version=2, hub_state="changed", remarks="改"))
    with database.session() as session:
        created = store_notices(session, [first])
    with database.session() as session:
        changed = store_notices(session, [second])
    assert len(created.new) == 1 and changed.changed == created.new
    with database.session() as session:
        row = session.scalars(select(NoticeRecord)).one()
        assert row.version == 2 and row.status == "new"
        assert row.submitted_at == first.submitted_at
        assert row.submitted_at.tzinfo is not None
        assert session.scalar(select(func.count()).select_from(NoticeVersion)) == 2


def test_naive_timestamps_are_refused(database) -> None:
    with pytest.raises(Exception, match="time zone"), database.session() as session:
        session.add(AuditEntry(at=datetime(2026, 1, 1), staff="x", action="y"))
        session.flush()
    with database.session() as session:
        session.add(AuditEntry(at=datetime.now(UTC), staff="x", action="y"))


def test_head_revision_read_without_alembic_matches_alembic() -> None:
    from alembic.script import ScriptDirectory

    from desktop.store.database import _alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(_alembic_config()).get_current_head()


def test_migration_0008_carries_the_pull_cursor_over(database_url: str) -> None:
    """A database upgraded mid-way through the feed goes on from where it was."""
    from alembic import command

    from desktop.store.database import _alembic_config, make_engine
    from desktop.store.leases import NOTICE_CURSOR, read_cursor

    engine = make_engine(database_url)
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        connection.execute(
            text("INSERT INTO sync_state (key, value) VALUES ('pull_cursor', 'ZmVlZDo0Mg')")
        )
        command.upgrade(config, "0008")
        assert connection.scalar(text("SELECT count(*) FROM sync_state")) == 0
    engine.dispose()
    database = open_database(database_url, migrate=False)
    position = read_cursor(database, NOTICE_CURSOR)
    database.close()
    assert (position.cursor, position.sequence) == ("ZmVlZDo0Mg", 1)
