"""Two-way sync with the hub: push queued decisions, then pull changes by cursor.

Nothing is lost whatever stops us: a decision leaves the outbox only after
the hub acknowledged it (a repeat carries the same idempotency key, so the
hub applies it once), and the cursor moves only together with the page it
belongs to.

Seats sharing one database act as one office: one seat pulls at a time (the
pull lease, ``desktop.store.leases``), each decision is sent by the seat that
claimed it (``desktop.store.outbox``), and storing a page is safe under any
interleaving. A hub that misbehaves cannot hold a sync: the pages per sync
are capped, the cursor must advance, and anything unreadable is a bad page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from desktop.domain.notice import InvalidNotice, Notice, notice_from_payload, notice_to_payload
from desktop.hub.errors import HubAuthError, HubError, HubUnavailable
from desktop.push import ACK_BATCH, DecisionPush, decision_body
from desktop.store.database import Database
from desktop.store.ingest import quarantine, store_notices
from desktop.store.leases import (
    NOTICE_CURSOR,
    PULL_LEASE,
    CursorPosition,
    acquire_lease,
    lease_holder,
    move_cursor,
    read_cursor,
    release_lease,
    renew_lease,
    seat_is_gone,
    seat_name,
)
from desktop.sync_outcome import record_outcome, seat_outcome
from desktop.sync_report import SyncReport

if TYPE_CHECKING:
    from desktop.hub.client import HubClient

log = logging.getLogger(__name__)

# How long a seat's hold on the pull or on claimed decisions lasts without
# renewal: long enough for a page or a batch on a slow line, short enough that
# a PC switched off mid-sync holds up the others only briefly.
DEFAULT_LEASE_SECONDS = 60.0
# A hub that keeps saying "more" cannot keep one sync going for ever; the
# next sync carries on from where this one stopped.
DEFAULT_MAX_PAGES = 200


def pull_cursor(database: Database) -> str | None:
    """Where the office's next pull starts in the hub's feed."""
    return read_cursor(database, NOTICE_CURSOR).cursor


def _database_problem(error: SQLAlchemyError) -> str:
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()
    return (
        f"database error during sync ({type(error).__name__}): {detail[0][:300] if detail else ''}"
    )


def last_error(database: Database, seat: str | None = None) -> str:
    """The error this seat's (this PC's) last sync saved; empty when it went through."""
    with database.session() as session:
        outcome = seat_outcome(session, seat or seat_name())
    return outcome.error if outcome else ""


class SyncEngine:
    def __init__(
        self,
        database: Database,
        client: HubClient,
        *,
        page_size: int = 500,
        lead_business_days: int = 1,
        progress: Callable[[str, int, int], None] | None = None,
        make_client: Callable[[], HubClient] | None = None,
        push_workers: int = 4,
        seat: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_pages: int = DEFAULT_MAX_PAGES,
        page_arrived: Callable[[int], None] | None = None,
    ) -> None:
        self.database = database
        self.client = client
        self.page_size = page_size
        self.lead_business_days = lead_business_days
        self.progress = progress or (lambda _stage, _done, _total: None)
        # More clients push in parallel when the engine can make them.
        self.make_client = make_client
        self.push_workers = push_workers
        self.seat = seat or seat_name()
        self.lease_seconds = lease_seconds
        self.max_pages = max_pages
        # Called with the page's number once it arrived, before it is stored:
        # tests hold a seat here to force one interleaving of seats.
        self.page_arrived = page_arrived or (lambda _number: None)

    def sync_once(self) -> SyncReport:
        report = SyncReport()
        try:
            self.push_pending(report)
            if not report.offline:
                self.pull_changes(report)
        except HubAuthError as error:
            report.sign_in_refused = True
            report.errors.append(f"the hub refused our sign-in: {error}")
        except HubUnavailable as error:
            report.offline = True
            report.errors.append(str(error))
        except HubError as error:
            report.errors.append(str(error))
        except SQLAlchemyError as error:
            log.exception("database error during sync")
            report.errors.append(_database_problem(error))
        for problem in report.errors:
            log.warning("sync: %s", problem)
        try:
            with self.database.session() as session:
                record_outcome(
                    session,
                    self.seat,
                    report.errors,
                    pulled=report.pull_completed,
                    asked_hub=report.asked_hub,
                )
        except SQLAlchemyError as error:
            log.exception("the sync's outcome could not be saved")
            report.errors.append(_database_problem(error))
        return report

    # -- push ---------------------------------------------------------------

    def push_pending(self, report: SyncReport) -> None:
        """Claim waiting decisions a batch at a time and send them; give back what is left."""
        DecisionPush(
            self.database,
            self.client,
            seat=self.seat,
            claim_seconds=self.lease_seconds,
            make_client=self.make_client,
            workers=self.push_workers,
            progress=self.progress,
        ).run(report)

    # -- pull ---------------------------------------------------------------

    def pull_changes(self, report: SyncReport) -> None:
        """Pull if no other seat is pulling; otherwise leave it to that seat."""
        # A look first, without a lock: taking the lease is a locked write on the
        # row the pulling seat renews after every page, and most seats that
        # sync while another pulls (after each decision) would only be told no.
        held = lease_holder(self.database, PULL_LEASE)
        if held.acquired and held.holder != self.seat and not seat_is_gone(held.holder, self.seat):
            report.pull_left_to = held.holder
            log.info("%s is pulling; this seat only pushed", held.holder)
            return
        lease = acquire_lease(self.database, PULL_LEASE, self.seat, self.lease_seconds)
        if not lease.acquired:
            report.pull_left_to = lease.holder
            log.info("%s is pulling; this seat only pushed", lease.holder)
            return
        if lease.taken_over_from:
            report.pull_taken_over_from = lease.taken_over_from
            log.warning(
                "took the pull over from %s, which stopped answering", lease.taken_over_from
            )
        report.pull_attempted = True
        errors_before = len(report.errors)
        try:
            self._pull_pages(report)
            report.pull_completed = len(report.errors) == errors_before
        finally:
            try:
                release_lease(self.database, PULL_LEASE, self.seat)
            except SQLAlchemyError:
                log.exception("the pull lease could not be given back; it runs out by itself")

    def _pull_pages(self, report: SyncReport) -> None:
        position = read_cursor(self.database, NOTICE_CURSOR)
        visited = {position.cursor}
        for number in range(1, self.max_pages + 1):
            page = self.client.pull(position.cursor, self.page_size)
            self.page_arrived(number)
            next_cursor = page.next_cursor or position.cursor
            stuck = page.has_more and next_cursor in visited
            moved = self._store_page(page.items, position, None if stuck else next_cursor, report)
            if stuck:
                report.errors.append(
                    "the hub sent a page that does not move on in its list "
                    f"(the same position {str(next_cursor)[:40]!r} again, with more to come); "
                    "the pull stopped so it cannot loop, and the next sync starts again "
                    "from the last good position"
                )
                return
            if moved is None:
                log.info("another seat moved the cursor on; this seat stops pulling")
                return
            position = moved
            visited.add(next_cursor)
            self.progress(
                "pull", report.pulled, report.pulled + (self.page_size if page.has_more else 0)
            )
            if not page.has_more or not page.items:
                return
            if not renew_lease(self.database, PULL_LEASE, self.seat, self.lease_seconds):
                log.warning("the pull lease was taken over; this seat stops pulling")
                return
        report.more_waiting = True
        log.info("stopped after %d pages; the next sync carries on", self.max_pages)

    def _store_page(
        self, items: list[Any], position: CursorPosition, to: str | None, report: SyncReport
    ) -> CursorPosition | None:
        """Store one page and move the cursor from ``position`` to ``to``, in one transaction.

        Returns where the cursor now is, or None when another seat moved it
        since this seat read it (the page is still stored: nothing in it can
        replace a newer version).
        """
        valid: dict[str, Notice] = {}
        rejected: list[tuple[Any, str, str | None]] = []
        for item in items:
            try:
                notice = notice_from_payload(item)
            except InvalidNotice as error:
                rejected.append((item, str(error), error.receipt_number))
                continue
            except RecursionError:
                rejected.append((item, "the notice is nested too deeply to read", None))
                continue
            earlier = valid.get(notice.receipt_number)
            if earlier is None or notice.version > earlier.version:
                if earlier is not None:
                    log.info(
                        "page had %s twice; kept version %s", notice.receipt_number, notice.version
                    )
                valid[notice.receipt_number] = notice
            elif notice.version == earlier.version and notice != earlier:
                rejected.append(
                    (
                        item,
                        f"duplicate receipt number {notice.receipt_number} with different "
                        f"content at the same version {notice.version}",
                        notice.receipt_number,
                    )
                )
        backwards = 0
        with self.database.session() as session:
            if to is None or to == position.cursor:
                moved: CursorPosition | None = position
            else:
                # First, so that seats storing pages take turns on the cursor's row.
                moved = move_cursor(session, NOTICE_CURSOR, position, to, self.seat)
            result = store_notices(
                session, valid.values(), lead_business_days=self.lead_business_days
            )
            for notice in result.conflicting:
                rejected.append(
                    (
                        notice_to_payload(notice),
                        f"duplicate receipt number {notice.receipt_number}: version "
                        f"{notice.version} arrived again with different content",
                        notice.receipt_number,
                    )
                )
            for older in result.older:
                if moved is None:
                    continue  # this seat's page is behind another seat's, not the hub's fault
                backwards += 1
                reason = (
                    f"the hub sent version {older.version} of {older.receipt_number}, older "
                    f"than the stored version {older.stored_version}; the stored one is kept"
                )
                log.warning("%s", reason)
                rejected.append(
                    (notice_to_payload(valid[older.receipt_number]), reason, older.receipt_number)
                )
            for raw, reason, receipt in rejected:
                quarantine(session, raw, reason, receipt)
        report.pulled += len(items)
        report.new += len(result.new)
        report.changed += len(result.changed)
        report.cancelled += len(result.cancelled)
        report.quarantined += len(rejected)
        report.backwards += backwards
        report.changed_ids |= result.touched
        report.errors.extend(result.problems)
        return moved


__all__ = [
    "ACK_BATCH",
    "SyncEngine",
    "SyncReport",
    "decision_body",
    "last_error",
    "pull_cursor",
]
