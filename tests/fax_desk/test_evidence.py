"""A faxed notice is evidence, never authority: the forged-fax cases.

The pages here are the codes' contents, read the way the page reader
reassembles them (``reading_from_parts``), so the format, the checksum
and the signature are the real ones without the cost of imaging a page;
``test_desk`` sends a forged page over the emulated line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.fax_evidence import (
    EvidenceError,
    EvidenceState,
    Relation,
    awaiting_count,
    confirm,
    dismiss,
    evidence_of_fax,
    evidence_of_notice,
    hub_reachable,
)
from desktop.fax_inbox import inbox
from desktop.fax_notices import read_fax_notices
from desktop.hub.signing import NoticeSigner, SignatureVerdict
from desktop.service import Actor
from desktop.store.ingest import store_notices
from desktop.store.models import AuditEntry, FaxEvidence, NoticeRecord, SyncState
from fax.notice_code import reading_from_parts
from fax.store_models import ReceivedFax
from printing.notice_code_format import (
    SIGNED_MARKER,
    parse_code_part,
    payload_code_parts,
    signed_message,
)
from tests.support import sample_payload

HUB = NoticeSigner.from_seed("the hub")
FORGER = NoticeSigner.from_seed("someone with a fax machine")
CLERK = Actor("clerk1", "clerk")
VIEWER = Actor("viewer1", "viewer")
PAGE = (np.zeros((8, 8), dtype=np.uint8), "fine")


def hub_copy(database, **changes: Any) -> NoticeRecord:
    """The hub's notice, stored as the sync stores it."""
    notice = notice_from_payload(sample_payload(3, **changes))
    with database.session() as session:
        store_notices(session, [notice], source="hub")
    return stored(database, notice.receipt_number)


def stored(database, receipt: str) -> NoticeRecord | None:
    with database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).first()
        if row is not None:
            session.expunge(row)
        return row


def received_fax(database, remote_id: str = "+81 3 9999 0000") -> int:
    with database.session() as session:
        row = ReceivedFax(
            received_at=datetime(2026, 11, 25, 1, 0, tzinfo=UTC),
            remote_id=remote_id,
            file_path="received.tif",
            page_count=1,
        )
        session.add(row)
        session.flush()
        return row.id


def code_reader(parts: list[bytes]):
    """A page reader that finds these code parts on every page."""

    def read(_bitmap, resolution):
        return reading_from_parts([parse_code_part(p) for p in parts], (), resolution)

    return read


def faxed(payload: dict[str, Any], sign=None) -> list[bytes]:
    return payload_code_parts(payload, sign=sign)


def receive(database, parts: list[bytes], *, key: str = "", reachable: bool = True, **options):
    fax_id = received_fax(database)
    reading = read_fax_notices(
        database,
        fax_id,
        [PAGE],
        code_reader(parts),
        hub_public_key=key,
        reachable=lambda: reachable,
        **options,
    )
    return fax_id, reading


def same_row(before: NoticeRecord, after: NoticeRecord | None) -> bool:
    assert after is not None
    fields = ("version", "hub_state", "status", "phone", "payload", "source", "needs_review")
    return all(getattr(before, name) == getattr(after, name) for name in fields)


def test_a_forged_higher_version_leaves_the_hub_copy_and_waits_for_a_clerk(database) -> None:
    hub = hub_copy(database)
    forged = sample_payload(3, version=5, contact={"phone": "090-6666-6666", "email": "x@evil.jp"})
    fax_id, reading = receive(database, faxed(forged))

    assert same_row(hub, stored(database, hub.receipt_number))
    assert reading.receipts == (hub.receipt_number,) and reading.notice_ids == (hub.id,)
    [filed] = reading.awaiting
    assert filed.relation == Relation.NEWER
    [view] = evidence_of_fax(database, fax_id)
    assert view.state == EvidenceState.AWAITING and view.confirmable
    assert view.stored is not None and view.stored.version == 1 and view.faxed.version == 5
    assert view.signature == SignatureVerdict.UNSIGNED and view.code_format == "MD1"
    assert view.remote_id == "+81 3 9999 0000"
    changed = {c.key: (c.before, c.after) for c in view.changes}
    assert changed["phone"] == ("042-555-0101", "090-6666-6666")
    assert changed["email"] == ("taro@example.jp", "x@evil.jp")
    assert awaiting_count(database) == 1


def test_a_forged_cancellation_cancels_nothing_and_waits_for_a_clerk(database) -> None:
    hub = hub_copy(database)
    fax_id, _reading = receive(database, faxed(sample_payload(3, hub_state="cancelled")))

    after = stored(database, hub.receipt_number)
    assert same_row(hub, after) and after.status == "new" and after.hub_state == "submitted"
    [view] = evidence_of_fax(database, fax_id)
    assert view.relation == Relation.CANCELS and view.state == EvidenceState.AWAITING


def test_a_faxed_notice_the_hub_does_not_know_is_not_stored_as_a_notice(database) -> None:
    fax_id, reading = receive(database, faxed(sample_payload(9)))
    assert stored(database, "T00000009") is None
    assert reading.notice_ids == () and reading.receipts == ("T00000009",)
    assert [fax.id for fax in inbox(database, only_open=True)] == [fax_id]
    [view] = evidence_of_fax(database, fax_id)
    assert view.relation == Relation.UNKNOWN and view.awaiting and view.stored is None


@pytest.mark.parametrize(
    ("changes", "relation"),
    [
        ({}, Relation.SAME),
        ({"remarks": "別の備考"}, Relation.DIFFERS),
    ],
)
def test_a_copy_of_the_stored_version_is_evidence_only(database, changes, relation) -> None:
    hub = hub_copy(database)
    fax_id, reading = receive(database, faxed(sample_payload(3, **changes)))
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_fax(database, fax_id)
    assert view.relation == relation and view.state == EvidenceState.EVIDENCE
    assert not view.confirmable and reading.awaiting == ()
    with pytest.raises(EvidenceError, match="waits for no confirmation"):
        confirm(database, view.id, CLERK)


def test_an_older_faxed_version_is_evidence_only(database) -> None:
    hub_copy(database, version=4)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2, hub_state="cancelled")))
    [view] = evidence_of_fax(database, fax_id)
    assert view.relation == Relation.OLDER and view.state == EvidenceState.EVIDENCE


def test_a_clerk_confirms_a_faxed_notice_the_hub_does_not_know(database) -> None:
    fax_id, _ = receive(database, faxed(sample_payload(9)))
    [view] = evidence_of_fax(database, fax_id)
    done = confirm(database, view.id, CLERK)
    row = stored(database, "T00000009")
    assert row is not None and row.id == done.notice_id
    assert row.source == "fax" and row.status == "new" and row.version == 1
    [view] = evidence_of_fax(database, fax_id)
    assert view.state == EvidenceState.CONFIRMED and view.settled_by == "clerk1"
    [fax] = inbox(database)
    assert not fax.open and fax.receipts == ("T00000009",)
    with database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "fax_confirm")).one()
        assert entry.staff == "clerk1" and entry.target == "T00000009"
    assert awaiting_count(database) == 0


def test_a_clerk_confirms_a_faxed_cancellation(database) -> None:
    hub = hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2, hub_state="cancelled")))
    [view] = evidence_of_fax(database, fax_id)
    confirm(database, view.id, Actor("boss", "supervisor"))
    row = stored(database, hub.receipt_number)
    assert row.status == "cancelled" and row.hub_state == "cancelled"
    assert row.version == 2 and row.source == "fax"


def test_a_viewer_may_not_confirm_or_dismiss(database) -> None:
    hub = hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, hub_state="cancelled")))
    [view] = evidence_of_fax(database, fax_id)
    with pytest.raises(PermissionError):
        confirm(database, view.id, VIEWER)
    with pytest.raises(PermissionError):
        dismiss(database, view.id, VIEWER)
    assert same_row(hub, stored(database, hub.receipt_number))
    assert evidence_of_fax(database, fax_id)[0].awaiting


def test_a_dismissed_fax_is_audited_and_cannot_be_confirmed_later(database) -> None:
    hub = hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2)))
    [view] = evidence_of_fax(database, fax_id)
    dismiss(database, view.id, CLERK, "偽のファクス")
    assert inbox(database, only_open=True) == []
    with pytest.raises(EvidenceError, match="waits for no confirmation"):
        confirm(database, view.id, CLERK)
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_notice(database, hub.receipt_number)
    assert view.state == EvidenceState.DISMISSED and view.note == "偽のファクス"
    with database.session() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "fax_dismiss")).one()
        assert "偽のファクス" in entry.detail


def test_a_hub_version_that_arrived_meanwhile_wins_over_the_confirmation(database) -> None:
    hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2, remarks="ファクスの版")))
    [view] = evidence_of_fax(database, fax_id)  # the clerk has it open …
    with database.session() as session:  # … when the hub's version 3 arrives
        store_notices(session, [notice_from_payload(sample_payload(3, version=3))])
    with pytest.raises(EvidenceError, match="version 3"):
        confirm(database, view.id, CLERK)
    row = stored(database, "T00000003")
    assert row.version == 3 and row.source == "hub"
    assert evidence_of_fax(database, fax_id)[0].state == EvidenceState.SUPERSEDED


def test_what_the_hub_has_caught_up_with_waits_no_longer(database) -> None:
    hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2, hub_state="cancelled")))
    assert awaiting_count(database) == 1
    with database.session() as session:
        store_notices(
            session, [notice_from_payload(sample_payload(3, version=2, hub_state="cancelled"))]
        )
    assert awaiting_count(database) == 0
    [view] = evidence_of_fax(database, fax_id)
    assert view.state == EvidenceState.SUPERSEDED and view.current == Relation.SAME


def test_a_faxed_cancellation_cannot_undo_an_acceptance(database) -> None:
    hub_copy(database)
    with database.session() as session:
        row = session.scalars(select(NoticeRecord)).one()
        row.status = "accepted"
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2, hub_state="cancelled")))
    [view] = evidence_of_fax(database, fax_id)
    with pytest.raises(EvidenceError, match="accepted"):
        confirm(database, view.id, CLERK)
    assert stored(database, "T00000003").status == "accepted"
    assert evidence_of_fax(database, fax_id)[0].awaiting


# -- signatures -------------------------------------------------------------------------------


def wrongly_signed(payload: dict[str, Any], signed_for: dict[str, Any]) -> list[bytes]:
    """An MD2 code whose signature is the hub's, but over another payload."""
    genuine = payload_code_parts(signed_for, part_capacity=1 << 30, sign=HUB)[0]
    signature = signed_message_signature(genuine)
    crc, message = signed_message(payload, sign=lambda _text: signature)
    return [SIGNED_MARKER + bytes([0, 1]) + crc.to_bytes(4, "big") + message]


def signed_message_signature(content: bytes) -> bytes:
    part = parse_code_part(content)
    return reading_from_parts([part], (), "fine").code.signature


@pytest.mark.parametrize(
    ("make", "verdict"),
    [
        (lambda p: faxed(p), SignatureVerdict.UNSIGNED),
        (lambda p: faxed(p, sign=FORGER), SignatureVerdict.INVALID),
        (lambda p: wrongly_signed(p, sample_payload(3, version=2)), SignatureVerdict.INVALID),
    ],
    ids=["unsigned", "other-key", "hub-signature-of-another-payload"],
)
def test_with_signatures_on_an_unsigned_or_wrongly_signed_code_is_evidence_only(
    database, make, verdict
) -> None:
    hub = hub_copy(database)
    forged = sample_payload(3, version=2, hub_state="cancelled")
    fax_id, _reading = receive(database, make(forged), key=HUB.public_key_text(), reachable=False)
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_fax(database, fax_id)
    assert view.signature == verdict and view.state == EvidenceState.AWAITING


def test_a_signed_code_without_a_configured_key_is_unchecked_evidence(database) -> None:
    hub = hub_copy(database)
    fax_id, _ = receive(database, faxed(sample_payload(3, version=2), sign=HUB), reachable=False)
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_fax(database, fax_id)
    assert view.signature == SignatureVerdict.UNCHECKED and view.awaiting


def test_a_bad_key_in_the_settings_is_reported_and_nothing_stands_in(database) -> None:
    hub = hub_copy(database)
    fax_id, reading = receive(
        database, faxed(sample_payload(3, version=2), sign=HUB), key="not a key", reachable=False
    )
    assert same_row(hub, stored(database, hub.receipt_number))
    assert any("public key" in p for p in reading.problems)
    assert evidence_of_fax(database, fax_id)[0].signature == SignatureVerdict.UNCHECKED


def test_a_validly_signed_copy_waits_for_a_clerk_while_the_hub_answers(database) -> None:
    hub = hub_copy(database)
    fax_id, _ = receive(
        database,
        faxed(sample_payload(3, version=2), sign=HUB),
        key=HUB.public_key_text(),
        reachable=True,
    )
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_fax(database, fax_id)
    assert view.signature == SignatureVerdict.VALID and view.awaiting


def test_a_validly_signed_copy_stands_in_while_the_hub_is_unreachable(database) -> None:
    hub_copy(database)
    newer = sample_payload(3, version=2, contact={"phone": "03-1234-5678", "email": ""})
    fax_id, reading = receive(
        database, faxed(newer, sign=HUB), key=HUB.public_key_text(), reachable=False
    )
    row = stored(database, "T00000003")
    assert row.version == 2 and row.phone == "03-1234-5678" and row.source == "fax"
    [view] = evidence_of_fax(database, fax_id)
    assert view.state == EvidenceState.STOOD_IN and view.settled_by == "system"
    assert reading.awaiting == ()


def test_a_validly_signed_cancellation_stands_in_while_the_hub_is_unreachable(database) -> None:
    hub_copy(database)
    receive(
        database,
        faxed(sample_payload(3, version=2, hub_state="cancelled"), sign=HUB),
        key=HUB.public_key_text(),
        reachable=False,
    )
    row = stored(database, "T00000003")
    assert row.status == "cancelled" and row.version == 2


def test_a_validly_signed_copy_never_stands_in_over_a_newer_hub_version(database) -> None:
    hub = hub_copy(database, version=3)
    fax_id, _ = receive(
        database,
        faxed(sample_payload(3, version=2, hub_state="cancelled"), sign=HUB),
        key=HUB.public_key_text(),
        reachable=False,
    )
    assert same_row(hub, stored(database, hub.receipt_number))
    [view] = evidence_of_fax(database, fax_id)
    assert view.signature == SignatureVerdict.VALID
    assert view.relation == Relation.OLDER and view.state == EvidenceState.EVIDENCE


def test_a_validly_signed_copy_of_an_unknown_notice_stands_in_offline(database) -> None:
    receive(
        database,
        faxed(sample_payload(12), sign=HUB),
        key=HUB.public_key_text(),
        reachable=False,
    )
    row = stored(database, "T00000012")
    assert row is not None and row.source == "fax" and row.status == "new"


def test_the_hub_counts_as_reachable_only_after_a_sync_without_errors(database) -> None:
    def reachable() -> bool:
        with database.session() as session:
            return hub_reachable(session)

    assert not reachable()  # never synced
    with database.session() as session:
        session.add(SyncState(key="last_sync_at", value="2026-11-25T00:00:00+00:00"))
        session.add(SyncState(key="last_sync_error", value=""))
    assert reachable()
    with database.session() as session:
        session.get(SyncState, "last_sync_error").value = "the hub cannot be reached"
    assert not reachable()


def test_by_default_the_last_sync_decides_whether_a_signed_copy_stands_in(database) -> None:
    hub = hub_copy(database)
    with database.session() as session:
        session.add(SyncState(key="last_sync_at", value="2026-11-25T00:00:00+00:00"))
        session.add(SyncState(key="last_sync_error", value=""))
    fax_id = received_fax(database)
    read_fax_notices(
        database,
        fax_id,
        [PAGE],
        code_reader(faxed(sample_payload(3, version=2), sign=HUB)),
        hub_public_key=HUB.public_key_text(),
    )
    assert same_row(hub, stored(database, hub.receipt_number))
    assert evidence_of_fax(database, fax_id)[0].awaiting


def test_every_faxed_copy_is_audited_and_keeps_its_payload(database) -> None:
    hub_copy(database)
    forged = sample_payload(3, version=7)
    fax_id, _ = receive(database, faxed(forged))
    with database.session() as session:
        evidence = session.scalars(select(FaxEvidence)).one()
        assert json.loads(evidence.payload)["version"] == 7
        assert evidence.received_fax_id == fax_id and evidence.pages == "1"
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "fax_evidence")).one()
        assert entry.target == "T00000003" and "awaiting" in entry.detail


def test_a_code_split_over_two_pages_is_one_faxed_copy(database) -> None:
    remarks = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(300))
    long = sample_payload(3, version=2, remarks=remarks)
    parts = payload_code_parts(long, part_capacity=200)
    assert len(parts) >= 3
    halves = [parts[:2], parts[2:]]

    def read(_bitmap, resolution):
        return reading_from_parts([parse_code_part(p) for p in halves.pop(0)], (), resolution)

    hub = hub_copy(database)
    fax_id = received_fax(database)
    reading = read_fax_notices(database, fax_id, [PAGE, PAGE], read, reachable=lambda: True)
    assert reading.problems == ()
    [view] = evidence_of_fax(database, fax_id)
    assert view.pages == (1, 2) and view.faxed.remarks == remarks
    assert view.awaiting and same_row(hub, stored(database, hub.receipt_number))
