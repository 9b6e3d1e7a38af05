"""Claiming queued decisions, so that on a shared database each is sent by one seat.

A seat claims the waiting decisions of some notices for a while
(``claimed_by`` / ``claimed_until``), sends them, and settles each with the
hub's answer. Another seat leaves a notice alone while any of its waiting
decisions is claimed by someone else and the claim has not run out, so one
notice's decisions still go in order. A seat that dies leaves its claims to
run out; the next seat sends them again with the same idempotency keys, which
the hub answers as replays.

On PostgreSQL the notices are locked ``FOR UPDATE SKIP LOCKED`` while claiming:
a seat skips what another is claiming or what a clerk is deciding right now
instead of waiting. Claims are columns, not held locks, so they work on
SQLite too and outlive the short claiming transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session, aliased

from desktop.store.database import Database, database_now
from desktop.store.leases import seat_is_gone
from desktop.store.models import Decision, NoticeRecord

PENDING = "pending"


def _claimed_by_another(seat: str, now: object) -> object:
    """True for a decision whose notice has a waiting decision held by another seat."""
    other = aliased(Decision)
    return exists().where(
        other.notice_id == Decision.notice_id,
        other.outbox_state == PENDING,
        other.claimed_by != seat,
        other.claimed_until > now,
    )


def _end_claims_of_dead_seats(session: Session, seat: str, now: datetime) -> None:
    """Claims of a seat on this PC whose process ended run out now, not at their time."""
    holders = session.scalars(
        select(Decision.claimed_by)
        .where(
            Decision.outbox_state == PENDING,
            Decision.claimed_until > now,
            Decision.claimed_by != seat,
        )
        .distinct()
    ).all()
    gone = [holder for holder in holders if seat_is_gone(holder, seat)]
    if gone:
        session.execute(
            update(Decision)
            .where(Decision.claimed_by.in_(gone), Decision.outbox_state == PENDING)
            .values(claimed_until=now)
            .execution_options(synchronize_session=False)
        )


def last_pending_id(database: Database) -> int | None:
    """The newest waiting decision: a sync sends what was queued when it began."""
    with database.session() as session:
        return session.scalar(select(func.max(Decision.id)).where(Decision.outbox_state == PENDING))


def claim_pending(
    database: Database, seat: str, seconds: float, notices: int = 100, up_to: int | None = None
) -> list[Decision]:
    """Claim the waiting decisions of up to ``notices`` notices; the claimed rows, oldest first.

    With ``up_to``, only decisions with ids up to it are claimed.
    """
    with database.session() as session:
        now = database_now(session)
        _end_claims_of_dead_seats(session, seat, now)
        busy = _claimed_by_another(seat, now)
        queued = [Decision.outbox_state == PENDING]
        if up_to is not None:
            queued.append(Decision.id <= up_to)
        waiting = select(Decision.notice_id).where(*queued, ~busy).distinct()
        notice_ids = session.scalars(
            select(NoticeRecord.id)
            .where(NoticeRecord.id.in_(waiting))
            .order_by(NoticeRecord.id)
            .limit(notices)
            .with_for_update(skip_locked=True)
        ).all()
        if not notice_ids:
            return []
        session.execute(
            update(Decision)
            .where(Decision.notice_id.in_(notice_ids), *queued, ~busy)
            .values(claimed_by=seat, claimed_until=now + timedelta(seconds=seconds))
            .execution_options(synchronize_session=False)
        )
        return list(
            session.scalars(
                select(Decision)
                .where(Decision.notice_id.in_(notice_ids), *queued, Decision.claimed_by == seat)
                .order_by(Decision.id)
            )
        )


def renew_claims(database: Database, seat: str, seconds: float) -> int:
    """Extend this seat's claims on decisions still waiting; how many it still holds."""
    with database.session() as session:
        now = database_now(session)
        return session.execute(
            update(Decision)
            .where(Decision.claimed_by == seat, Decision.outbox_state == PENDING)
            .values(claimed_until=now + timedelta(seconds=seconds))
            .execution_options(synchronize_session=False)
        ).rowcount


def release_claims(database: Database, seat: str) -> None:
    """Give back what this seat claimed but did not settle (the hub went away)."""
    with database.session() as session:
        session.execute(
            update(Decision)
            .where(Decision.claimed_by == seat, Decision.outbox_state == PENDING)
            .values(claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
