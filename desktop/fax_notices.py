"""Notices that arrive by fax: read from a page's notice code, or typed by a clerk.

Either way the notice passes ``notice_from_payload`` and enters the store
through ``store_notices(source="fax")``, so a faxed copy of a hub notice
meets the hub's copy under the same receipt number. The received fax then
names the notices it produced (``ReceivedFax.notice_receipt_number``, comma
separated: receipt numbers never contain a comma).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from desktop import audit
from desktop.domain.notice import JST, Notice, notice_from_payload
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.store.database import Database
from desktop.store.ingest import store_notices
from desktop.store.models import NoticeRecord
from fax.store_models import ReceivedFax

log = logging.getLogger(__name__)


class ReceivedFaxMissing(UserError, LookupError):
    """The received fax is gone (purged, or removed at another counter)."""

    def __init__(self, fax_id: int) -> None:
        super().__init__(
            "received_fax_missing",
            QT_TRANSLATE_NOOP("CoreMessages", "受信ファクス {fax} はもうありません"),
            fax=fax_id,
        )


class NoFreeFaxReceipt(UserError, RuntimeError):
    """Every generated FAX receipt number was taken by another counter meanwhile."""


NoticeReader = Callable[[np.ndarray, str], Any]
RECEIPTS_COLUMN = 40
FAX_RECEIPT_PREFIX = "FAX-"


def default_notice_reader() -> NoticeReader:
    """The notice-code reader, loaded with the first page it reads.

    zxing-cpp and the page format are not needed to start the program, only
    to read a fax.
    """

    def read(bitmap: np.ndarray, resolution: str) -> Any:
        from fax.notice_code import read_notice_from_page

        return read_notice_from_page(bitmap, resolution)

    return read


def fax_receipts(column: str | None) -> tuple[str, ...]:
    return tuple(part for part in (column or "").split(",") if part)


def _joined(receipts: Sequence[str]) -> str:
    """As many receipt numbers as the column holds; the rest are in the audit log."""
    kept: list[str] = []
    for receipt in receipts:
        candidate = ",".join([*kept, receipt])
        if len(candidate) > RECEIPTS_COLUMN:
            break
        kept.append(receipt)
    return ",".join(kept)


def _notice_of(reading: Any) -> tuple[Notice | None, str]:
    """The notice a reader found, or why there is none (readers may return either)."""
    if isinstance(reading, Notice):
        return reading, ""
    notice = getattr(reading, "notice", None)
    if isinstance(notice, Notice):
        return notice, ""
    for name in ("error", "problem", "problems", "message"):
        why = getattr(reading, name, None)
        if why:
            return None, "; ".join(why) if isinstance(why, list | tuple) else str(why)
    return None, "the code holds no notice"


@dataclass(frozen=True)
class FaxNoticeReading:
    receipts: tuple[str, ...] = ()
    notice_ids: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()


def _ids_of(session: Session, receipts: Sequence[str]) -> tuple[int, ...]:
    if not receipts:
        return ()
    rows = session.execute(
        select(NoticeRecord.receipt_number, NoticeRecord.id).where(
            NoticeRecord.receipt_number.in_(list(receipts))
        )
    ).all()
    by_receipt = dict(rows)
    return tuple(by_receipt[r] for r in receipts if r in by_receipt)


def _mark_fax(
    session: Session, fax_id: int, receipts: Sequence[str], problems: Sequence[str]
) -> None:
    row = session.get(ReceivedFax, fax_id)
    if row is None:
        return
    known = list(fax_receipts(row.notice_receipt_number))
    known += [r for r in receipts if r not in known]
    row.notice_receipt_number = _joined(known) or None
    if problems:
        row.notice_error = "\n".join(p for p in (row.notice_error, *problems) if p)


def read_fax_notices(
    database: Database,
    fax_id: int,
    pages: Sequence[tuple[np.ndarray, str]],
    reader: NoticeReader | None,
    *,
    lead_business_days: int = 1,
) -> FaxNoticeReading:
    """Read every page's notice code; store what was read; mark the fax. Never raises."""
    if reader is None:
        return FaxNoticeReading()
    found: dict[str, Notice] = {}
    problems: list[str] = []
    for number, (bitmap, resolution) in enumerate(pages, 1):
        try:
            reading = reader(bitmap, resolution)
        except Exception as error:  # a reader's failure must not cost the fax
            problems.append(f"page {number}: {error}")
            continue
        if reading is None:
            continue
        notice, why = _notice_of(reading)
        if notice is None:
            problems.append(f"page {number}: {why}")
        elif notice.receipt_number not in found or found[notice.receipt_number].version < (
            notice.version
        ):
            found[notice.receipt_number] = notice
    if not found and not problems:
        return FaxNoticeReading()
    receipts = list(found)
    try:
        with database.session() as session:
            result = store_notices(
                session,
                list(found.values()),
                source="fax",
                lead_business_days=lead_business_days,
            )
            problems += result.problems
            problems += [
                f"{n.receipt_number}: the faxed copy differs from the stored version {n.version}"
                for n in result.conflicting
            ]
            ids = _ids_of(session, receipts)
            _mark_fax(session, fax_id, receipts, problems)
            audit.record(
                session, "system", "fax_notice", f"received_fax:{fax_id}", ", ".join(receipts)
            )
    except SQLAlchemyError as error:
        log.exception("notices read from fax %s could not be stored", fax_id)
        problems.append(f"the notices could not be stored: {error}")
        with database.session() as session:
            _mark_fax(session, fax_id, (), problems)
        return FaxNoticeReading((), (), tuple(problems))
    return FaxNoticeReading(tuple(receipts), ids, tuple(problems))


# -- a clerk's transcription -------------------------------------------------------------


@dataclass(frozen=True)
class MadeNotice:
    receipt_number: str
    notice_id: int
    # The receipt number was already in the store (the hub's copy): the fax
    # was linked to it and the typed copy was not stored.
    existing: bool


def next_fax_receipt(session: Session, day: date) -> str:
    """``FAX-YYYYMMDD-NNN``: the next free number of that day."""
    prefix = f"{FAX_RECEIPT_PREFIX}{day:%Y%m%d}-"
    taken = session.scalars(
        select(NoticeRecord.receipt_number).where(NoticeRecord.receipt_number.like(prefix + "%"))
    ).all()
    numbers = [int(r[len(prefix) :]) for r in taken if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _text(values: Mapping[str, Any], key: str) -> str | None:
    value = values.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def form_payload(values: Mapping[str, Any], receipt: str) -> dict[str, Any]:
    """The hub payload for what a clerk typed; ``notice_from_payload`` judges it."""
    submitted = values.get("submitted_at")
    move_date = values.get("move_date")
    forwarding = _text(values, "forwarding_address")
    filer = _text(values, "filer_name")
    corporate_name = _text(values, "corporate_name")
    return {
        "receipt_number": receipt,
        "version": 1,
        "kind": values.get("kind") or "move_in",
        "hub_state": "submitted",
        "submitted_at": submitted.isoformat() if isinstance(submitted, datetime) else submitted,
        "move_date": move_date.isoformat() if isinstance(move_date, date) else move_date,
        "customer_number": _text(values, "customer_number"),
        "service_address": {
            "postal_code": _text(values, "postal_code"),
            "address": _text(values, "address"),
            "building": _text(values, "building") or "",
        },
        "user": {
            "name": _text(values, "name"),
            "kana": _text(values, "kana"),
            "corporate": bool(corporate_name),
            "corporate_name": corporate_name,
        },
        "contact": {"phone": _text(values, "phone"), "email": _text(values, "email")},
        "presence": {
            "required": bool(values.get("presence_required")),
            "preferred_time": _text(values, "presence_time"),
        },
        "payment_method": _text(values, "payment_method"),
        "settlement_method": _text(values, "settlement_method"),
        "forwarding_address": {
            "postal_code": _text(values, "forwarding_postal_code"),
            "address": forwarding,
            "building": "",
        }
        if forwarding
        else None,
        "filer": {
            "name": filer,
            "phone": _text(values, "filer_phone") or "",
            "relation": _text(values, "filer_relation") or "",
        }
        if filer
        else None,
        "remarks": _text(values, "remarks"),
    }


def make_notice_from_fax(
    database: Database,
    fax_id: int,
    values: Mapping[str, Any],
    *,
    staff: str,
    lead_business_days: int = 1,
    today: date | None = None,
) -> MadeNotice:
    """Store the notice a clerk typed beside fax ``fax_id``; ``InvalidNotice`` says what is wrong.

    Without a receipt number one is made up (``FAX-YYYYMMDD-NNN``).
    """
    typed = _text(values, "receipt_number")
    day = today or datetime.now(JST).date()
    # Validate before touching the store, with a stand-in number when one is to be made.
    notice_from_payload(form_payload(values, typed or f"{FAX_RECEIPT_PREFIX}{day:%Y%m%d}-000"))
    for _attempt in range(5):
        try:
            with database.session() as session:
                if session.get(ReceivedFax, fax_id) is None:
                    raise ReceivedFaxMissing(fax_id)
                receipt = typed or next_fax_receipt(session, day)
                existing = _ids_of(session, [receipt])
                if not existing:
                    notice = notice_from_payload(form_payload(values, receipt))
                    result = store_notices(
                        session, [notice], source="fax", lead_business_days=lead_business_days
                    )
                    existing = tuple(result.new)
                    made = MadeNotice(receipt, existing[0], False)
                else:
                    made = MadeNotice(receipt, existing[0], True)
                _mark_fax(session, fax_id, [receipt], ())
                audit.record(
                    session,
                    staff,
                    "fax_transcribe",
                    receipt,
                    f"from received_fax:{fax_id}" + (" (linked)" if made.existing else ""),
                )
                return made
        except IntegrityError:
            if typed:
                raise
            # Another counter took the same generated number a moment ago.
            continue
    raise NoFreeFaxReceipt(
        "fax_receipt_exhausted",
        QT_TRANSLATE_NOOP(
            "CoreMessages", "ファクスの受付番号を取れませんでした。もう一度試してください"
        ),
    )
