"""Received faxes kept for the whole office.

The seat whose modem takes a call keeps the pages twice: as a TIFF-F file
in its own data folder (with any page that could not be decoded, as it
came), and as the same TIFF-F in the database, so that every other seat's
inbox shows the pages without reaching into that PC's folder.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from desktop import audit
from desktop.store.database import Database
from fax.modem.results import ReceiveResult
from fax.received import failed_page_text, keep_failed_pages, write_pages
from fax.store_models import ReceivedFax, ReceivedFaxImage

log = logging.getLogger(__name__)

# Called with a page's bitmap and its resolution (fax.notice_code.read_notice_from_page).
NoticeReader = Callable[[np.ndarray, str], Any]


def store_received(
    database: Database,
    fax_dir: Path,
    result: ReceiveResult,
    notice_reader: NoticeReader | None,
    moment: datetime,
    seat: str = "",
) -> int | None:
    """Keep a received fax as TIFF-F and a row: whole, partial, or only pages that
    could not be decoded (their data is kept as it came, and the row says which
    pages they were). None if nothing arrived."""
    if not result.pages and not result.failed_pages:
        if result.rejected_pages or result.errors:
            log.warning("a fax call brought no page: %s", result.hangup.message())
        return None
    stem = f"received-{moment.astimezone(UTC).strftime('%Y%m%d-%H%M%S-%f')}"
    target = write_pages(fax_dir, result, stem)
    failed = keep_failed_pages(fax_dir, result, stem)
    errors = list(result.errors)
    if result.partial:
        errors.append(result.hangup.message())
    errors += [
        f"page {i}: {p.verdict}, {p.bad_lines} bad lines"
        for i, p in enumerate(result.pages, 1)
        if not p.complete or p.bad_lines
    ]
    errors += [failed_page_text(entry) for entry in failed]
    receipt, notice_error = read_notice(notice_reader, result)
    unreadable = [entry["page"] for entry in failed if not entry["superseded"]]
    with database.session() as session:
        row = ReceivedFax(
            received_at=moment,
            remote_id=result.remote_id[:40],
            file_path=str(target) if target else "",
            page_count=len(result.pages),
            pages_with_errors=sum(1 for p in result.pages if p.bad_lines or not p.complete)
            + len(unreadable),
            rejected_pages=result.rejected_pages,
            partial=result.partial,
            errors="\n".join(errors),
            hangup_code=result.hangup.code,
            notice_receipt_number=receipt,
            notice_error=notice_error,
            failed_pages=json.dumps(failed, ensure_ascii=False) if failed else "",
            received_by=seat[:100],
        )
        session.add(row)
        session.flush()
        if target is not None:
            session.add(ReceivedFaxImage(fax_id=row.id, tiff=target.read_bytes()))
        unread = f"; page {','.join(map(str, unreadable))} unreadable" if unreadable else ""
        audit.record(
            session,
            "system",
            "fax_receive",
            f"received_fax:{row.id}",
            f"from {result.remote_id}, {len(result.pages)} pages"
            f"{' (partial)' if result.partial else ''}{unread}",
        )
        return row.id


def read_notice(
    notice_reader: NoticeReader | None, result: ReceiveResult
) -> tuple[str | None, str]:
    """The receipt number the first page with a notice code names, and what did not read."""
    if notice_reader is None:
        return None, ""
    problems = []
    for number, page in enumerate(result.pages, 1):
        try:
            found = notice_reader(page.bitmap, page.resolution)
        except Exception as error:  # another module's reader must not lose the fax
            problems.append(f"page {number}: {error}")
            continue
        if found:
            receipt = (
                found if isinstance(found, str) else getattr(found, "receipt_number", str(found))
            )
            return str(receipt)[:40], "\n".join(problems)
    return None, "\n".join(problems)
