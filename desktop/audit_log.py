"""Reading the audit log: the supervisor's viewer and its CSV export.

Only supervisors read the log; exporting it is itself written to the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Select, func, select

from desktop import audit
from desktop.domain.accounts import StaffError, StaffMember
from desktop.domain.notice import JST
from desktop.staff_inventory import csv_bytes
from desktop.store.database import Database
from desktop.store.models import AuditEntry

VIEWER_LIMIT = 2000


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Empty fields match everything; dates are the bureau's (JST) calendar days, inclusive."""

    staff: str = ""
    action: str = ""
    target: str = ""
    first_day: date | None = None
    last_day: date | None = None

    def describe(self) -> str:
        parts = [
            f"{name}={value}"
            for name, value in (
                ("staff", self.staff),
                ("action", self.action),
                ("target", self.target),
                ("from", self.first_day.isoformat() if self.first_day else ""),
                ("to", self.last_day.isoformat() if self.last_day else ""),
            )
            if value
        ]
        return " ".join(parts) or "all"


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    staff: str
    action: str
    target: str
    detail: str


def _require_supervisor(member: StaffMember) -> None:
    if not member.is_supervisor:
        raise StaffError("監査ログは監督者だけが見られます")


def _filtered(spec: AuditFilter) -> Select:
    query = select(AuditEntry)
    if spec.staff:
        query = query.where(AuditEntry.staff == spec.staff.strip())
    if spec.action:
        query = query.where(AuditEntry.action == spec.action.strip())
    if spec.target:
        # Receipt numbers and most targets are matched from their start.
        query = query.where(AuditEntry.target.startswith(spec.target.strip(), autoescape=True))
    if spec.first_day:
        query = query.where(AuditEntry.at >= datetime.combine(spec.first_day, time(), JST))
    if spec.last_day:
        end = datetime.combine(spec.last_day + timedelta(days=1), time(), JST)
        query = query.where(AuditEntry.at < end)
    return query


def _rows(entries: list[AuditEntry]) -> list[AuditRow]:
    return [
        AuditRow(e.id, e.at, e.staff, e.action, e.target or "", e.detail or "") for e in entries
    ]


def find_entries(
    database: Database, spec: AuditFilter, *, viewer: StaffMember, limit: int = VIEWER_LIMIT
) -> tuple[list[AuditRow], int]:
    """The newest matching rows (at most ``limit``) and how many match in all."""
    _require_supervisor(viewer)
    query = _filtered(spec)
    with database.session() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)).all()
        return _rows(list(entries)), total


def known_actions(database: Database) -> list[str]:
    with database.session() as session:
        return list(
            session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
        )


EXPORT_HEADER = ("番号", "日時", "職員", "操作", "対象", "詳細")


def export_entries(
    database: Database,
    spec: AuditFilter,
    path: Path,
    *,
    by: StaffMember,
    encoding: str = "utf-8-sig",
) -> int:
    """Every matching row, oldest first, as CSV; the export is audited. Returns the row count."""
    _require_supervisor(by)
    with database.session() as session:
        entries = session.scalars(_filtered(spec).order_by(AuditEntry.id)).all()
        rows = [
            [
                str(e.id),
                e.at.astimezone(JST).strftime("%Y-%m-%d %H:%M:%S"),
                e.staff,
                e.action,
                e.target or "",
                e.detail or "",
            ]
            for e in entries
        ]
    path.write_bytes(csv_bytes(EXPORT_HEADER, rows, encoding))
    with database.session() as session:
        audit.record(
            session, by.user_id, "export_audit", path.name, f"{len(rows)} rows; {spec.describe()}"
        )
    return len(rows)
