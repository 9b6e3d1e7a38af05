"""Documents from the store: the notice sheet, the daily lists, the CSV export.

Here the store meets ``printing`` and ``desktop.csv_export``: this module
picks the notices, records who printed or exported what in the audit log,
and hands plain data to the pure document functions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime

from sqlalchemy import select

from desktop import audit
from desktop.authority import NotAllowed, Use, release, require
from desktop.csv_export import ExportResult, ListEntry, export_csv
from desktop.domain.fields import changes_between
from desktop.domain.notice import notice_from_payload
from desktop.domain.workflow import Status
from desktop.service import Actor, NoticeNotFound, version_notice
from desktop.settings import Settings
from desktop.store.database import Database
from desktop.store.models import Decision, NoticeRecord, Staff
from printing import (
    DecisionInfo,
    ListTitle,
    PrintResult,
    SheetData,
    render_daily_list,
    render_notice_sheets,
)

# A crew's list leaves out what will not happen.
LISTED_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.ACCEPTED)


# Kept for callers that catch the refusal of an export by this name.
ExportRefused = NotAllowed


def printer_label(database: Database, user_id: str) -> str:
    """Who printed, as the page says it: 氏名 and login ID, 「佐藤 一郎（sato）」.

    Someone not in the staff table (a scheduled job run under a Windows
    account) is printed by ID alone.
    """
    with database.session() as session:
        name = session.scalar(select(Staff.display_name).where(Staff.user_id == user_id))
    name = (name or "").strip()
    if not name or name == user_id:
        return user_id
    return f"{name}（{user_id}）" if user_id else name


def list_entries(
    database: Database, kind: str, first: date, last: date | None = None
) -> list[ListEntry]:
    last = last or first
    with database.session() as session:
        rows = session.execute(
            select(NoticeRecord.payload, NoticeRecord.status, NoticeRecord.assignee).where(
                NoticeRecord.kind == kind,
                NoticeRecord.move_date.between(first, last),
                NoticeRecord.status.in_(LISTED_STATUSES),
            )
        ).all()
    return [
        ListEntry(notice_from_payload(json.loads(payload)), status, assignee or "")
        for payload, status, assignee in rows
    ]


def daily_list(
    database: Database,
    settings: Settings,
    kind: str,
    first: date,
    last: date | None = None,
    *,
    printed_by: str,
    group_by: str | None = None,
) -> PrintResult:
    entries = list_entries(database, kind, first, last)
    title = ListTitle(
        bureau_name=settings.get("bureau_name"),
        kind=kind,
        first_date=first,
        last_date=last,
        printed_by=printer_label(database, printed_by),
        printed_at=datetime.now(UTC),
        date_style=settings.get("date_style"),
        group_by=group_by,
    )
    result = render_daily_list(entries, title)
    span = first.isoformat() + (f"..{last.isoformat()}" if last and last != first else "")
    with database.session() as session:
        audit.record(session, printed_by, "print_list", f"{kind} {span}", f"{len(entries)} notices")
    return result


def notice_sheets(
    database: Database,
    settings: Settings,
    receipts: Sequence[str],
    *,
    printed_by: str,
) -> PrintResult:
    """One sheet per notice, with its latest decision and the last change."""
    sheets = []
    now = datetime.now(UTC)
    printer = printer_label(database, printed_by)
    with database.session() as session:
        for receipt in receipts:
            row = session.scalars(
                select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
            ).first()
            if row is None:
                raise NoticeNotFound(receipt)
            notice = notice_from_payload(json.loads(row.payload))
            previous = (
                version_notice(session, row.id, notice.version - 1) if notice.version > 1 else None
            )
            last = session.scalars(
                select(Decision)
                .where(Decision.notice_id == row.id, Decision.decision.in_(("accept", "reject")))
                .where(Decision.outbox_state.not_in(("withdrawn",)))
                .order_by(Decision.id.desc())
                .limit(1)
            ).first()
            decided = row.status in (Status.ACCEPTED, Status.REJECTED) and last is not None
            sheets.append(
                SheetData(
                    notice=notice,
                    status=row.status,
                    assignee=row.assignee or "",
                    decision=DecisionInfo(
                        decision=last.decision,
                        staff=last.staff,
                        decided_at=last.decided_at,
                        reason_code=last.reason_code,
                        reason_text=last.reason_text or "",
                        customer_number=last.customer_number or row.customer_number,
                        version=last.version,
                    )
                    if decided and last
                    else None,
                    changes=changes_between(previous, notice) if previous else (),
                    bureau_name=settings.get("bureau_name"),
                    bureau_fax_number=settings.get("bureau_fax_number"),
                    previous_version=previous.version if previous else None,
                    printed_at=now,
                    printed_by=printer,
                )
            )
            audit.record(session, printed_by, "print_notice", receipt)
    return render_notice_sheets(sheets, date_style=settings.get("date_style"))


def export_list_csv(
    database: Database,
    kind: str,
    first: date,
    last: date | None,
    *,
    encoding: str,
    actor: Actor,
    destination: str,
    replacement: str | None = None,
) -> ExportResult:
    """The list as CSV for ``destination``; refused unless ``actor`` may export, always audited."""
    require(actor, Use.EXPORT_CSV)
    entries = list_entries(database, kind, first, last)
    result = export_csv(entries, encoding, replacement, kind_code=kind)
    span = first.isoformat() + (f"..{last.isoformat()}" if last and last != first else "")
    detail = f"{len(entries)} rows, {encoding}"
    if result.unencodable:
        detail += f", {len(result.unencodable)} characters replaced by {replacement!r}"
    release(database, actor, Use.EXPORT_CSV, f"{kind} {span}", destination, detail)
    return result
