"""What the fax window reads and does about outgoing faxes, and the address book.

Documents are turned into TIFF-F here (PDF pages rasterised at fax
resolution) before they are queued, so the worker only ever sends.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from desktop import audit
from desktop.fax_settings import setting_value
from desktop.settings import Settings
from desktop.store.database import Database
from fax.store_models import FaxJob

OUTBOX_LIMIT = 500


@dataclass(frozen=True)
class OutboxRow:
    id: int
    number: str
    subject: str
    state: str
    page_count: int
    pages_sent: int
    attempts: int
    created_at: datetime
    created_by: str
    next_attempt_at: datetime | None
    finished_at: datetime | None
    last_error: str

    @property
    def can_cancel(self) -> bool:
        return self.state in ("queued", "sending")

    @property
    def can_retry(self) -> bool:
        return self.state in ("failed", "cancelled") or (
            self.state == "queued" and self.attempts > 0
        )


def _row(job: FaxJob) -> OutboxRow:
    return OutboxRow(
        id=job.id,
        number=job.number,
        subject=job.subject,
        state=job.state,
        page_count=job.page_count,
        pages_sent=sum(1 for page in job.pages if page.state == "sent"),
        attempts=job.attempts,
        created_at=job.created_at,
        created_by=job.created_by,
        next_attempt_at=job.next_attempt_at,
        finished_at=job.finished_at,
        last_error=job.last_error,
    )


def outbox(database: Database, limit: int = OUTBOX_LIMIT) -> list[OutboxRow]:
    """Outgoing faxes, newest first."""
    with database.session() as session:
        jobs = session.scalars(select(FaxJob).order_by(FaxJob.id.desc()).limit(limit))
        return [_row(job) for job in jobs]


def outbox_row(database: Database, job_id: int) -> OutboxRow | None:
    with database.session() as session:
        job = session.get(FaxJob, job_id)
        return _row(job) if job is not None else None


def retry_job(database: Database, job_id: int, staff: str) -> bool:
    """Send a failed or cancelled job again (only its unconfirmed pages), or a waiting one now."""
    now = datetime.now(UTC)
    with database.session() as session:
        job = session.get(FaxJob, job_id)
        if job is None or job.state not in ("failed", "cancelled", "queued"):
            return False
        if job.state != "queued":
            # A fresh allowance of retries: the clerk has decided to try again.
            job.retry_counts = "{}"
            job.finished_at = None
        job.state = "queued"
        job.next_attempt_at = now
        job.updated_at = now
        audit.record(session, staff, "fax_retry", f"fax_job:{job_id}", "")
    return True


# -- documents ------------------------------------------------------------------------


def pdf_to_tiff(pdf: bytes | str | Path, resolution: str = "fine") -> bytes:
    """Fax pages of a PDF (or an image file) as a TIFF-F document for the queue."""
    from fax.jobs import empty_document, unreadable_document
    from fax.pages import file_pages, pdf_pages
    from fax.tiff import write_tiff

    try:
        pages = (
            pdf_pages(pdf, resolution)  # type: ignore[arg-type]
            if isinstance(pdf, bytes)
            else file_pages(pdf, resolution)  # type: ignore[arg-type]
        )
    except (OSError, ValueError, RuntimeError) as error:
        # A damaged or foreign file chosen by the clerk: pdfium and Pillow say
        # so in their own words, which a clerk cannot act on.
        name = "—" if isinstance(pdf, bytes) else Path(pdf).name
        raise unreadable_document(name) from error
    if not pages:
        raise empty_document()
    buffer = io.BytesIO()
    write_tiff(buffer, pages, compression="mh", resolution=resolution)  # type: ignore[arg-type]
    return buffer.getvalue()


def notice_sheets_document(
    database: Database,
    settings: Settings,
    receipts: Sequence[str],
    *,
    staff: str,
    resolution: str = "fine",
) -> bytes:
    from desktop import documents

    result = documents.notice_sheets(database, settings, list(receipts), printed_by=staff)
    return pdf_to_tiff(result.pdf, resolution)


def daily_list_document(
    database: Database,
    settings: Settings,
    kind: str,
    first: date,
    last: date | None = None,
    *,
    staff: str,
    resolution: str = "fine",
) -> bytes:
    from desktop import documents

    result = documents.daily_list(database, settings, kind, first, last, printed_by=staff)
    return pdf_to_tiff(result.pdf, resolution)


# -- the address book -------------------------------------------------------------------


@dataclass(frozen=True)
class AddressEntry:
    name: str
    number: str


def address_book(settings: Settings) -> list[AddressEntry]:
    """The saved numbers; a damaged entry is skipped rather than losing the rest."""
    try:
        raw = json.loads(setting_value(settings, "fax_address_book") or "[]")
    except ValueError:
        return []
    entries = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and str(item.get("number") or "").strip():
            entries.append(
                AddressEntry(str(item.get("name") or "").strip(), str(item["number"]).strip())
            )
    return entries


def address_book_text(entries: Sequence[AddressEntry]) -> str:
    """The address book as the ``fax_address_book`` setting holds it."""
    data = [{"name": e.name, "number": e.number} for e in entries if e.number.strip()]
    return json.dumps(data, ensure_ascii=False)
