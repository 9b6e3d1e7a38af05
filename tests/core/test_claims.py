"""Claims (担当) hold against other clerks and seats; taking over and reassigning are explicit."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from desktop.claims import DecidedElsewhere, NoticeHeld, ReassignError
from desktop.domain.notice import notice_from_payload
from desktop.domain.workflow import PermissionDenied
from desktop.service import Actor, NoticeService
from desktop.store.database import open_database
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, Decision, NoticeRecord, Staff
from tests.support import sample_payload

TANAKA = Actor("tanaka", "clerk")
SUZUKI = Actor("suzuki", "clerk")
SATO = Actor("sato", "supervisor")
YAMADA = Actor("yamada", "viewer")


def _add_staff(session, user_id: str, name: str, role: str) -> None:
    now = datetime.now(UTC)
    session.add(
        Staff(
            user_id=user_id,
            display_name=name,
            role=role,
            password_hash="-",
            failed_attempts=0,
            locked=False,
            active=True,
            created_at=now,
            password_changed_at=now,
        )
    )


@pytest.fixture
def service(database) -> NoticeService:
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(n)) for n in range(1, 4)])
        _add_staff(session, "tanaka", "田中 花子", "clerk")
        _add_staff(session, "suzuki", "鈴木 一郎", "clerk")
        _add_staff(session, "sato", "佐藤 監督", "supervisor")
        _add_staff(session, "yamada", "山田 参照", "viewer")
    return NoticeService(database)


def _audit(service: NoticeService) -> list[tuple[str, str, str | None]]:
    with service.database.session() as session:
        return [
            (e.staff, e.action, e.detail)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def _assignee(service: NoticeService, receipt: str) -> str | None:
    with service.database.session() as session:
        return session.scalar(
            select(NoticeRecord.assignee).where(NoticeRecord.receipt_number == receipt)
        )


def test_another_clerks_claim_blocks_a_decision(service: NoticeService) -> None:
    service.claim("T00000001", TANAKA)
    with pytest.raises(NoticeHeld) as held:
        service.decide("T00000001", "accept", SUZUKI, customer_number="000123")
    assert held.value.code == "claimed_by_other"
    assert held.value.holder == "tanaka" and "田中 花子" in str(held.value)
    assert ":" in held.value.since  # the time of the claim, "10:42"
    with pytest.raises(NoticeHeld):
        service.decide("T00000001", "reject", SUZUKI, reason_code="duplicate")
    with service.database.session() as session:
        assert session.scalars(select(Decision)).all() == []
    # The holder still decides.
    service.decide("T00000001", "accept", TANAKA, customer_number="000123")


def test_a_claim_is_taken_over_only_on_purpose(service: NoticeService) -> None:
    service.claim("T00000001", TANAKA)
    with pytest.raises(NoticeHeld):
        service.claim("T00000001", SUZUKI)
    assert _assignee(service, "T00000001") == "tanaka"
    service.claim("T00000001", SUZUKI, take_over=True)
    assert _assignee(service, "T00000001") == "suzuki"
    assert ("suzuki", "take_over", "tanaka") in _audit(service)
    assert service.holder("T00000001") == ("suzuki", "鈴木 一郎 (suzuki)")


def test_only_the_holder_or_a_supervisor_releases(service: NoticeService) -> None:
    service.claim("T00000001", TANAKA)
    with pytest.raises(NoticeHeld):
        service.release("T00000001", SUZUKI)
    service.release("T00000001", SATO)
    assert _assignee(service, "T00000001") is None
    assert ("sato", "release", "tanaka") in _audit(service)


def test_a_supervisor_reassigns(service: NoticeService) -> None:
    service.claim("T00000002", TANAKA)
    with pytest.raises(PermissionDenied):
        service.reassign("T00000002", "suzuki", TANAKA)
    with pytest.raises(ReassignError):
        service.reassign("T00000002", "yamada", SATO)  # a viewer cannot hold work
    with pytest.raises(ReassignError):
        service.reassign("T00000002", "nobody", SATO)
    service.reassign("T00000002", "suzuki", SATO)
    assert _assignee(service, "T00000002") == "suzuki"
    assert ("sato", "reassign", "tanaka -> suzuki") in _audit(service)
    service.decide("T00000002", "reject", SUZUKI, reason_code="duplicate")


def test_a_notice_decided_meanwhile_names_who_decided(service: NoticeService) -> None:
    service.decide("T00000003", "accept", TANAKA, customer_number="000123")
    with pytest.raises(DecidedElsewhere) as late:
        service.decide("T00000003", "reject", SUZUKI, reason_code="duplicate")
    assert late.value.code == "decided_by_other"
    assert "田中 花子" in str(late.value) and "受理" in str(late.value)


ROUNDS = 100


def test_two_clerks_deciding_at_the_same_instant_one_wins(database_url: str) -> None:
    """Two seats (own engines) decide the same notice at once, ROUNDS times."""
    seats = [open_database(database_url) for _ in range(2)]
    try:
        with seats[0].session() as session:
            payloads = [sample_payload(n) for n in range(1, ROUNDS + 1)]
            store_notices(session, [notice_from_payload(p) for p in payloads])
            _add_staff(session, "tanaka", "田中 花子", "clerk")
            _add_staff(session, "suzuki", "鈴木 一郎", "clerk")
        services = [NoticeService(seat) for seat in seats]
        actors = [TANAKA, SUZUKI]
        winners: Counter[str] = Counter()
        for payload in payloads:
            receipt = payload["receipt_number"]
            start = threading.Barrier(2)
            outcomes: list[object] = [None, None]

            def decide(seat: int, receipt: str = receipt, start=start, outcomes=outcomes) -> None:
                start.wait()
                try:
                    services[seat].decide(
                        receipt, "accept", actors[seat], customer_number=f"{seat}00123"
                    )
                    outcomes[seat] = "won"
                except (DecidedElsewhere, NoticeHeld) as refusal:
                    outcomes[seat] = refusal

            threads = [threading.Thread(target=decide, args=(seat,)) for seat in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sorted(map(str, outcomes)).count("won") == 1, outcomes
            winner = outcomes.index("won")
            loser = outcomes[1 - winner]
            assert isinstance(loser, DecidedElsewhere), loser
            assert actors[winner].user_id in loser.staff
            winners[actors[winner].user_id] += 1
        with seats[0].session() as session:
            per_notice = Counter(session.scalars(select(Decision.receipt_number)).all())
        assert set(per_notice.values()) == {1} and len(per_notice) == ROUNDS
        assert sum(winners.values()) == ROUNDS
    finally:
        for seat in seats:
            seat.close()
