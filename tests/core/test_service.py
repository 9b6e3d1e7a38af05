from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.domain.workflow import PermissionDenied, TransitionError
from desktop.service import Actor, DecisionError, NoticeService, StaleVersion
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, Decision, NoticeRecord
from tests.support import sample_payload

CLERK = Actor("clerk1", "clerk")
SUPERVISOR = Actor("boss", "supervisor")


@pytest.fixture
def service(database) -> NoticeService:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in (1, 2, 3)])
    return NoticeService(database)


def _row(service: NoticeService, receipt: str) -> NoticeRecord:
    with service.database.session() as session:
        return session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).one()


def test_accept_writes_decision_outbox_and_audit_together(service: NoticeService) -> None:
    service.claim("T00000001", CLERK)
    service.decide("T00000001", "accept", CLERK, version=1, customer_number="０００１２３")
    row = _row(service, "T00000001")
    assert (row.status, row.customer_number, row.assignee) == ("accepted", "000123", "clerk1")
    with service.database.session() as session:
        decision = session.scalars(select(Decision)).one()
        assert decision.outbox_state == "pending" and decision.version == 1
        assert len(decision.idempotency_key) == 32
        actions = session.scalars(select(AuditEntry.action)).all()
    assert actions == ["claim", "accept"]
    assert service.pending_decisions() == 1


def test_accept_needs_a_customer_number(service: NoticeService) -> None:
    with pytest.raises(DecisionError) as missing:
        service.decide("T00000001", "accept", CLERK)
    assert missing.value.code == "customer_number_missing"
    with pytest.raises(DecisionError, match="3〜20桁"):
        service.decide("T00000001", "accept", CLERK, customer_number="12AB")
    assert _row(service, "T00000001").status == "new"


def test_reject_needs_a_reason(service: NoticeService) -> None:
    with pytest.raises(DecisionError, match="理由"):
        service.decide("T00000002", "reject", CLERK)
    with pytest.raises(DecisionError, match="その他"):
        service.decide("T00000002", "reject", CLERK, reason_code="other")
    service.decide("T00000002", "reject", CLERK, reason_code="outside_area")
    assert _row(service, "T00000002").status == "rejected"


def test_decision_on_an_old_version_shows_the_change(service: NoticeService) -> None:
    service.claim("T00000001", CLERK)
    with service.database.session() as session:
        store_notices(
            session,
            [
                notice_from_payload(
                    sample_payload(1, version=2, hub_state="changed", remarks="午後に変更")
                )
            ],
        )
    assert _row(service, "T00000001").needs_review
    with pytest.raises(StaleVersion) as caught:
        service.decide("T00000001", "accept", CLERK, version=1, customer_number="123")
    assert [c.key for c in caught.value.changes] == ["remarks"]
    assert caught.value.changes[0].after == "午後に変更"
    # Even with the right version number, the change must be looked at first.
    with pytest.raises(StaleVersion):
        service.decide("T00000001", "accept", CLERK, version=2, customer_number="123")
    service.acknowledge_changes("T00000001", 2, CLERK)
    service.decide("T00000001", "accept", CLERK, version=2, customer_number="123")
    assert _row(service, "T00000001").status == "accepted"


def test_reopen_withdraws_an_unsent_decision(service: NoticeService) -> None:
    service.decide("T00000001", "accept", CLERK, customer_number="123")
    with pytest.raises(PermissionDenied):
        service.reopen("T00000001", CLERK)
    assert service.reopen("T00000001", SUPERVISOR) == "withdrawn"
    assert _row(service, "T00000001").status == "in_progress"
    assert service.pending_decisions() == 0


def test_reopen_after_sending_queues_a_reopen(service: NoticeService) -> None:
    service.decide("T00000001", "reject", CLERK, reason_code="duplicate")
    with service.database.session() as session:
        session.scalars(select(Decision)).one().outbox_state = "sent"
    assert service.reopen("T00000001", SUPERVISOR) == "reopen queued"
    with service.database.session() as session:
        queued = session.scalars(select(Decision).where(Decision.outbox_state == "pending")).one()
    assert queued.decision == "reopen"


def test_cancelled_notice_cannot_be_decided(service: NoticeService) -> None:
    with service.database.session() as session:
        result = store_notices(
            session, [notice_from_payload(sample_payload(3, hub_state="cancelled"))]
        )
    assert result.cancelled
    with pytest.raises(TransitionError):
        service.decide("T00000003", "accept", CLERK, customer_number="123")


def test_viewer_cannot_decide(service: NoticeService) -> None:
    with pytest.raises(PermissionDenied):
        service.decide("T00000001", "reject", Actor("guest", "viewer"), reason_code="duplicate")
