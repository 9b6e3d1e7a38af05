"""What the fax window reads about received faxes, and their pages as pictures.

Pages are decoded from the stored TIFF-F each time they are shown; a
bureau's inbox is small enough for that. The database holds the TIFF-F for
every seat; a fax received before it did is read from the file in the data
folder of the seat that took it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop import audit
from desktop.fax_notices import ReceivedFaxMissing, fax_receipts
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.store.database import Database
from desktop.store.leases import seat_pc
from fax.store_models import ReceivedFax, ReceivedFaxImage

INBOX_LIMIT = 1000


@dataclass(frozen=True)
class InboxRow:
    id: int
    received_at: datetime
    remote_id: str
    page_count: int
    partial: bool
    pages_with_errors: int
    errors: str
    receipts: tuple[str, ...]  # the notices this fax produced
    notice_error: str
    file_path: str
    # Pages that arrived but could not be decoded (their data is kept raw).
    unreadable_pages: tuple[int, ...] = ()
    received_by: str = ""  # the seat whose modem took the call
    handled_by: str = ""  # the clerk who last filed a notice from it
    handled_at: datetime | None = None

    @property
    def open(self) -> bool:
        """Still waiting for a clerk: no notice came of it yet."""
        return not self.receipts


def unreadable_pages(failed_pages: str) -> tuple[int, ...]:
    """Page numbers of ``ReceivedFax.failed_pages`` that no readable copy replaced."""
    try:
        entries = json.loads(failed_pages) if failed_pages else []
    except ValueError:
        return ()
    return tuple(
        int(entry["page"])
        for entry in entries
        if isinstance(entry, dict) and "page" in entry and not entry.get("superseded")
    )


def _row(fax: ReceivedFax) -> InboxRow:
    return InboxRow(
        id=fax.id,
        received_at=fax.received_at,
        remote_id=fax.remote_id,
        page_count=fax.page_count,
        partial=fax.partial,
        pages_with_errors=fax.pages_with_errors,
        errors=fax.errors,
        receipts=fax_receipts(fax.notice_receipt_number),
        notice_error=fax.notice_error,
        file_path=fax.file_path,
        unreadable_pages=unreadable_pages(fax.failed_pages),
        received_by=fax.received_by,
        handled_by=fax.handled_by,
        handled_at=fax.handled_at,
    )


def inbox(
    database: Database, *, only_open: bool = False, limit: int = INBOX_LIMIT
) -> list[InboxRow]:
    """Received faxes, newest first."""
    query = select(ReceivedFax).order_by(ReceivedFax.received_at.desc(), ReceivedFax.id.desc())
    if only_open:
        query = query.where(ReceivedFax.notice_receipt_number.is_(None))
    with database.session() as session:
        return [_row(fax) for fax in session.scalars(query.limit(limit))]


def inbox_row(database: Database, fax_id: int) -> InboxRow | None:
    with database.session() as session:
        fax = session.get(ReceivedFax, fax_id)
        return _row(fax) if fax is not None else None


class PagesOnOtherSeat(UserError, FileNotFoundError):
    """A fax received before the office kept pages in the database, on another PC."""

    def __init__(self, fax_id: int, seat: str) -> None:
        super().__init__(
            "received_fax_elsewhere",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "受信ファクス {fax} の画像は、受信した席（{seat}）のPCにだけあります",
            ),
            fax=fax_id,
            seat=seat_pc(seat) or "?",
        )


def _pages(database: Database, fax_id: int) -> list:  # type: ignore[type-arg]
    from fax.tiff import read_tiff

    with database.session() as session:
        fax = session.get(ReceivedFax, fax_id)
        if fax is None:
            raise ReceivedFaxMissing(fax_id)
        stored = session.scalar(
            select(ReceivedFaxImage.tiff).where(ReceivedFaxImage.fax_id == fax_id)
        )
        file_path, seat = fax.file_path, fax.received_by
    if stored is not None:
        return read_tiff(stored)
    if not file_path:
        return []  # only pages that could not be decoded came
    try:
        return read_tiff(Path(file_path))
    except FileNotFoundError as error:
        raise PagesOnOtherSeat(fax_id, seat) from error


def page_pngs(database: Database, fax_id: int, *, staff: str | None = None) -> list[bytes]:
    """Every page as PNG (standard pages stretched to look right); viewing is audited."""
    from fax.pages import page_png

    pngs = [page_png(page.bitmap, page.resolution) for page in _pages(database, fax_id)]
    if staff:
        with database.session() as session:
            audit.record(session, staff, "fax_view", f"received_fax:{fax_id}")
    return pngs


def thumbnail_png(database: Database, fax_id: int, width: int = 96) -> bytes:
    """The first page, small, in grey (averaging keeps the text's shape at this size)."""
    from PIL import Image

    from fax.pages import page_image

    pages = _pages(database, fax_id)
    if not pages:
        return b""
    image = page_image(pages[0].bitmap, pages[0].resolution).convert("L")
    height = max(1, round(image.height * width / image.width))
    small = image.resize((width, height), Image.Resampling.BOX)
    out = io.BytesIO()
    small.save(out, format="PNG")
    return out.getvalue()
