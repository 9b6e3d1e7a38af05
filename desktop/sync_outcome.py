"""How each seat's last sync ended, and when the office last pulled, as rows of sync_state.

Every seat keeps its own outcome: one row per seat holding the time (by the
database's clock, so PCs whose clocks differ still agree which is newer)
and the error, if any, written together. A seat that only pushed therefore
cannot clear the error of the seat that pulled, nor the other way round.
The office's last completed pull is one row of its own.

A seat is keyed by its PC (``desktop.store.leases.seat_name`` without the
process part): a restarted MoveDesk finds its own last outcome, and the
table holds one row per PC rather than one per start. The key carries a
digest of the name because the key column is short; the name itself is
in the value.

A database written before outcomes were kept per seat has one office-wide
pair of rows (``last_sync_at``, ``last_sync_error``); they are read while
no seat has written an outcome of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.store.database import database_now, insert_ignoring_duplicates
from desktop.store.models import SyncState

# The office-wide rows of a database from before outcomes were kept per seat.
LAST_SYNC_KEY = "last_sync_at"
LAST_ERROR_KEY = "last_sync_error"
# When a seat last completed a pull without an error.
LAST_PULL_KEY = "last_pull_at"
SEAT_PREFIX = "seat_sync:"

# The process part desktop.store.leases.seat_name adds to the PC's name.
_PROCESS_PART = re.compile(r" pid [0-9]+ #[0-9a-f]+$")


@dataclass(frozen=True, slots=True)
class SeatOutcome:
    seat: str
    synced_at: datetime | None
    error: str = ""
    # False for a sync that had nothing to ask the hub (nothing to send, the
    # pull another seat's): it says nothing about whether the hub answers.
    asked_hub: bool = True

    @property
    def reached_hub(self) -> bool:
        return self.synced_at is not None and self.asked_hub and not self.error


def seat_pc(seat: str) -> str:
    """The PC a seat runs on: ``seat_name`` without its process part."""
    return _PROCESS_PART.sub("", seat)


def seat_key(seat: str) -> str:
    digest = hashlib.sha256(seat_pc(seat).encode("utf-8")).hexdigest()[:24]
    return SEAT_PREFIX + digest


def _parse_time(text: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _write(session: Session, key: str, value: str) -> None:
    # Seats finishing at the same moment both find no row: insert one, then set it.
    session.execute(
        insert_ignoring_duplicates(session, SyncState.__table__, ["key"]).values(key=key, value="")
    )
    session.execute(update(SyncState).where(SyncState.key == key).values(value=value))


def record_outcome(
    session: Session, seat: str, errors: list[str], *, pulled: bool, asked_hub: bool = True
) -> datetime:
    """Save how ``seat``'s sync ended; with ``pulled``, the office's last pull is now."""
    now = database_now(session)
    value = {
        "seat": seat_pc(seat),
        "at": now.isoformat(),
        "error": "; ".join(errors),
        "asked_hub": asked_hub,
    }
    _write(session, seat_key(seat), json.dumps(value, ensure_ascii=False))
    if pulled:
        _write(session, LAST_PULL_KEY, now.isoformat())
    return now


def _from_row(value: str) -> SeatOutcome | None:
    try:
        stored = json.loads(value)
        return SeatOutcome(
            str(stored["seat"]),
            _parse_time(stored["at"]),
            str(stored["error"]),
            bool(stored.get("asked_hub", True)),
        )
    except (ValueError, TypeError, KeyError):
        return None  # a row damaged by hand counts as no outcome


def seat_outcome(session: Session, seat: str) -> SeatOutcome | None:
    """How ``seat``'s (this PC's) last sync ended, or None if it never synced here."""
    value = session.scalar(select(SyncState.value).where(SyncState.key == seat_key(seat)))
    return _from_row(value) if value else None


def _office_wide(session: Session) -> dict[str, str]:
    return dict(
        session.execute(
            select(SyncState.key, SyncState.value).where(
                SyncState.key.in_([LAST_SYNC_KEY, LAST_ERROR_KEY])
            )
        ).all()
    )


def all_outcomes(session: Session) -> list[SeatOutcome]:
    """Every seat's last outcome; the office-wide one of an older database if no seat has one."""
    rows = session.scalars(
        select(SyncState.value).where(SyncState.key.startswith(SEAT_PREFIX, autoescape=True))
    ).all()
    found = [outcome for outcome in map(_from_row, rows) if outcome is not None]
    if found:
        return found
    old = _office_wide(session)
    synced = _parse_time(old.get(LAST_SYNC_KEY))
    return [SeatOutcome("", synced, old.get(LAST_ERROR_KEY) or "")] if synced else []


def newest_outcome(session: Session) -> SeatOutcome | None:
    """The outcome of the seat that last asked the hub, whichever seat that was."""
    dated = [o for o in all_outcomes(session) if o.synced_at is not None and o.asked_hub]
    return max(dated, key=lambda o: o.synced_at, default=None)  # type: ignore[arg-type, return-value]


def office_last_pull(session: Session) -> datetime | None:
    """When a seat last completed a pull; an older database's last sync stands in."""
    stored = session.scalar(select(SyncState.value).where(SyncState.key == LAST_PULL_KEY))
    if stored:
        return _parse_time(stored)
    return _parse_time(_office_wide(session).get(LAST_SYNC_KEY))


__all__ = [
    "LAST_ERROR_KEY",
    "LAST_PULL_KEY",
    "LAST_SYNC_KEY",
    "SeatOutcome",
    "all_outcomes",
    "newest_outcome",
    "office_last_pull",
    "record_outcome",
    "seat_key",
    "seat_outcome",
]
