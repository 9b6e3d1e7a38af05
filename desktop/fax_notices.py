"""Notices that arrive by fax: read from a page's notice code, or typed by a clerk.

A notice read off a page is evidence, not authority: it is filed beside the
stored copy by ``desktop.fax_evidence`` and changes nothing by itself (see
there for what a clerk confirms and when the hub's signature lets a copy
stand in). A notice a clerk types beside the image is the clerk's own act
and enters the store through ``store_notices(source="fax")``. Either way the
received fax then names the notices it is done with
(``ReceivedFax.notice_receipt_number``): a fax whose copy waits for a clerk
stays open in the inbox until the copy is confirmed or set aside.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from desktop import audit
from desktop.claims import clock_text, lock_for_write, staff_name
from desktop.domain.notice import JST, Notice, notice_from_payload
from desktop.fax_evidence import (
    EvidenceState,
    FaxedCopy,
    Filed,
    Sender,
    file_evidence,
    hub_reachable,
)
from desktop.fax_evidence import fax_receipts as fax_receipts  # the inbox reads it here
from desktop.fax_evidence import mark_fax as _mark_fax
from desktop.hub.signing import HubKeyError, load_public_key, verify
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.store.database import Database
from desktop.store.ingest import payload_json, store_notices
from desktop.store.models import NoticeRecord
from fax.store_models import ReceivedFax

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

log = logging.getLogger(__name__)


class ReceivedFaxMissing(UserError, LookupError):
    """The received fax is gone (purged, or removed at another counter)."""

    def __init__(self, fax_id: int) -> None:
        super().__init__(
            "received_fax_missing",
            QT_TRANSLATE_NOOP("CoreMessages", "受信ファクス {fax} はもうありません"),
            fax=fax_id,
        )


class FaxFiledElsewhere(UserError, RuntimeError):
    """Another clerk filed a notice from this fax while this one was typing."""

    def __init__(self, fax_id: int, staff: str, when: str, receipts: Sequence[str]) -> None:
        self.fax_id, self.staff, self.when, self.receipts = fax_id, staff, when, tuple(receipts)
        super().__init__(
            "fax_filed_elsewhere",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "受信ファクス {fax} からは {staff} が {when} に届出 {receipts} を登録しました。"
                "内容を確かめてから、必要なら入力し直してください",
            ),
            fax=fax_id,
            staff=staff,
            when=when,
            receipts=", ".join(receipts),
        )


class NoFreeFaxReceipt(UserError, RuntimeError):
    """Every generated FAX receipt number was taken by another counter meanwhile."""


NoticeReader = Callable[[np.ndarray, str], Any]
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


def _copy_of(reading: Any, page: int, hub_key: Ed25519PublicKey | None) -> FaxedCopy | str:
    """The faxed copy a reader found on page ``page``, or why there is none.

    Readers may return a ``Notice`` or a ``fax.notice_code.NoticeReading``;
    only the latter knows the code's format, signature and origin.
    """
    if isinstance(reading, Notice):
        return FaxedCopy(reading, (page,))
    notice = getattr(reading, "notice", None)
    if isinstance(notice, Notice) and not getattr(reading, "problems", ()):
        code = getattr(reading, "code", None)
        if code is None:
            return FaxedCopy(notice, (page,))
        origin = code.origin
        return FaxedCopy(
            notice,
            tuple(p + 1 for p in getattr(reading, "pages", ())) or (page,),
            code.marker,
            verify(hub_key, code.payload_text, code.signature),
            origin.name if origin else "",
            origin.fax_number if origin else "",
        )
    for name in ("error", "problem", "problems", "message"):
        why = getattr(reading, name, None)
        if why:
            return "; ".join(why) if isinstance(why, list | tuple) else str(why)
    return "the code holds no notice"


@dataclass(frozen=True)
class FaxNoticeReading:
    receipts: tuple[str, ...] = ()
    notice_ids: tuple[int, ...] = ()  # the local notices of those receipts, where there are
    problems: tuple[str, ...] = ()
    filed: tuple[Filed, ...] = ()

    @property
    def awaiting(self) -> tuple[Filed, ...]:
        """The faxed copies that wait for a clerk's confirmation."""
        return tuple(f for f in self.filed if f.state == EvidenceState.AWAITING)


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


def _on_page(reading: Any, page: int) -> Any:
    """A page reader's reading, told which page (0-based) it came from."""
    if not dataclasses.is_dataclass(reading) or not hasattr(reading, "spots") or reading.pages:
        return reading
    spots = tuple(dataclasses.replace(spot, page=page) for spot in reading.spots)
    return dataclasses.replace(reading, spots=spots, pages=(page,))


def _joined_codes(readings: list[Any]) -> list[Any]:
    """The parts of a notice code split over pages, joined into one reading."""
    split = [r for r in readings if getattr(r, "message_id", None) is not None and not r.complete]
    if not split:
        return readings
    from fax.notice_code import join_split_codes

    return join_split_codes(readings)


def _hub_key(text: str, problems: list[str]) -> Ed25519PublicKey | None:
    if not text.strip():
        return None
    try:
        return load_public_key(text)
    except HubKeyError as error:
        # Signed codes then count as unchecked: evidence, like unsigned ones.
        problems.append(f"the hub public key in the settings cannot be used: {error}")
        return None


def _merged(copies: Sequence[FaxedCopy]) -> list[FaxedCopy]:
    """One copy per distinct content; the pages it was found on joined."""
    by_content: dict[tuple[str, str, str], FaxedCopy] = {}
    for copy in copies:
        key = (copy.notice.receipt_number, payload_json(copy.notice), str(copy.signature))
        seen = by_content.get(key)
        if seen is None:
            by_content[key] = copy
        else:
            pages = tuple(sorted({*seen.pages, *copy.pages}))
            by_content[key] = replace(seen, pages=pages)
    return list(by_content.values())


def read_fax_notices(
    database: Database,
    fax_id: int,
    pages: Sequence[tuple[np.ndarray, str]],
    reader: NoticeReader | None,
    *,
    lead_business_days: int = 1,
    hub_public_key: str = "",
    reachable: Callable[[], bool] | None = None,
    caller: str = "",
) -> FaxNoticeReading:
    """Read every page's notice code; file what was read as evidence; mark the fax.

    ``reachable`` says whether the hub answers (default: the last sync's
    outcome in the store). Never raises.
    """
    if reader is None:
        return FaxNoticeReading()
    problems: list[str] = []
    hub_key = _hub_key(hub_public_key, problems)
    readings: list[Any] = []
    for number, (bitmap, resolution) in enumerate(pages, 1):
        try:
            reading = reader(bitmap, resolution)
        except Exception as error:  # a reader's failure must not cost the fax
            problems.append(f"page {number}: {error}")
            reading = None
        readings.append(_on_page(reading, number - 1))
    copies: list[FaxedCopy] = []
    seen: set[int] = set()
    for number, reading in enumerate(_joined_codes(readings), 1):
        if reading is None or id(reading) in seen:
            continue  # a code split over pages is one reading on each of them
        seen.add(id(reading))
        copy = _copy_of(reading, number, hub_key)
        if isinstance(copy, str):
            problems.append(f"page {number}: {copy}")
        else:
            copies.append(copy)
    if not copies and not problems:
        return FaxNoticeReading()
    copies = _merged(copies)
    receipts = list(dict.fromkeys(c.notice.receipt_number for c in copies))
    try:
        with database.session() as session:
            fax = session.get(ReceivedFax, fax_id)
            sender = Sender(fax.remote_id if fax else "", caller, fax.received_at if fax else None)
            hub_answers = reachable() if reachable is not None else hub_reachable(session)
            filed = file_evidence(
                session,
                fax_id,
                copies,
                sender,
                reachable=hub_answers,
                lead_business_days=lead_business_days,
            )
            ids = _ids_of(session, receipts)
            # A fax stays open in the inbox while a copy on it waits for a clerk.
            settled = [f.receipt_number for f in filed if f.state != EvidenceState.AWAITING]
            _mark_fax(session, fax_id, settled, problems)
    except SQLAlchemyError as error:
        log.exception("notices read from fax %s could not be stored", fax_id)
        problems.append(f"the notices could not be stored: {error}")
        with database.session() as session:
            _mark_fax(session, fax_id, (), problems)
        return FaxNoticeReading((), (), tuple(problems))
    return FaxNoticeReading(tuple(receipts), ids, tuple(problems), tuple(filed))


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
    seen_receipts: Sequence[str] | None = None,
) -> MadeNotice:
    """Store the notice a clerk typed beside fax ``fax_id``; ``InvalidNotice`` says what is wrong.

    Without a receipt number one is made up (``FAX-YYYYMMDD-NNN``).
    ``seen_receipts`` are the notices the fax had when the clerk began to type:
    if a clerk at another seat filed one from it meanwhile, ``FaxFiledElsewhere``
    says who and when instead of storing the same paper twice.
    """
    typed = _text(values, "receipt_number")
    day = today or datetime.now(JST).date()
    # Validate before touching the store, with a stand-in number when one is to be made.
    notice_from_payload(form_payload(values, typed or f"{FAX_RECEIPT_PREFIX}{day:%Y%m%d}-000"))
    for _attempt in range(5):
        try:
            with database.session() as session:
                lock_for_write(session)
                fax = session.scalar(
                    select(ReceivedFax).where(ReceivedFax.id == fax_id).with_for_update()
                )
                if fax is None:
                    raise ReceivedFaxMissing(fax_id)
                filed = fax_receipts(fax.notice_receipt_number)
                if seen_receipts is not None and set(filed) != set(seen_receipts):
                    raise FaxFiledElsewhere(
                        fax_id,
                        staff_name(session, fax.handled_by or "?"),
                        clock_text(fax.handled_at),
                        [r for r in filed if r not in seen_receipts],
                    )
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
                fax.handled_by, fax.handled_at = staff[:40], datetime.now(UTC)
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
