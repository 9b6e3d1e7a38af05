"""The staff and permission inventory (棚卸) and what a supervisor should look at in it.

Every account with its role, status, last sign-in and password age, as a
list for the window and as CSV for the periodic review; plus the notices a
supervisor gets at sign-in: fewer than two supervisors, accounts unused
for the warning periods.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from desktop import audit
from desktop.domain.accounts import StaffError, StaffMember, StaffPolicy
from desktop.domain.notice import JST
from desktop.domain.workflow import Role
from desktop.staff import last_used
from desktop.store.database import Database
from desktop.store.models import Staff

CSV_ENCODINGS = ("utf-8-sig", "cp932")

ACTIVE, LOCKED, INACTIVE = "active", "locked", "inactive"
STATUS_LABELS = {ACTIVE: "有効", LOCKED: "ロック中", INACTIVE: "無効"}
ROLE_NAMES = {Role.VIEWER: "参照", Role.CLERK: "窓口担当", Role.SUPERVISOR: "監督者"}


@dataclass(frozen=True, slots=True)
class AccountRecord:
    user_id: str
    display_name: str
    role: str
    status: str
    lock_reason: str | None
    must_change_password: bool
    created_at: datetime
    last_login_at: datetime | None
    password_changed_at: datetime
    unused_days: int
    password_age_days: int
    # 0: in use; 1, 2: past the first or second warning; 3: past the lock limit.
    unused_stage: int


def _stage(days: int, policy: StaffPolicy) -> int:
    if days >= policy.unused_lock_days:
        return 3
    if days >= policy.unused_second_warning_days:
        return 2
    return 1 if days >= policy.unused_first_warning_days else 0


def account_records(
    database: Database, policy: StaffPolicy, now: datetime | None = None
) -> list[AccountRecord]:
    now = now or datetime.now(UTC)
    with database.session() as session:
        rows = session.scalars(select(Staff).order_by(Staff.user_id)).all()
        records = []
        for row in rows:
            status = INACTIVE if not row.active else LOCKED if row.locked else ACTIVE
            unused = (now - last_used(row)).days
            records.append(
                AccountRecord(
                    user_id=row.user_id,
                    display_name=row.display_name,
                    role=row.role,
                    status=status,
                    lock_reason=row.lock_reason if row.locked else None,
                    must_change_password=bool(row.must_change_password),
                    created_at=row.created_at,
                    last_login_at=row.last_login_at,
                    password_changed_at=row.password_changed_at,
                    unused_days=unused,
                    password_age_days=(now - row.password_changed_at).days,
                    unused_stage=_stage(unused, policy) if row.active else 0,
                )
            )
    return records


@dataclass(frozen=True, slots=True)
class StaffReview:
    """What a supervisor is told at sign-in about the accounts."""

    active_supervisors: int
    unused: tuple[AccountRecord, ...]

    @property
    def too_few_supervisors(self) -> bool:
        return self.active_supervisors < 2

    @property
    def anything(self) -> bool:
        return self.too_few_supervisors or bool(self.unused)


def review(database: Database, policy: StaffPolicy) -> StaffReview:
    records = account_records(database, policy)
    supervisors = sum(1 for r in records if r.role == Role.SUPERVISOR and r.status != INACTIVE)
    return StaffReview(supervisors, tuple(r for r in records if r.unused_stage))


def _local(moment: datetime | None) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M") if moment else ""


INVENTORY_HEADER = (
    "利用者ID",
    "氏名",
    "権限",
    "状態",
    "ロックの理由",
    "次回パスワード変更が必要",
    "登録日時",
    "最終サインイン",
    "パスワード変更日時",
    "パスワード経過日数",
    "未使用日数",
)


def inventory_rows(records: Sequence[AccountRecord]) -> list[list[str]]:
    return [
        [
            r.user_id,
            r.display_name,
            ROLE_NAMES.get(Role(r.role), r.role) if r.role in set(Role) else r.role,
            STATUS_LABELS[r.status],
            {"attempts": "パスワード誤り", "unused": "長期未使用"}.get(r.lock_reason or "", ""),
            "はい" if r.must_change_password else "",
            _local(r.created_at),
            _local(r.last_login_at),
            _local(r.password_changed_at),
            str(r.password_age_days),
            str(r.unused_days),
        ]
        for r in records
    ]


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]], encoding: str) -> bytes:
    """The table as CSV; a character the encoding cannot carry is named, not replaced."""
    if encoding not in CSV_ENCODINGS:
        raise StaffError(f"encoding must be one of {', '.join(CSV_ENCODINGS)}, not {encoding!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        missing = sorted({c for c in text if not _encodes(c, encoding)})
        listed = " ".join(f"{c} (U+{ord(c):04X})" for c in missing)
        raise StaffError(f"{encoding} では書けない文字があります: {listed}") from None


def _encodes(character: str, encoding: str) -> bool:
    try:
        character.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def write_inventory(
    database: Database,
    policy: StaffPolicy,
    path: Path,
    *,
    by: StaffMember,
    encoding: str = "utf-8-sig",
) -> int:
    """Write the inventory CSV (supervisors only); the export is audited. Returns the row count."""
    if not by.is_supervisor:
        raise StaffError("職員の棚卸は監督者だけができます")
    records = account_records(database, policy)
    data = csv_bytes(INVENTORY_HEADER, inventory_rows(records), encoding)
    path.write_bytes(data)
    with database.session() as session:
        audit.record(
            session, by.user_id, "export_staff_inventory", path.name, f"{len(records)} accounts"
        )
    return len(records)
