"""The append-only record of who viewed, printed, faxed, exported or decided what."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from desktop.store.models import AuditEntry


def record(session: Session, staff: str, action: str, target: str = "", detail: str = "") -> None:
    """Add an audit entry in the caller's transaction, so it stands or falls with the act."""
    session.add(
        AuditEntry(
            at=datetime.now(UTC), staff=staff, action=action, target=target[:80], detail=detail
        )
    )
