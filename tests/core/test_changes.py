"""The change log every seat polls: written by the database, whoever changes a notice."""

from __future__ import annotations

from sqlalchemy import select, text

import desktop.changes as changes_module
from desktop.changes import ChangeFeed
from desktop.domain.notice import notice_from_payload
from desktop.service import Actor, NoticeService
from desktop.store.ingest import store_notices
from desktop.store.models import NoticeRecord
from tests.support import sample_payload

CLERK = Actor("tanaka", "clerk")


def _ids(database, receipts: list[str]) -> set[int]:
    with database.session() as session:
        return set(
            session.scalars(
                select(NoticeRecord.id).where(NoticeRecord.receipt_number.in_(receipts))
            )
        )


def test_inserts_claims_decisions_and_raw_updates_are_logged(database) -> None:
    feed = ChangeFeed(database)
    start = feed.position()
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in (1, 2, 3)])
    batch = feed.since(start)
    assert batch.changed_ids == _ids(database, ["T00000001", "T00000002", "T00000003"])

    service = NoticeService(database)
    service.claim("T00000001", CLERK)
    service.decide("T00000002", "reject", CLERK, reason_code="duplicate")
    later = feed.since(batch.position)
    assert later.changed_ids == _ids(database, ["T00000001", "T00000002"])

    # A change made behind the program's back (another tool, another version) too.
    with database.session() as session:
        session.execute(text("UPDATE notices SET phone = '0' WHERE receipt_number = 'T00000003'"))
    assert feed.since(later.position).changed_ids == _ids(database, ["T00000003"])
    assert feed.since(feed.position()).changed_ids == set()


def test_a_window_left_behind_a_prune_is_told_to_reload(database, monkeypatch) -> None:
    monkeypatch.setattr(changes_module, "KEEP_ENTRIES", 2)
    feed = ChangeFeed(database)
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in range(1, 7)])
    first = feed.since(0, limit=1)
    assert feed.prune() == 4
    behind = feed.since(first.position)
    assert behind.lost_track and len(behind.changed_ids) == 2
    assert not feed.since(behind.position - 1).lost_track
