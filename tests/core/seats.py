"""Helpers for tests of several seats on one database: seat processes, lease clocks, hub checks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.hub.simstate import decode_cursor
from desktop.hub.simulator import DEMO_PARTNER_ID, DEMO_PASSWORD, HubSimulator
from desktop.store.database import Database, database_now
from desktop.store.leases import PULL_LEASE
from desktop.store.models import Decision, NoticeRecord, SyncLease

WAIT_LIMIT = 60.0  # seconds; only a broken test waits this long


def seat_command(data_dir: Path, database_url: str, hub_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "desktop",
        "sync",
        "--data-dir",
        str(data_dir),
        "--database-url",
        database_url,
        "--hub-url",
        hub_url,
        "--partner-id",
        DEMO_PARTNER_ID,
    ]


def seat_environment(lease_seconds: int = 60, pc: str = "") -> dict[str, str]:
    environment = {
        **os.environ,
        "MOVEDESK_HUB_PASSWORD": DEMO_PASSWORD,
        "MOVEDESK_SYNC_LEASE_SECONDS": str(lease_seconds),
        "MOVEDESK_SEAT_NAME": pc,
    }
    environment.pop("MOVEDESK_DATABASE_URL", None)
    return environment


def start_seat(
    data_dir: Path, database_url: str, hub_url: str, lease_seconds: int = 60, pc: str = ""
) -> subprocess.Popen[str]:
    """``movedesk sync`` as a seat of its own; ``pc`` names another PC (empty: this one)."""
    return subprocess.Popen(
        seat_command(data_dir, database_url, hub_url),
        env=seat_environment(lease_seconds, pc),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=180)
    return process.returncode, out, err


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Poll until ``condition`` holds (the condition is the synchronisation, not the pause)."""
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.02)


def wait_until_claims_run_out(database: Database) -> None:
    """Wait, by the database's clock, until every lease and outbox claim has expired."""

    def latest_expiry(session) -> object:  # type: ignore[no-untyped-def]
        times = [
            *session.scalars(select(SyncLease.expires_at).where(SyncLease.name == PULL_LEASE)),
            *session.scalars(select(Decision.claimed_until)),
        ]
        return max((t for t in times if t is not None), default=None)

    def expired() -> bool:
        with database.session() as session:
            latest = latest_expiry(session)
            return latest is None or database_now(session) > latest

    wait_for(expired, "the leases to run out")


class HeldRequest:
    """Holds the first hub request that matches (``every``: all of them) until ``release()``.

    A seat is stopped at a known point without timing anything.
    """

    def __init__(
        self, hub: HubSimulator, method: str, path_prefix: str, *, every: bool = False
    ) -> None:
        self.method, self.path_prefix, self.every = method, path_prefix, every
        self.arrived = threading.Event()
        self._released = threading.Event()
        self._taken = False
        self._lock = threading.Lock()
        hub.on_request = self

    def __call__(self, method: str, path: str) -> None:
        if method != self.method or not path.startswith(self.path_prefix):
            return
        with self._lock:
            if self._taken and not self.every:
                return
            self._taken = True
        self.arrived.set()
        self._released.wait(WAIT_LIMIT)

    def release(self) -> None:
        self._released.set()


def local_notices(database: Database) -> dict[str, tuple[int, str]]:
    with database.session() as session:
        return {
            row.receipt_number: (row.version, row.hub_state)
            for row in session.execute(
                select(NoticeRecord.receipt_number, NoticeRecord.version, NoticeRecord.hub_state)
            )
        }


def hub_notices(hub: HubSimulator) -> dict[str, tuple[int, str]]:
    notices = {}
    for receipt in hub.receipts():
        notice = notice_from_payload(hub.notice(receipt))
        notices[receipt] = (notice.version, notice.hub_state)
    return notices


def cursor_position(cursor: str | None) -> int:
    position = decode_cursor(cursor) if cursor else 0
    assert position is not None, cursor
    return position
