"""Sync work that seats on one database share: who pulls, and where the office is in the feed.

The pull is held by a lease row with an expiry rather than a PostgreSQL
advisory lock. A pull spans many transactions with hub requests between
them: an advisory lock would pin one pooled connection for all of it, does
not exist on SQLite, and cannot tell the other seats who holds it. A row
works the same on both databases, says which seat is pulling, and runs out
by itself when that seat dies (at once, for a seat on the same PC whose
process has ended). Times come from the database's clock, so PCs whose
clocks differ still agree on when a lease ends.

The lease only saves work; correctness does not rest on it. A seat that
lost its lease mid-page may still store that page: notices never go back a
version (``store_notices``), and the cursor moves only from the position the
seat started from (``move_cursor``), so it never moves backwards.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.store.database import Database, database_now, insert_ignoring_duplicates
from desktop.store.models import SyncCursor, SyncLease

log = logging.getLogger(__name__)

PULL_LEASE = "pull"
NOTICE_CURSOR = "notices"


_SEAT = re.compile(r"^(?P<pc>.*) pid (?P<pid>[0-9]+) #[0-9a-f]+$")


def this_pc(name: str = "") -> str:
    return (name or socket.gethostname())[:60]


@cache
def seat_name(pc: str = "") -> str:
    """This process as the other seats see it: the PC, the process, and a tag against PID reuse."""
    return f"{this_pc(pc)} pid {os.getpid()} #{secrets.token_hex(3)}"


def seat_pc(seat: str) -> str:
    """The PC part of a seat's name, as a clerk knows it."""
    found = _SEAT.match(seat or "")
    return found["pc"] if found else (seat or "")


def seat_is_gone(holder: str | None, seat: str) -> bool:
    """True when ``holder`` is a seat on the same PC as ``seat`` whose process has ended.

    A MoveDesk restarted after a crash takes its own work back at once; a
    seat on another PC keeps its lease until it runs out.
    """
    found = _SEAT.match(holder or "")
    ours = _SEAT.match(seat)
    if found is None or found["pc"] != (ours["pc"] if ours else this_pc()):
        return False
    if int(found["pid"]) == os.getpid():
        return False
    import psutil  # only when a lease is in question

    return not psutil.pid_exists(int(found["pid"]))


@dataclass(frozen=True, slots=True)
class LeaseState:
    acquired: bool
    holder: str | None
    expires_at: datetime | None
    # The seat whose lease had run out when this one took it over.
    taken_over_from: str | None = None


@dataclass(frozen=True, slots=True)
class CursorPosition:
    cursor: str | None
    sequence: int


def acquire_lease(database: Database, name: str, seat: str, seconds: float) -> LeaseState:
    """Take the lease if it is free, ours or run out; otherwise say who holds it."""
    with database.session() as session:
        session.execute(
            insert_ignoring_duplicates(session, SyncLease.__table__, ["name"]).values(name=name)
        )
        now = database_now(session)
        # Locked, so that who held it before is still true when we take it.
        before = session.execute(
            select(SyncLease.holder, SyncLease.expires_at)
            .where(SyncLease.name == name)
            .with_for_update()
        ).one()
        taken = session.execute(
            update(SyncLease)
            .where(
                SyncLease.name == name,
                or_(
                    SyncLease.holder.is_(None),
                    SyncLease.holder == seat,
                    SyncLease.expires_at.is_(None),
                    SyncLease.expires_at <= now,
                ),
            )
            .values(holder=seat, acquired_at=now, expires_at=now + timedelta(seconds=seconds))
            .execution_options(synchronize_session=False)
        ).rowcount
        if not taken and seat_is_gone(before.holder, seat):
            taken = session.execute(
                update(SyncLease)
                .where(SyncLease.name == name, SyncLease.holder == before.holder)
                .values(holder=seat, acquired_at=now, expires_at=now + timedelta(seconds=seconds))
                .execution_options(synchronize_session=False)
            ).rowcount
        if taken:
            previous = before.holder if before.holder not in (None, seat) else None
            return LeaseState(True, seat, now + timedelta(seconds=seconds), previous)
        return LeaseState(False, before.holder, before.expires_at)


def renew_lease(database: Database, name: str, seat: str, seconds: float) -> bool:
    """Extend our lease; False when another seat has taken it over meanwhile."""
    with database.session() as session:
        now = database_now(session)
        return bool(
            session.execute(
                update(SyncLease)
                .where(SyncLease.name == name, SyncLease.holder == seat)
                .values(expires_at=now + timedelta(seconds=seconds))
                .execution_options(synchronize_session=False)
            ).rowcount
        )


def release_lease(database: Database, name: str, seat: str) -> None:
    with database.session() as session:
        session.execute(
            update(SyncLease)
            .where(SyncLease.name == name, SyncLease.holder == seat)
            .values(holder=None, expires_at=None)
            .execution_options(synchronize_session=False)
        )


class LeaseKeeper:
    """Renews a lease on a thread of its own while work that cannot pause for it goes on
    (a fax call of many pages). ``lost`` is set once another seat holds the lease;
    ``on_beat`` runs after each renewal, on the keeper's thread."""

    def __init__(
        self,
        database: Database,
        name: str,
        seat: str,
        seconds: float,
        *,
        every: float | None = None,
        on_beat: Callable[[], None] | None = None,
    ) -> None:
        self.database, self.name, self.seat, self.seconds = database, name, seat, seconds
        self.every = every if every is not None else seconds / 3
        self.on_beat = on_beat
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> LeaseKeeper:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"lease {self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(10)
        self._thread = None

    def __enter__(self) -> LeaseKeeper:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def beat(self) -> bool:
        """Renew once now; False when the lease has gone to another seat."""
        try:
            kept = renew_lease(self.database, self.name, self.seat, self.seconds)
        except SQLAlchemyError as error:
            # The database is away: the work goes on, and the lease may run out meanwhile.
            log.warning("lease %s could not be renewed: %s", self.name, type(error).__name__)
            return not self.lost.is_set()
        if not kept:
            self.lost.set()
        if self.on_beat is not None:
            try:
                self.on_beat()
            except SQLAlchemyError as error:
                log.warning("after renewing %s: %s", self.name, type(error).__name__)
        return kept

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.beat()


def drop_lease(database: Database, name: str, seat: str) -> None:
    """Remove our lease row altogether: for leases named after one piece of work."""
    with database.session() as session:
        session.execute(
            delete(SyncLease)
            .where(SyncLease.name == name, SyncLease.holder == seat)
            .execution_options(synchronize_session=False)
        )


def lease_holder(database: Database, name: str) -> LeaseState:
    """Who holds the lease now (``acquired`` means: someone does, and it has not run out)."""
    with database.session() as session:
        now = database_now(session)
        row = session.execute(
            select(SyncLease.holder, SyncLease.expires_at).where(SyncLease.name == name)
        ).first()
    if row is None or row.holder is None or row.expires_at is None:
        return LeaseState(False, None, None)
    return LeaseState(row.expires_at > now, row.holder, row.expires_at)


def read_cursor(database: Database, name: str) -> CursorPosition:
    with database.session() as session:
        row = session.execute(
            select(SyncCursor.cursor, SyncCursor.sequence).where(SyncCursor.name == name)
        ).first()
    return CursorPosition(None, 0) if row is None else CursorPosition(row.cursor, row.sequence)


def move_cursor(
    session: Session, name: str, seen: CursorPosition, to: str, seat: str
) -> CursorPosition | None:
    """Move the cursor from ``seen`` to ``to`` in the caller's transaction.

    None when another seat moved it since ``seen`` was read: its page is at
    least as far on, and ours must not take the cursor back. The row stays
    locked until the caller commits, so seats store their pages one at a time.
    """
    session.execute(
        insert_ignoring_duplicates(session, SyncCursor.__table__, ["name"]).values(
            name=name, cursor=None, sequence=0, updated_at=database_now(session), updated_by=""
        )
    )
    current = session.scalar(
        select(SyncCursor.sequence).where(SyncCursor.name == name).with_for_update()
    )
    if current != seen.sequence:
        return None
    moved = CursorPosition(to, seen.sequence + 1)
    session.execute(
        update(SyncCursor)
        .where(SyncCursor.name == name, SyncCursor.sequence == seen.sequence)
        .values(
            cursor=to,
            sequence=moved.sequence,
            updated_at=database_now(session),
            updated_by=seat[:100],
        )
        .execution_options(synchronize_session=False)
    )
    return moved
