"""Turning validated notices into rows, one at a time or a page at a time."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from desktop.domain.calendar import due_date
from desktop.domain.notice import Notice, notice_to_payload
from desktop.domain.text import fold_for_search
from desktop.domain.workflow import Action, Status, can, transition
from desktop.store.models import NoticeRecord, NoticeVersion, QuarantinedPayload
from desktop.store.sort_keys import address_sort_key

QUARANTINE_KEEP_CHARS = 65_536


@dataclass
class IngestResult:
    new: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    # Same receipt number and version as stored, but different content.
    conflicting: list[Notice] = field(default_factory=list)

    @property
    def touched(self) -> set[int]:
        return {*self.new, *self.changed, *self.cancelled}


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


def store_notices(
    session: Session,
    notices: Iterable[Notice],
    *,
    source: str = "hub",
    lead_business_days: int = 1,
) -> IngestResult:
    """Insert new notices and apply newer versions of known ones, in bulk.

    The caller owns the transaction. Notices must have distinct receipt
    numbers (the sync engine settles duplicates first).
    """
    result = IngestResult()
    incoming = {n.receipt_number: n for n in notices}
    if not incoming:
        return result
    now = datetime.now(UTC)
    known = {
        row.receipt_number: row
        for row in session.execute(
            select(
                NoticeRecord.id,
                NoticeRecord.receipt_number,
                NoticeRecord.version,
                NoticeRecord.status,
                NoticeRecord.hub_state,
                NoticeRecord.payload,
            ).where(NoticeRecord.receipt_number.in_(list(incoming)))
        )
    }

    fresh = [n for r, n in incoming.items() if r not in known]
    if fresh:
        payloads = [payload_json(n) for n in fresh]
        rows = [
            {
                **_columns(n, p, lead_business_days),
                "receipt_number": n.receipt_number,
                "status": Status.CANCELLED if n.hub_state == "cancelled" else Status.NEW,
                "source": source,
                "needs_review": False,
                "received_at": now,
                "updated_at": now,
            }
            for n, p in zip(fresh, payloads, strict=True)
        ]
        # A plain executemany and one look-up of the new ids: RETURNING in
        # parameter order costs SQLite one statement per row. The inserts go
        # through the session's connection, past the ORM's bulk bookkeeping.
        connection = session.connection()
        connection.execute(insert(NoticeRecord.__table__), rows)
        new_ids = dict(
            session.execute(
                select(NoticeRecord.receipt_number, NoticeRecord.id).where(
                    NoticeRecord.receipt_number.in_([n.receipt_number for n in fresh])
                )
            ).all()
        )
        ids = [new_ids[n.receipt_number] for n in fresh]
        connection.execute(
            insert(NoticeVersion.__table__),
            [
                {"notice_id": i, "version": n.version, "payload": p, "received_at": now}
                for i, n, p in zip(ids, fresh, payloads, strict=True)
            ],
        )
        result.new.extend(ids)

    for receipt, notice in incoming.items():
        row = known.get(receipt)
        if row is None:
            continue
        newer = notice.version > row.version
        cancelled_now = notice.hub_state == "cancelled" and row.hub_state != "cancelled"
        if not newer and not cancelled_now:
            if notice.version == row.version and row.payload != payload_json(
                replace(notice, hub_state=row.hub_state)
            ):
                result.conflicting.append(notice)
            else:
                result.unchanged += 1
            continue
        changes: dict[str, Any] = {"updated_at": now}
        if newer:
            payload = payload_json(notice)
            changes.update(_columns(notice, payload, lead_business_days))
            session.execute(
                insert(NoticeVersion).values(
                    notice_id=row.id, version=notice.version, payload=payload, received_at=now
                )
            )
        else:
            changes["hub_state"] = "cancelled"
        if notice.hub_state == "cancelled":
            if can(row.status, Action.CANCEL):
                changes["status"] = transition(row.status, Action.CANCEL)
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
        session.execute(update(NoticeRecord).where(NoticeRecord.id == row.id).values(**changes))
    return result
