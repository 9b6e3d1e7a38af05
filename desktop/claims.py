"""Claims (担当) that hold across seats, and the refusals that say who holds what.

A notice in progress belongs to the clerk who claimed it. Another clerk can
neither decide it nor release it; they may take it over, but only as an
explicit act (the window asks first), and a supervisor may hand it to
someone else. Each of these is audited. The check runs inside the same
transaction, under the same row lock, as the act it guards, so two seats
cannot both pass it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.domain.notice import JST
from desktop.domain.workflow import Role, Status
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.store.models import Decision, NoticeRecord, Staff


def staff_name(session: Session, user_id: str) -> str:
    """The person's name for messages ("田中 花子 (tanaka)"), or the ID if none is known."""
    name = session.scalar(select(Staff.display_name).where(Staff.user_id == user_id))
    return f"{name} ({user_id})" if name else user_id


def clock_text(moment: datetime | None, today: date | None = None) -> str:
    """HH:MM for today, else YYYY-MM-DD HH:MM, in Japan time."""
    if moment is None:
        return "?"
    local = moment.astimezone(JST) if moment.tzinfo else moment.replace(tzinfo=UTC).astimezone(JST)
    today = today or datetime.now(JST).date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


class NoticeHeld(UserError, PermissionError):
    """Another clerk holds the notice; ``holder`` and ``since`` say who and from when."""

    def __init__(self, receipt: str, holder: str, holder_name: str, since: str) -> None:
        self.receipt, self.holder, self.holder_name, self.since = (
            receipt,
            holder,
            holder_name,
            since,
        )
        super().__init__(
            "claimed_by_other",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "{receipt} は {holder} が担当しています（{since} から）"
            ),
            receipt=receipt,
            holder=holder_name,
            since=since,
        )


class DecidedElsewhere(UserError, ValueError):
    """Someone else decided the notice first; ``staff`` and ``when`` say who and when."""

    def __init__(self, receipt: str, staff: str, when: str, decision: str) -> None:
        self.receipt, self.staff, self.when, self.decision = receipt, staff, when, decision
        template = (
            QT_TRANSLATE_NOOP("CoreMessages", "{receipt} は {staff} が {when} に受理しました")
            if decision == "accept"
            else QT_TRANSLATE_NOOP(
                "CoreMessages", "{receipt} は {staff} が {when} に不受理にしました"
            )
        )
        super().__init__("decided_by_other", template, receipt=receipt, staff=staff, when=when)


class ReassignError(UserError, ValueError):
    pass


def lock_for_write(session: Session) -> None:
    """Take SQLite's write lock before the first read of a guarded act.

    PostgreSQL serialises two seats on the row lock of SELECT … FOR UPDATE.
    SQLite ignores FOR UPDATE and, in WAL mode, a transaction that read
    before another committed cannot write at all; taking the write lock
    first makes the second act wait and then read the first one's result.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE notices SET id = id WHERE 0"))


def refuse_if_held(session: Session, row: NoticeRecord, user_id: str) -> None:
    """Raise ``NoticeHeld`` when ``row`` is in progress under another clerk."""
    if row.status == Status.IN_PROGRESS and row.assignee and row.assignee != user_id:
        raise NoticeHeld(
            row.receipt_number,
            row.assignee,
            staff_name(session, row.assignee),
            clock_text(row.claimed_at),
        )


def refuse_if_decided(session: Session, row: NoticeRecord, user_id: str) -> None:
    """Raise ``DecidedElsewhere`` when someone decided ``row`` while this clerk looked at it."""
    if row.status not in (Status.ACCEPTED, Status.REJECTED):
        return
    last = session.scalars(
        select(Decision)
        .where(Decision.notice_id == row.id, Decision.decision.in_(("accept", "reject")))
        .order_by(Decision.id.desc())
        .limit(1)
    ).first()
    if last is not None:
        raise DecidedElsewhere(
            row.receipt_number,
            staff_name(session, last.staff),
            clock_text(last.decided_at),
            last.decision,
        )


def check_reassign_target(session: Session, user_id: str) -> None:
    role = session.scalar(
        select(Staff.role).where(Staff.user_id == user_id, Staff.active.is_(True))
    )
    if role not in (Role.CLERK, Role.SUPERVISOR):
        raise ReassignError(
            "reassign_target_invalid",
            QT_TRANSLATE_NOOP(
                "CoreMessages", "{user} には担当を割り当てられません（有効な窓口担当・監督者のみ）"
            ),
            user=user_id,
        )
