"""What staff do to notices: claim, decide, reopen. One transaction per act.

A decision, its outbox entry and its audit entry are written together, so a
crash either keeps all three or none. The window and the command line both
come through here.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import audit
from desktop.claims import (
    check_reassign_target,
    lock_for_write,
    refuse_if_decided,
    refuse_if_held,
    staff_name,
)
from desktop.domain.choices import REJECTION_REASONS
from desktop.domain.fields import FieldChange, changes_between
from desktop.domain.notice import CUSTOMER_NUMBER_PATTERN, Notice, notice_from_payload
from desktop.domain.text import to_halfwidth_digits
from desktop.domain.workflow import Action, PermissionDenied, Role, Status, transition
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.store.database import Database
from desktop.store.models import Decision, NoticeRecord, NoticeVersion


class DecisionError(UserError, ValueError):
    """A decision that cannot be taken as asked; ``code`` says which rule refused it."""


class StaleVersion(DecisionError):
    """The notice changed since the clerk looked; ``changes`` says how."""

    def __init__(self, receipt: str, seen: int, current: int, changes: list[FieldChange]) -> None:
        self.receipt, self.seen, self.current, self.changes = receipt, seen, current, changes
        super().__init__(
            "stale_version",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "{receipt} は表示中に版 {seen} から版 {current} に変わりました。"
                "変更点を確認してから処理してください",
            ),
            receipt=receipt,
            seen=seen,
            current=current,
        )


class NoticeNotFound(UserError, LookupError):
    def __init__(self, receipt: str | int) -> None:
        self.receipt = receipt
        super().__init__(
            "notice_not_found",
            QT_TRANSLATE_NOOP("CoreMessages", "届出 {receipt} はありません"),
            receipt=receipt,
        )


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a signed-in staff member, or a service account running a job.

    A service account's ``grants`` are the uses (``desktop.authority.Use``)
    its allowed commands need; its role is the least one, so the workflow
    refuses it every decision.
    """

    user_id: str
    role: str = "clerk"
    kind: str = "staff"
    grants: frozenset[str] = frozenset()


def normalise_customer_number(raw: str) -> str:
    value = to_halfwidth_digits(raw or "").replace(" ", "")
    if value and not CUSTOMER_NUMBER_PATTERN.match(value):
        raise DecisionError(
            "customer_number_invalid",
            QT_TRANSLATE_NOOP(
                "CoreMessages",
                "お客さま番号「{value}」は使えません。3〜20桁の数字で入力してください"
                "（先頭の0はそのまま残ります）",
            ),
            value=raw,
        )
    return value


def _notice_row(session: Session, receipt_or_id: str | int) -> NoticeRecord:
    lock_for_write(session)
    query = select(NoticeRecord)
    if isinstance(receipt_or_id, int):
        query = query.where(NoticeRecord.id == receipt_or_id)
    else:
        query = query.where(NoticeRecord.receipt_number == receipt_or_id)
    row = session.scalars(query.with_for_update()).first()
    if row is None:
        raise NoticeNotFound(receipt_or_id)
    return row


def version_notice(session: Session, notice_id: int, version: int) -> Notice | None:
    payload = session.scalar(
        select(NoticeVersion.payload).where(
            NoticeVersion.notice_id == notice_id, NoticeVersion.version == version
        )
    )
    return notice_from_payload(json.loads(payload)) if payload else None


def changes_since(session: Session, row: NoticeRecord, seen: int) -> list[FieldChange]:
    before = version_notice(session, row.id, seen)
    after = notice_from_payload(json.loads(row.payload))
    return changes_between(before, after) if before else []


def queue_reopen(
    session: Session,
    notice_id: int,
    receipt: str,
    version: int,
    staff: str,
    now: datetime,
    idempotency_key: str | None = None,
) -> None:
    """Queue a 'reopen' for the hub: the decision it already has is undone."""
    session.add(
        Decision(
            notice_id=notice_id,
            receipt_number=receipt,
            version=version,
            decision="reopen",
            staff=staff,
            decided_at=now,
            idempotency_key=idempotency_key or uuid.uuid4().hex,
            outbox_state="pending",
            attempts=0,
        )
    )


class NoticeService:
    def __init__(self, database: Database) -> None:
        self.database = database

    def claim(self, receipt_or_id: str | int, actor: Actor, *, take_over: bool = False) -> None:
        """Take the notice (担当). Another clerk's claim is taken over only with ``take_over``."""
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            new_status = transition(row.status, Action.CLAIM, actor.role)
            previous = row.assignee if row.status == Status.IN_PROGRESS else None
            if previous == actor.user_id:
                return
            if previous and not take_over:
                refuse_if_held(session, row, actor.user_id)
            row.status = new_status
            row.assignee = actor.user_id
            row.claimed_at = datetime.now(UTC)
            if row.reviewed_version is None:
                row.reviewed_version = row.version
            if previous:
                audit.record(session, actor.user_id, "take_over", row.receipt_number, previous)
            else:
                audit.record(session, actor.user_id, "claim", row.receipt_number)

    def release(self, receipt_or_id: str | int, actor: Actor) -> None:
        """Give the notice back; only its holder or a supervisor may."""
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            new_status = transition(row.status, Action.RELEASE, actor.role)
            if actor.role != Role.SUPERVISOR:
                refuse_if_held(session, row, actor.user_id)
            holder = row.assignee
            row.status = new_status
            row.assignee = None
            row.claimed_at = None
            detail = holder if holder and holder != actor.user_id else ""
            audit.record(session, actor.user_id, "release", row.receipt_number, detail)

    def reassign(self, receipt_or_id: str | int, to_user: str, actor: Actor) -> None:
        """A supervisor hands the notice to another clerk (audited with both names)."""
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            if actor.role != Role.SUPERVISOR:
                raise PermissionDenied(Action.CLAIM, Role.SUPERVISOR)
            check_reassign_target(session, to_user)
            row.status = transition(row.status, Action.CLAIM, actor.role)
            previous = row.assignee
            row.assignee = to_user
            row.claimed_at = datetime.now(UTC)
            if row.reviewed_version is None:
                row.reviewed_version = row.version
            audit.record(
                session,
                actor.user_id,
                "reassign",
                row.receipt_number,
                f"{previous or '-'} -> {to_user}",
            )

    def holder(self, receipt_or_id: str | int) -> tuple[str, str] | None:
        """(user ID, name) of the clerk holding the notice, or None."""
        with self.database.session() as session:
            query = select(NoticeRecord.assignee, NoticeRecord.status)
            if isinstance(receipt_or_id, int):
                query = query.where(NoticeRecord.id == receipt_or_id)
            else:
                query = query.where(NoticeRecord.receipt_number == receipt_or_id)
            found = session.execute(query).first()
            if found is None or found.status != Status.IN_PROGRESS or not found.assignee:
                return None
            return found.assignee, staff_name(session, found.assignee)

    def acknowledge_changes(self, receipt_or_id: str | int, version: int, actor: Actor) -> None:
        """The clerk has seen the resident's change up to ``version``."""
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            if version != row.version:
                raise StaleVersion(
                    row.receipt_number, version, row.version, changes_since(session, row, version)
                )
            row.reviewed_version = version
            row.needs_review = False
            audit.record(session, actor.user_id, "view_changes", row.receipt_number, f"v{version}")

    def decide(
        self,
        receipt_or_id: str | int,
        decision: str,
        actor: Actor,
        *,
        version: int | None = None,
        reason_code: str | None = None,
        reason_text: str = "",
        customer_number: str = "",
    ) -> int:
        """Record an accept or reject on ``version`` (the one the clerk saw) and queue it.

        Returns the decision's id. Raises ``StaleVersion`` if the notice has a
        newer version, or the change was not looked at yet.
        """
        action = {"accept": Action.ACCEPT, "reject": Action.REJECT}.get(decision)
        if action is None:
            raise DecisionError(
                "decision_unknown",
                QT_TRANSLATE_NOOP(
                    "CoreMessages", "処理「{decision}」はありません。accept か reject です"
                ),
                decision=decision,
            )
        reason_text = (reason_text or "").strip()
        if action is Action.REJECT:
            if reason_code not in REJECTION_REASONS:
                raise DecisionError(
                    "reason_missing",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages", "不受理には理由が必要です（{codes} のいずれか）"
                    ),
                    codes=", ".join(REJECTION_REASONS),
                )
            if reason_code == "other" and not reason_text:
                raise DecisionError(
                    "reason_text_missing",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages", "理由「その他」には説明の文章を入力してください"
                    ),
                )
            if len(reason_text) > 500:
                raise DecisionError(
                    "reason_text_too_long",
                    QT_TRANSLATE_NOOP("CoreMessages", "理由の文章は500文字以内で入力してください"),
                )
        number = normalise_customer_number(customer_number)
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            seen = row.version if version is None else version
            if seen != row.version:
                raise StaleVersion(
                    row.receipt_number, seen, row.version, changes_since(session, row, seen)
                )
            if row.needs_review and version is not None:
                reviewed = row.reviewed_version or seen
                raise StaleVersion(
                    row.receipt_number, reviewed, row.version, changes_since(session, row, reviewed)
                )
            refuse_if_decided(session, row, actor.user_id)
            new_status = transition(row.status, action, actor.role)
            refuse_if_held(session, row, actor.user_id)
            if action is Action.ACCEPT and not (number or row.customer_number):
                raise DecisionError(
                    "customer_number_missing",
                    QT_TRANSLATE_NOOP(
                        "CoreMessages", "受理する前にお客さま番号（水栓番号）を入力してください"
                    ),
                )
            now = datetime.now(UTC)
            entry = Decision(
                notice_id=row.id,
                receipt_number=row.receipt_number,
                version=row.version,
                decision=decision,
                staff=actor.user_id,
                reason_code=reason_code if action is Action.REJECT else None,
                reason_text=reason_text or None,
                customer_number=number or None,
                decided_at=now,
                idempotency_key=uuid.uuid4().hex,
                outbox_state="pending",
                attempts=0,
            )
            session.add(entry)
            row.status = new_status
            row.needs_review = False
            row.reviewed_version = row.version
            if row.assignee is None:
                row.assignee = actor.user_id
            if number:
                row.customer_number = number
            row.updated_at = now
            audit.record(
                session,
                actor.user_id,
                decision,
                row.receipt_number,
                json.dumps({"version": row.version, "reason": reason_code}, ensure_ascii=False),
            )
            session.flush()
            return entry.id

    def reopen(self, receipt_or_id: str | int, actor: Actor) -> str:
        """Undo a decision (supervisors only).

        Not yet sent: the queued decision is withdrawn and never reaches the
        hub. Already sent: a 'reopen' decision is queued for the hub.
        """
        with self.database.session() as session:
            row = _notice_row(session, receipt_or_id)
            new_status = transition(row.status, Action.REOPEN, actor.role)
            last = session.scalars(
                select(Decision)
                .where(Decision.notice_id == row.id, Decision.decision != "reopen")
                .order_by(Decision.id.desc())
                .limit(1)
            ).first()
            now = datetime.now(UTC)
            if last is not None and last.outbox_state == "pending":
                last.outbox_state = "withdrawn"
                outcome = "withdrawn"
            else:
                queue_reopen(session, row.id, row.receipt_number, row.version, actor.user_id, now)
                outcome = "reopen queued"
            row.status = new_status
            row.updated_at = now
            audit.record(session, actor.user_id, "reopen", row.receipt_number, outcome)
            return outcome

    def pending_decisions(self) -> int:
        with self.database.session() as session:
            return session.scalar(
                select(func.count()).select_from(Decision).where(Decision.outbox_state == "pending")
            )


__all__ = ["Actor", "DecisionError", "NoticeNotFound", "NoticeService", "StaleVersion", "Status"]
