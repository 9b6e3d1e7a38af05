"""What the fax desk tells its listeners, as plain frozen records (no Qt).

Listeners get them on the desk's worker thread, in the order things happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fax.modem.at import ModemHealth


@dataclass(frozen=True)
class DeskState:
    """What the desk is doing: stopped, offline, idle, sending, receiving, checking,
    or standby (another seat's modem serves the office: ``holder``)."""

    state: str
    job_id: int | None = None
    holder: str = ""


@dataclass(frozen=True)
class HealthReport:
    health: ModemHealth


@dataclass(frozen=True)
class JobQueued:
    job_id: int


@dataclass(frozen=True)
class JobStarted:
    job_id: int
    pages: tuple[int, ...]  # the page numbers this call will try


@dataclass(frozen=True)
class PageSent:
    job_id: int
    page: int
    verdict: str
    confirmed: bool
    done: int  # pages of this call settled so far
    total: int  # pages this call tries


@dataclass(frozen=True)
class JobEnded:
    job_id: int
    state: str
    pages_sent: tuple[int, ...]
    message: str


@dataclass(frozen=True)
class FaxArrived:
    fax_id: int
    page_count: int
    partial: bool
    receipts: tuple[str, ...]  # notices read from its pages
    notice_ids: tuple[int, ...]


DeskEvent = DeskState | HealthReport | JobQueued | JobStarted | PageSent | JobEnded | FaxArrived
Listener = Callable[[DeskEvent], None]
