"""Turning validated notices into rows, one at a time or a page at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain.calendar import due_date
from desktop.domain.notice import Notice, notice_to_payload
from desktop.domain.text import fold_for_search
from desktop.domain.workflow import Action, Status, can
from desktop.store.database import insert_ignoring_duplicates
from desktop.store.models import Decision, NoticeRecord, NoticeVersion, QuarantinedPayload
from desktop.store.sort_keys import address_sort_key

QUARANTINE_KEEP_CHARS = 65_536


@dataclass(frozen=True, slots=True)
class OlderVersion:
    receipt_number: str
    version: int
    stored_version: int


@dataclass
class IngestResult:
    new: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    # Same receipt number and version as stored, but different content.
    conflicting: list[Notice] = field(default_factory=list)
    # Older than what is stored; left as stored.
    older: list[OlderVersion] = field(default_factory=list)
    # Stored anew without a change of status (a cancellation already known here).
    refreshed: list[int] = field(default_factory=list)

    @property
    def touched(self) -> set[int]:
        return {*self.new, *self.changed, *self.cancelled, *self.refreshed}


def payload_json(notice: Notice) -> str:
    return json.dumps(notice_to_payload(notice), ensure_ascii=False, separators=(",", ":"))


def _columns(notice: Notice, payload: str, lead_business_days: int) -> dict[str, Any]:
    address = notice.service_address
    return {
        "version": notice.version,
        "kind": notice.kind,
        "hub_state": notice.hub_state,
        "submitted_at": notice.submitted_at,
        "move_date": notice.move_date,
        "due_date": due_date(notice.submitted_date_jst, notice.move_date, lead_business_days),
        "customer_number": notice.customer_number,
        "postal_code": address.postal_code,
        "address": address.address,
        "building": address.building,
        "name": notice.name,
        "kana": notice.kana,
        "phone": notice.phone,
        "name_key": fold_for_search(notice.name)[:100],
        "kana_key": fold_for_search(notice.kana)[:200],
        "address_key": fold_for_search(f"{address.address}{address.building}")[:500],
        "address_sort": address_sort_key(address.address, address.building),
        "payload": payload,
    }


def quarantine(session: Session, raw: Any, reason: str, receipt_number: str | None = None) -> None:
    """Keep a payload we could not accept, with why, for a person to look at."""
    try:
        text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=True, default=repr)
    except (TypeError, ValueError):
        text = repr(raw)
    except RecursionError:
        text = "(nested too deeply to keep)"
    if receipt_number is None and isinstance(raw, dict):
        candidate = raw.get("receipt_number")
        receipt_number = candidate[:80] if isinstance(candidate, str) else None
    session.add(
        QuarantinedPayload(
            received_at=datetime.now(UTC),
            receipt_number=_storable(receipt_number)[:80] if receipt_number else None,
            reason=_storable(reason),
            payload=_storable(text[:QUARANTINE_KEEP_CHARS]),
            payload_size=len(text),
        )
    )


_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _storable(text: str) -> str:
    """Text any database keeps: lone surrogates and control characters spelled out."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSTORABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _known_rows(session: Session, receipts: list[str]) -> dict[str, Any]:
    """The stored rows for these receipts, locked in receipt order.

    One lock order for every seat: two seats storing overlapping pages wait
    for each other instead of deadlocking.
    """
    return {
        row.receipt_number: row
        for row in session.execute(
            select(
                NoticeRecord.id,
                NoticeRecord.receipt_number,
                NoticeRecord.version,
                NoticeRecord.status,
                NoticeRecord.hub_state,
                NoticeRecord.payload,
            )
            .where(NoticeRecord.receipt_number.in_(receipts))
            .order_by(NoticeRecord.receipt_number)
            .with_for_update()
        )
    }


def _with_pending_decision(session: Session, notice_ids: list[int]) -> set[int]:
    if not notice_ids:
        return set()
    return set(
        session.scalars(
            select(Decision.notice_id).where(
                Decision.notice_id.in_(notice_ids), Decision.outbox_state == "pending"
            )
        )
    )


def store_notices(
    session: Session,
    notices: Iterable[Notice],
    *,
    source: str = "hub",
    lead_business_days: int = 1,
) -> IngestResult:
    """Insert new notices and apply newer versions of known ones, in bulk.

    Safe under any interleaving of seats storing the same notices: a notice
    another seat inserted meanwhile is updated instead, and no version ever
    replaces a newer one (the UPDATE itself checks). The caller owns the
    transaction. Notices must have distinct receipt numbers (the sync engine
    settles duplicates first).
    """
    result = IngestResult()
    incoming = {n.receipt_number: n for n in notices}
    if not incoming:
        return result
    now = datetime.now(UTC)
    receipts = sorted(incoming)
    known = _known_rows(session, receipts)

    fresh = [incoming[r] for r in receipts if r not in known]
    if fresh:
        payloads = {n.receipt_number: payload_json(n) for n in fresh}
        rows = [
            {
                **_columns(n, payloads[n.receipt_number], lead_business_days),
                "receipt_number": n.receipt_number,
                "status": Status.CANCELLED if n.hub_state == "cancelled" else Status.NEW,
                "source": source,
                "needs_review": False,
                "received_at": now,
                "updated_at": now,
            }
            for n in fresh
        ]
        # Through the session's connection, past the ORM's bulk bookkeeping;
        # RETURNING in any order (each row names its receipt) stays batched.
        connection = session.connection()
        table = NoticeRecord.__table__
        inserted = dict(
            connection.execute(
                insert_ignoring_duplicates(session, table, ["receipt_number"]).returning(
                    table.c.receipt_number, table.c.id
                ),
                rows,
            ).all()
        )
        if inserted:
            connection.execute(
                insert_ignoring_duplicates(
                    session, NoticeVersion.__table__, ["notice_id", "version"]
                ),
                [
                    {
                        "notice_id": inserted[n.receipt_number],
                        "version": n.version,
                        "payload": payloads[n.receipt_number],
                        "received_at": now,
                    }
                    for n in fresh
                    if n.receipt_number in inserted
                ],
            )
        result.new.extend(inserted[n.receipt_number] for n in fresh if n.receipt_number in inserted)
        stored_meanwhile = [n.receipt_number for n in fresh if n.receipt_number not in inserted]
        if stored_meanwhile:
            known.update(_known_rows(session, stored_meanwhile))

    pending = _with_pending_decision(
        session,
        [
            row.id
            for receipt, row in known.items()
            if incoming[receipt].hub_state == "cancelled" and row.status == Status.ACCEPTED
        ],
    )
    for receipt in receipts:
        row = known.get(receipt)
        if row is None:
            continue
        notice = incoming[receipt]
        if notice.version < row.version:
            result.older.append(OlderVersion(receipt, notice.version, row.version))
            continue
        newer = notice.version > row.version
        cancelled_now = notice.hub_state == "cancelled" and row.hub_state != "cancelled"
        if not newer and not cancelled_now:
            if row.payload != payload_json(replace(notice, hub_state=row.hub_state)):
                result.conflicting.append(notice)
            else:
                result.unchanged += 1
            continue
        changes: dict[str, Any] = {"updated_at": now}
        if newer:
            payload = payload_json(notice)
            changes.update(_columns(notice, payload, lead_business_days))
            session.execute(
                insert_ignoring_duplicates(
                    session, NoticeVersion.__table__, ["notice_id", "version"]
                ).values(notice_id=row.id, version=notice.version, payload=payload, received_at=now)
            )
        else:
            changes["hub_state"] = "cancelled"
        if notice.hub_state == "cancelled":
            if row.status == Status.CANCELLED:
                # Cancelled here already: the hub answered 410 to our decision.
                result.refreshed.append(row.id)
            elif can(row.status, Action.CANCEL) or row.id in pending:
                # An acceptance still waiting in the outbox never reached the
                # hub: the resident's cancellation stands, and the decision
                # will hear 410 when it is sent.
                changes["status"] = Status.CANCELLED
                changes["needs_review"] = False
                result.cancelled.append(row.id)
            else:
                result.problems.append(
                    f"{receipt}: the hub cancelled a notice that is already {row.status}"
                )
                result.changed.append(row.id)
        else:
            if row.status == Status.REJECTED:
                # The resident corrected a rejected notice: it needs a new decision.
                changes["status"] = Status.NEW
            if row.status in (Status.IN_PROGRESS, Status.REJECTED, Status.ACCEPTED):
                changes["needs_review"] = True
            result.changed.append(row.id)
        guard = (
            NoticeRecord.version < notice.version
            if newer
            else NoticeRecord.version <= notice.version
        )
        session.execute(
            update(NoticeRecord).where(NoticeRecord.id == row.id, guard).values(**changes)
        )
    return result
