"""The sync engine against the hub simulator over real HTTP on loopback."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from desktop.hub.client import HubClient, HubConfig
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.service import Actor, NoticeService, StaleVersion
from desktop.store.models import Decision, NoticeRecord, NoticeVersion, QuarantinedPayload
from desktop.sync import ACK_BATCH, SyncEngine
from tests.core.bad_payloads import BAD_PAYLOADS
from tests.support import sample_payload

CLERK = Actor("clerk1", "clerk")


@pytest.fixture
def hub() -> Iterator[HubSimulator]:
    with HubSimulator(notices=30, seed=7) as simulator:
        yield simulator


@pytest.fixture
def engine(database, hub: HubSimulator) -> Iterator[SyncEngine]:
    config = HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD, max_attempts=3)
    client = HubClient(config, sleep=lambda _s: None)
    yield SyncEngine(
        database,
        client,
        page_size=7,
        make_client=lambda: HubClient(config, sleep=lambda _s: None),
    )
    client.close()


def _count(database, model, *where) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _status(database, receipt: str) -> NoticeRecord:
    with database.session() as session:
        return session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).one()


def test_pull_stores_everything_page_by_page_and_then_nothing(engine, database, hub) -> None:
    report = engine.sync_once()
    assert report.ok, report.errors
    assert report.new == 30 and report.pulled == 30
    assert _count(database, NoticeRecord) == 30
    again = engine.sync_once()
    assert (again.pulled, again.new) == (0, 0)


def test_decisions_reach_the_hub_once(engine, database, hub) -> None:
    engine.sync_once()
    service = NoticeService(database)
    receipts = hub.receipts()[:3]
    service.decide(receipts[0], "accept", CLERK, customer_number="0012345")
    service.decide(receipts[1], "reject", CLERK, reason_code="outside_area", reason_text="隣の市")
    report = engine.sync_once()
    assert report.pushed == 2 and report.ok
    assert _count(database, Decision, Decision.outbox_state == "pending") == 0
    at_hub = hub.decisions()
    assert sorted((d["receipt_number"], d["decision"]) for d in at_hub) == sorted(
        [(receipts[0], "accept"), (receipts[1], "reject")]
    )
    assert engine.sync_once().pushed == 0
    assert len(hub.decisions()) == 2


def test_edit_while_open_needs_review_and_cancel_cancels(engine, database, hub) -> None:
    engine.sync_once()
    service = NoticeService(database)
    first, second = hub.receipts()[:2]
    service.claim(first, CLERK)
    hub.edit(first, remarks="立会いは午後にしてください")
    hub.cancel(second)
    report = engine.sync_once()
    assert report.changed == 1 and report.cancelled == 1
    row = _status(database, first)
    assert row.needs_review and row.version == 2 and row.status == "in_progress"
    with pytest.raises(StaleVersion) as caught:
        service.decide(first, "accept", CLERK, version=1, customer_number="123")
    assert "remarks" in [c.key for c in caught.value.changes]
    assert _status(database, second).status == "cancelled"
    assert _count(database, NoticeVersion) == 32


def test_stale_push_marks_conflict_and_pulls_the_change(engine, database, hub) -> None:
    engine.sync_once()
    receipt = hub.receipts()[0]
    NoticeService(database).decide(receipt, "accept", CLERK, customer_number="123")
    hub.edit(receipt, remarks="住所を訂正しました")
    report = engine.sync_once()
    assert report.conflicts == 1 and report.pushed == 0
    row = _status(database, receipt)
    assert row.status == "in_progress" and row.needs_review and row.version == 2
    with database.session() as session:
        assert session.scalars(select(Decision.outbox_state)).one() == "conflict"
    assert hub.decisions() == []


def test_push_to_a_cancelled_notice_cancels_locally(engine, database, hub) -> None:
    engine.sync_once()
    receipt = hub.receipts()[0]
    NoticeService(database).decide(receipt, "reject", CLERK, reason_code="duplicate")
    hub.cancel(receipt)
    report = engine.sync_once()
    assert report.cancelled >= 1
    assert _status(database, receipt).status == "cancelled"
    with database.session() as session:
        assert session.scalars(select(Decision.outbox_state)).one() == "cancelled"


def test_reopen_after_send_reaches_the_hub(engine, database, hub) -> None:
    engine.sync_once()
    receipt = hub.receipts()[0]
    service = NoticeService(database)
    service.decide(receipt, "reject", CLERK, reason_code="duplicate")
    engine.sync_once()
    service.reopen(receipt, Actor("boss", "supervisor"))
    engine.sync_once()
    assert [d["decision"] for d in hub.decisions()] == ["reject", "reopen"]


def test_acknowledgements_settle_in_batches_and_a_racing_withdrawal_becomes_a_reopen(
    database,
) -> None:
    """More decisions than one acknowledgement batch, one withdrawn while on the wire."""
    with HubSimulator(notices=ACK_BATCH + 25, seed=3) as hub:
        config = HubConfig(hub.url, DEMO_PARTNER_ID, DEMO_PASSWORD)
        service = NoticeService(database)
        receipts = hub.receipts()
        with HubClient(config) as client:
            SyncEngine(database, client, page_size=100).sync_once()
            for number, receipt in enumerate(receipts):
                service.decide(receipt, "accept", CLERK, customer_number=f"{number:07d}")
            raced = receipts[ACK_BATCH // 2]
            pushed_by_client = client.push_decision

            def push_then_withdraw(receipt: str, body: dict, key: str):
                outcome = pushed_by_client(receipt, body, key)
                if receipt == raced:  # the supervisor was quicker than the answer
                    assert service.reopen(receipt, Actor("boss", "supervisor")) == "withdrawn"
                return outcome

            client.push_decision = push_then_withdraw  # type: ignore[method-assign]
            report = SyncEngine(database, client, page_size=100).sync_once()
            assert report.pushed == len(receipts) and report.ok, report.summary()
            with database.session() as session:
                states = Counter(session.scalars(select(Decision.outbox_state)))
                reopen = session.scalars(
                    select(Decision).where(Decision.decision == "reopen")
                ).one()
                hub_ids = session.scalars(
                    select(Decision.hub_decision_id).where(Decision.outbox_state == "sent")
                ).all()
            assert states == {"sent": len(receipts), "pending": 1}
            assert reopen.receipt_number == raced and all(hub_ids)
            client.push_decision = pushed_by_client  # type: ignore[method-assign]
            assert SyncEngine(database, client).sync_once().pushed == 1
        at_hub = Counter((d["receipt_number"], d["decision"]) for d in hub.decisions())
        assert len(at_hub) == len(receipts) + 1 and set(at_hub.values()) == {1}
        assert at_hub[(raced, "reopen")] == 1


def test_malformed_notices_are_quarantined_and_the_rest_stored(engine, database, hub) -> None:
    engine.sync_once()
    good = [sample_payload(9000 + n) for n in range(3)]
    duplicate = sample_payload(9000, remarks="同じ版で内容が違う")
    for item in [good[0], *BAD_PAYLOADS.values(), good[1], duplicate, good[2]]:
        # As escaped JSON text, so that lone surrogates travel as the hub would send them.
        hub.inject_raw_item(json.dumps(item).encode("ascii"))
    hub.inject_raw_item(
        json.dumps(sample_payload(9100)).replace("T00009100", "T0000BAD\\u0000").encode()
    )
    hub.inject_raw_item(
        json.dumps(sample_payload(9101), ensure_ascii=False)
        .encode()
        .replace("田中".encode(), b"\xff\xfe")
    )
    report = engine.sync_once()
    assert report.offline is False
    expected_bad = len(BAD_PAYLOADS) + 3  # plus the duplicate and the two raw items
    assert report.quarantined == expected_bad
    assert _count(database, QuarantinedPayload) == expected_bad
    for payload in good:
        assert _status(database, payload["receipt_number"]).version == 1
    with database.session() as session:
        reasons = session.scalars(select(QuarantinedPayload.reason)).all()
    assert all(reason.strip() for reason in reasons)
    assert any("duplicate receipt number" in reason for reason in reasons)
    assert any("not valid Unicode" in reason for reason in reasons)


def test_offline_keeps_decisions_pending(engine, database, hub) -> None:
    engine.sync_once()
    NoticeService(database).decide(hub.receipts()[0], "accept", CLERK, customer_number="0077")
    hub.stop()
    report = engine.sync_once()
    assert report.offline and not report.ok
    assert _count(database, Decision, Decision.outbox_state == "pending") == 1


def test_faults_lose_nothing_and_duplicate_nothing(engine, database, hub) -> None:
    engine.sync_once()
    service = NoticeService(database)
    receipts = hub.receipts()[:20]
    for index, receipt in enumerate(receipts):
        if index % 2:
            service.decide(receipt, "accept", CLERK, customer_number=f"{index:07d}")
        else:
            service.decide(receipt, "reject", CLERK, reason_code="outside_area")
    hub.tick(new=15)
    hub.set_faults(
        error_rate=0.3, latency_ms=2, drop_rate=0.1, truncate_rate=0.05, garble_rate=0.05, seed=3
    )
    for _ in range(60):  # each round makes progress with probability ~0.7
        engine.sync_once()
        if _count(database, Decision, Decision.outbox_state == "pending") == 0:
            break
    hub.set_faults(error_rate=0, drop_rate=0, truncate_rate=0, garble_rate=0, latency_ms=0)
    assert engine.sync_once().ok
    at_hub = hub.decisions()
    assert Counter(d["receipt_number"] for d in at_hub) == Counter(receipts)
    assert _count(database, NoticeRecord) == 45
