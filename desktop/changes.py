"""What other seats changed: the notices named in the change log since a window last looked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from desktop.store.database import Database
from desktop.store.leases import PULL_LEASE, lease_holder
from desktop.store.models import NoticeChange
from desktop.sync_outcome import SeatOutcome, office_last_pull, seat_outcome

# Entries older than this many log positions behind the newest are pruned by
# the sync; a window further behind than that reloads its list instead.
KEEP_ENTRIES = 100_000


@dataclass(frozen=True, slots=True)
class OfficeSync:
    """The office's sync as every seat sees it: who is pulling now, when a pull last completed.

    ``this_seat`` is how the watching seat's own last sync ended, kept apart
    from the others' so one seat's success never hides another's error.
    """

    pulling_seat: str | None
    last_pulled_at: datetime | None
    this_seat: SeatOutcome | None = None


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    position: int
    changed_ids: set[int] = field(default_factory=set)
    # The log was pruned past what this window had seen: reload everything.
    lost_track: bool = False
    office: OfficeSync | None = None


class ChangeFeed:
    def __init__(self, database: Database, seat: str | None = None) -> None:
        self.database = database
        self.seat = seat

    def position(self) -> int:
        """The newest entry now; a window starts watching from here."""
        with self.database.session() as session:
            return session.scalar(select(func.coalesce(func.max(NoticeChange.seq), 0))) or 0

    def since(self, position: int, limit: int = 5000) -> ChangeBatch:
        with self.database.session() as session:
            rows = session.execute(
                select(NoticeChange.seq, NoticeChange.notice_id)
                .where(NoticeChange.seq > position)
                .order_by(NoticeChange.seq)
                .limit(limit)
            ).all()
            if not rows:
                return ChangeBatch(position)
            oldest = session.scalar(select(func.min(NoticeChange.seq)))
        lost = oldest is not None and oldest > position + 1 and position > 0
        return ChangeBatch(rows[-1].seq, {row.notice_id for row in rows}, lost)

    def office(self) -> OfficeSync:
        lease = lease_holder(self.database, PULL_LEASE)
        with self.database.session() as session:
            last = office_last_pull(session)
            mine = seat_outcome(session, self.seat) if self.seat else None
        return OfficeSync(lease.holder if lease.acquired else None, last, mine)

    def prune(self) -> int:
        """Drop entries far behind the newest; returns how many went."""
        with self.database.session() as session:
            newest = session.scalar(select(func.max(NoticeChange.seq))) or 0
            cut = newest - KEEP_ENTRIES
            if cut <= 0:
                return 0
            return session.execute(
                NoticeChange.__table__.delete().where(NoticeChange.seq <= cut)
            ).rowcount
