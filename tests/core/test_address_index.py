"""Address search on PostgreSQL reads a trigram index (a server or role without one still works), and id lists stream."""

from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import text

from desktop.domain.notice import notice_from_payload
from desktop.listing import NoticeListing
from desktop.queries import NoticeFilter
from desktop.store.database import make_engine, open_database
from desktop.store.ingest import store_notices
from desktop.store.search_index import TRIGRAM_INDEX, install_trigram_index
from tests.support import sample_payload

POSTGRES_URL = os.environ.get("MOVEDESK_TEST_POSTGRES_URL", "")
APP_URL = os.environ.get("MOVEDESK_TEST_POSTGRES_APP_URL", "")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="MOVEDESK_TEST_POSTGRES_URL not set"),
]


@pytest.fixture
def postgres(database_url: str):  # type: ignore[no-untyped-def]
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only (the SQLite address index is tested in test_search.py)")
    database = open_database(database_url)
    yield database
    database.close()


def _has_trigram_index(connection) -> bool:  # type: ignore[no-untyped-def]
    """The GIN trigram index over the folded address (how much it saves: ``make bench``)."""
    found = connection.scalar(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"), {"name": TRIGRAM_INDEX}
    )
    return bool(found) and "USING gin (address_key gin_trgm_ops)" in found


def test_a_new_postgresql_database_answers_address_text_from_its_trigram_index(postgres) -> None:
    with postgres.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n + 1)) for n in range(3)])
    with postgres.engine.begin() as connection:
        assert _has_trigram_index(connection)
    found = NoticeListing(postgres).find(NoticeFilter(search="昭島市田中"))
    assert len(found.ids) == 3


@pytest.mark.skipif(not APP_URL, reason="MOVEDESK_TEST_POSTGRES_APP_URL not set")
def test_a_role_that_may_not_add_pg_trgm_is_told_in_the_log_and_searches_all_the_same(
    postgres, caplog: pytest.LogCaptureFixture
) -> None:
    with postgres.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(1))])
    with postgres.engine.begin() as connection:
        connection.execute(text(f"DROP INDEX {TRIGRAM_INDEX}"))
        connection.execute(text("DROP EXTENSION pg_trgm"))
        connection.execute(text("GRANT USAGE ON SCHEMA public TO movedesk_app"))
        connection.execute(text("GRANT SELECT ON notices TO movedesk_app"))
    engine = make_engine(APP_URL)
    try:
        with caplog.at_level(logging.WARNING), engine.begin() as connection:
            assert install_trigram_index(connection) is False
            # The transaction goes on: the failed attempt was its own savepoint.
            assert connection.scalar(text("SELECT count(*) FROM notices")) == 1
    finally:
        engine.dispose()
    assert "no trigram index for address search" in caplog.text
    assert len(NoticeListing(postgres).find(NoticeFilter(search="昭島市田中")).ids) == 1
    with postgres.engine.begin() as connection:  # the owner may: the index comes back
        assert install_trigram_index(connection) is True
        assert _has_trigram_index(connection)


def test_a_long_id_list_streams_and_a_failure_reads_as_a_database_error(postgres) -> None:
    """The ids of a view stream from psycopg in chunks; an error is SQLAlchemy's, as elsewhere."""
    from sqlalchemy import literal_column, select, table
    from sqlalchemy.exc import ProgrammingError

    from desktop.listing import _id_array

    with postgres.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n + 1)) for n in range(5)])
    listing = NoticeListing(postgres)
    assert len(listing.find(NoticeFilter(statuses=("new",), sort="status")).ids) == 5
    with postgres.engine.connect() as connection, pytest.raises(ProgrammingError):
        _id_array(connection, select(literal_column("id")).select_from(table("no_such_table")))
    assert len(listing.find(NoticeFilter()).ids) == 5  # the pool's next connection works


def test_a_query_on_a_converted_column_is_read_through_sqlalchemy(postgres) -> None:
    """A timestamp's value is converted by its column type: such a query is not streamed raw."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from desktop.listing import _id_array
    from desktop.store.models import NoticeRecord

    with postgres.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n + 1)) for n in range(3)])
    later = datetime.now(UTC) + timedelta(days=1)
    query = (
        select(NoticeRecord.id).where(NoticeRecord.received_at < later).order_by(NoticeRecord.id)
    )
    with postgres.engine.connect() as connection:
        assert len(_id_array(connection, query)) == 3
