"""The office's fax as any seat sees it: which seat has the modem, and what changed.

A seat without the modem still queues faxes and works through the inbox;
it asks this every few seconds (off the GUI thread) to show where the
modem is, to refresh its queue when another seat's call moved a job on,
and to show faxes that arrived at the modem seat.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from desktop.store.database import Database, database_now
from desktop.store.leases import LeaseKeeper, acquire_lease, release_lease, seat_pc
from desktop.store.models import SyncLease
from fax.store_models import FaxJob, ReceivedFax

MODEM_LEASE = "fax-modem"  # held by the seat whose modem serves the office (desktop.fax_desk)
MODEM_LEASE_SECONDS = 60.0  # renewed every third of it while held


class ModemElsewhere(Exception):
    """Another live seat has the office's modem."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder

    @property
    def pc(self) -> str:
        return seat_pc(self.holder) or self.holder


@contextlib.contextmanager
def office_modem(
    database: Database, seat: str, seconds: float = MODEM_LEASE_SECONDS
) -> Iterator[None]:
    """Hold the office modem's lease while the block runs, as the fax desk does for its port.

    Raises ``ModemElsewhere`` when another live seat has it: two programs on
    one modem interleave their AT commands and both calls fail.
    """
    lease = acquire_lease(database, MODEM_LEASE, seat, seconds)
    if not lease.acquired:
        raise ModemElsewhere(lease.holder or "?")
    keeper = LeaseKeeper(database, MODEM_LEASE, seat, seconds).start()
    try:
        yield
    finally:
        keeper.stop()
        with contextlib.suppress(SQLAlchemyError):  # not given back: it runs out by itself
            release_lease(database, MODEM_LEASE, seat)


@dataclass(frozen=True)
class FaxOffice:
    modem_seat: str  # "" when no seat has the modem
    modem_alive: bool  # that seat renewed its lease in time
    newest_fax: int  # the highest received fax id, 0 for none
    jobs: tuple[int, str]  # how many jobs, and the latest change: a change means reload

    @property
    def modem_pc(self) -> str:
        return seat_pc(self.modem_seat)


@dataclass(frozen=True)
class ArrivedFax:
    fax_id: int
    page_count: int
    receipts: str


def fax_office(database: Database) -> FaxOffice:
    with database.session() as session:
        now = database_now(session)
        lease = session.execute(
            select(SyncLease.holder, SyncLease.expires_at).where(SyncLease.name == MODEM_LEASE)
        ).first()
        newest = session.scalar(select(func.max(ReceivedFax.id))) or 0
        count, changed = session.execute(
            select(func.count(FaxJob.id), func.max(FaxJob.updated_at))
        ).one()
    holder = lease.holder if lease is not None and lease.holder else ""
    alive = bool(holder) and lease is not None and lease.expires_at is not None
    alive = alive and lease.expires_at > now
    return FaxOffice(holder, alive, int(newest), (int(count or 0), _stamp(changed)))


def faxes_after(database: Database, fax_id: int) -> list[ArrivedFax]:
    """Faxes received after ``fax_id``, oldest first, as a seat announces them."""
    with database.session() as session:
        rows = session.execute(
            select(ReceivedFax.id, ReceivedFax.page_count, ReceivedFax.notice_receipt_number)
            .where(ReceivedFax.id > fax_id)
            .order_by(ReceivedFax.id)
            .limit(50)
        ).all()
    return [ArrivedFax(row.id, row.page_count, row.notice_receipt_number or "") for row in rows]


def _stamp(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""
