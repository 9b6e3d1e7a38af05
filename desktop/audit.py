"""The append-only record of who viewed, printed, faxed, exported or decided what.

Every row is sealed into the hash chain of ``desktop.audit_chain`` as it is
written. Appending first updates the one chain-head row: that takes the
row lock on PostgreSQL and the write lock on SQLite, so appends from two
seats or processes queue behind each other instead of forking the chain.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desktop.audit_chain import CHAIN_HEAD_ID, GENESIS, row_digest
from desktop.store.models import AuditChainHead, AuditEntry


def ensure_chain_head(connection: Session | Connection) -> None:
    """Create the chain-head row if it is missing (a new database), before any seat appends."""
    if connection.execute(select(AuditChainHead.id)).first() is None:
        seq, last_hash = _last_sealed(connection)
        connection.execute(
            insert(AuditChainHead).values(id=CHAIN_HEAD_ID, seq=seq, last_hash=last_hash)
        )


def _last_sealed(session: Session | Connection) -> tuple[int, str]:
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.row_hash)
        .where(AuditEntry.seq.is_not(None))
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    return (last[0], last[1] or GENESIS) if last is not None else (0, GENESIS)


def _take_head(session: Session | Connection) -> tuple[int, str]:
    """Lock the chain head and return the next place and the hash it follows."""
    taken = session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == CHAIN_HEAD_ID)
        .values(seq=AuditChainHead.seq + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 0:
        # The head row was removed: carry on from the last sealed row rather
        # than refuse to record (the verifier reports the removal anyway).
        seq, last_hash = _last_sealed(session)
        session.execute(
            insert(AuditChainHead).values(id=CHAIN_HEAD_ID, seq=seq + 1, last_hash=last_hash)
        )
    seq, prev_hash = session.execute(
        select(AuditChainHead.seq, AuditChainHead.last_hash).where(
            AuditChainHead.id == CHAIN_HEAD_ID
        )
    ).one()
    return seq, prev_hash


def record(
    session: Session | Connection, staff: str, action: str, target: str = "", detail: str = ""
) -> None:
    """Add an audit entry in the caller's transaction, so it stands or falls with the act."""
    at = datetime.now(UTC)
    staff, action, target = staff[:40], action[:30], target[:80]
    seq, prev_hash = _take_head(session)
    digest = row_digest(prev_hash, seq, at, staff, action, target, detail)
    session.execute(
        insert(AuditEntry).values(
            at=at,
            staff=staff,
            action=action,
            target=target,
            detail=detail,
            seq=seq,
            prev_hash=prev_hash,
            row_hash=digest,
        )
    )
    session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == CHAIN_HEAD_ID)
        .values(last_hash=digest)
        .execution_options(synchronize_session=False)
    )
