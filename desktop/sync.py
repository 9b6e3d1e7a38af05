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

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from desktop.domain.notice import InvalidNotice, Notice, notice_from_payload, notice_to_payload
from desktop.domain.workflow import Status
from desktop.hub.errors import HubAuthError, HubError, HubUnavailable
from desktop.service import queue_reopen
from desktop.store.database import Database
from desktop.store.ingest import quarantine, store_notices
from desktop.store.leases import (
    NOTICE_CURSOR,
    PULL_LEASE,
    CursorPosition,
    acquire_lease,
    move_cursor,
    read_cursor,
    release_lease,
    renew_lease,
    seat_name,
)
from desktop.store.models import Decision, NoticeRecord, SyncState
from desktop.store.outbox import claim_pending, last_pending_id, release_claims

if TYPE_CHECKING:
    from desktop.hub.client import HubClient

log = logging.getLogger(__name__)

LAST_SYNC_KEY = "last_sync_at"
LAST_ERROR_KEY = "last_sync_error"

# Acknowledged decisions are marked sent this many at a time: one transaction
# per decision was half the cost of a push. An acknowledgement lost to a
# crash only means the decision goes again with the same idempotency key.
ACK_BATCH = 50

# How long a seat's hold on the pull or on claimed decisions lasts without
# renewal: long enough for a page or a batch on a slow line, short enough that
# a PC switched off mid-sync holds up the others only briefly.
DEFAULT_LEASE_SECONDS = 60.0
# A hub that keeps saying "more" cannot keep one sync going for ever; the
# next sync carries on from where this one stopped.
DEFAULT_MAX_PAGES = 200
# Decisions of this many notices are claimed at a time.
CLAIM_NOTICES = 100

_MARK_SENT = (
    update(Decision)
    .where(Decision.id == bindparam("decision_id"), Decision.outbox_state == "pending")
    .values(
        outbox_state="sent",
        sent_at=bindparam("acked_at"),
        last_error=None,
        attempts=Decision.attempts + 1,
        hub_decision_id=bindparam("hub_id"),
    )
)


@dataclass
class SyncReport:
    pulled: int = 0
    new: int = 0
    changed: int = 0
    cancelled: int = 0
    pushed: int = 0
    conflicts: int = 0
    quarantined: int = 0
    # Decisions the hub refused because another PC had decided the notice first.
    decided_elsewhere: int = 0
    # Notices the hub sent with a lower version than the one stored (kept as stored).
    backwards: int = 0
    errors: list[str] = field(default_factory=list)
    offline: bool = False
    changed_ids: set[int] = field(default_factory=set)
    # Another seat was pulling; this one only pushed.
    pull_left_to: str | None = None
    # This seat took the pull over from one whose lease had run out.
    pull_taken_over_from: str | None = None
    # The page cap stopped the pull; the next sync carries on.
    more_waiting: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.offline

    def summary(self) -> str:
        extras = []
        if self.decided_elsewhere:
            extras.append(f"decided at the hub by another PC {self.decided_elsewhere}")
        if self.backwards:
            extras.append(f"older versions from the hub ignored {self.backwards}")
        text = (
            f"pulled {self.pulled} (new {self.new}, changed {self.changed}, "
            f"cancelled {self.cancelled}), pushed {self.pushed}, conflicts {self.conflicts}, "
            + "".join(f"{extra}, " for extra in extras)
            + f"quarantined {self.quarantined}, errors {len(self.errors)}"
        )
        if self.pull_left_to:
            text += f" — another seat is pulling ({self.pull_left_to}); pushed only"
        if self.pull_taken_over_from:
            text += f" — took the pull over from {self.pull_taken_over_from}"
        if self.more_waiting:
            text += " — more notices wait at the hub; the next sync carries on"
        if self.offline:
            text += " — hub unreachable, working offline"
        return text


def decision_body(decision: Decision) -> dict[str, Any]:
    body: dict[str, Any] = {
        "decision": decision.decision,
        "version": decision.version,
        "staff": decision.staff,
        "decided_at": decision.decided_at.isoformat(),
    }
    if decision.reason_code:
        body["reason"] = {"code": decision.reason_code, "text": decision.reason_text or ""}
    if decision.customer_number:
        body["customer_number"] = decision.customer_number
    return body


def read_state(database: Database, key: str) -> str | None:
    with database.session() as session:
        return session.scalar(select(SyncState.value).where(SyncState.key == key))


def pull_cursor(database: Database) -> str | None:
    """Where the office's next pull starts in the hub's feed."""
    return read_cursor(database, NOTICE_CURSOR).cursor


def _database_problem(error: SQLAlchemyError) -> str:
    detail = str(getattr(error, "orig", None) or error).strip().splitlines()
    return (
        f"database error during sync ({type(error).__name__}): {detail[0][:300] if detail else ''}"
    )


def _write_state(session: Any, key: str, value: str) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


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
                _write_state(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())
                _write_state(session, LAST_ERROR_KEY, "; ".join(report.errors))
        except SQLAlchemyError as error:
            log.exception("the sync's outcome could not be saved")
            report.errors.append(_database_problem(error))
        return report

    # -- push ---------------------------------------------------------------

    def push_pending(self, report: SyncReport) -> None:
        """Claim waiting decisions a batch at a time and send them; give back what is left."""
        newest = last_pending_id(self.database)
        if newest is None:
            return
        attempted: set[int] = set()
        try:
            while not report.offline:
                batch = [
                    decision
                    for decision in claim_pending(
                        self.database, self.seat, self.lease_seconds, CLAIM_NOTICES, newest
                    )
                    if decision.id not in attempted
                ]
                if not batch:
                    return
                attempted.update(decision.id for decision in batch)
                self._push_batch(batch, report, len(attempted))
        finally:
            try:
                release_claims(self.database, self.seat)
            except SQLAlchemyError:
                log.exception("claims could not be given back; they run out by themselves")

    def _push_batch(self, pending: list[Decision], report: SyncReport, total: int) -> None:
        """Send claimed decisions; notices go in parallel, one notice's decisions in order.

        A real hub is tens of milliseconds away: one request after another
        would take minutes for a busy morning's decisions.
        """
        by_notice: dict[int, list[Decision]] = {}
        for decision in pending:
            by_notice.setdefault(decision.notice_id, []).append(decision)
        queues = list(by_notice.values())
        done = [total - len(pending)]
        lock = threading.Lock()
        stop = threading.Event()
        failures: list[Exception] = []
        unreachable: list[HubUnavailable] = []

        acked: list[tuple[Decision, dict[str, Any]]] = []

        def settle_acked() -> None:
            with lock:
                batch = acked[:]
                acked.clear()
                if batch:
                    self._settle_applied(batch, report)

        def push_queue(queue: list[Decision], client: HubClient) -> None:
            for decision in queue:
                if stop.is_set():
                    return
                try:
                    outcome = client.push_decision(
                        decision.receipt_number, decision_body(decision), decision.idempotency_key
                    )
                except HubUnavailable as error:
                    unreachable.append(error)
                    stop.set()  # the hub is gone: leave the rest queued for the next sync
                    try:
                        self._note_attempt(decision.id, str(error))
                    except Exception as noted:  # raised again below, on the calling thread
                        failures.append(noted)
                    return
                except Exception as error:  # raised again below, on the calling thread
                    failures.append(error)
                    stop.set()
                    return
                with lock:
                    if outcome.kind == "applied":
                        acked.append((decision, outcome.body))
                        full = len(acked) >= ACK_BATCH
                    else:
                        self._settle(decision, outcome.kind, outcome.status, outcome.body, report)
                        full = False
                    done[0] += 1
                    self.progress("push", done[0], total)
                if full:
                    settle_acked()

        workers = min(self.push_workers, len(queues)) if self.make_client else 1
        if workers <= 1:
            for queue in queues:
                push_queue(queue, self.client)
        else:
            clients = [self.client] + [self.make_client() for _ in range(workers - 1)]  # type: ignore[misc]
            work = iter(queues)
            work_lock = threading.Lock()

            def worker(client: HubClient) -> None:
                while not stop.is_set():
                    with work_lock:
                        queue = next(work, None)
                    if queue is None:
                        return
                    push_queue(queue, client)

            threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for client in clients[1:]:
                client.close()
        settle_acked()
        if failures:
            raise failures[0]
        if unreachable:
            report.offline = True
            report.errors.append(
                f"{unreachable[0]} Decisions not yet sent stay queued for the next sync."
            )

    def _settle_applied(
        self, batch: list[tuple[Decision, dict[str, Any]]], report: SyncReport
    ) -> None:
        """Mark acknowledged decisions sent in one transaction.

        Rows no longer pending (withdrawn while on the wire) take the full
        path of ``_settle``.
        """
        ids = [decision.id for decision, _body in batch]
        now = datetime.now(UTC)
        with self.database.session() as session:
            still_pending = set(
                session.scalars(
                    select(Decision.id)
                    .where(Decision.id.in_(ids), Decision.outbox_state == "pending")
                    .with_for_update()
                )
            )
            rows = [
                {
                    "decision_id": decision.id,
                    "acked_at": now,
                    "hub_id": str(body.get("decision_id", ""))[:64] or None,
                }
                for decision, body in batch
                if decision.id in still_pending
            ]
            if rows:
                session.connection().execute(_MARK_SENT, rows)
        report.pushed += len(rows)
        for decision, body in batch:
            if decision.id not in still_pending:
                self._settle(decision, "applied", 200, body, report)

    def _note_attempt(self, decision_id: int, error: str) -> None:
        with self.database.session() as session:
            session.execute(
                update(Decision)
                .where(Decision.id == decision_id, Decision.outbox_state == "pending")
                .values(attempts=Decision.attempts + 1, last_error=error)
            )

    def _settle(
        self, decision: Decision, kind: str, status: int, body: dict[str, Any], report: SyncReport
    ) -> None:
        now = datetime.now(UTC)
        with self.database.session() as session:
            row = session.get(Decision, decision.id, with_for_update=True)
            notice = session.get(NoticeRecord, decision.notice_id, with_for_update=True)
            assert row is not None and notice is not None
            if row.outbox_state not in ("pending", "withdrawn"):
                # Another seat took the claim over after ours ran out and has
                # settled it already: an acknowledged row is not touched again.
                log.info("%s: decision %s settled by another seat", row.receipt_number, row.id)
                return
            row.attempts += 1
            withdrawn_meanwhile = row.outbox_state == "withdrawn"
            if kind == "applied":
                row.outbox_state = "sent"
                row.sent_at = now
                row.last_error = None
                row.hub_decision_id = str(body.get("decision_id", ""))[:64] or None
                report.pushed += 1
                if withdrawn_meanwhile:
                    # A supervisor withdrew it while it was on the wire: the hub
                    # has it now, so the withdrawal must travel as a reopen.
                    queue_reopen(
                        session,
                        row.notice_id,
                        row.receipt_number,
                        row.version,
                        row.staff,
                        now,
                        idempotency_key=f"{row.idempotency_key[:48]}-reopen",
                    )
            elif kind == "stale":
                row.outbox_state = "conflict"
                row.last_error = (
                    f"the resident changed the notice (hub version {body.get('current_version')})"
                )
                report.conflicts += 1
                if row.decision != "reopen" and not withdrawn_meanwhile:
                    notice.status = Status.IN_PROGRESS
                    notice.assignee = notice.assignee or row.staff
                    notice.needs_review = True
                report.changed_ids.add(notice.id)
            elif kind == "decided_elsewhere":
                self._decided_elsewhere(session, row, notice, body, now, withdrawn_meanwhile)
                report.decided_elsewhere += 1
                report.changed_ids.add(notice.id)
            elif kind == "cancelled":
                row.outbox_state = "cancelled"
                row.last_error = "the resident cancelled the notice before the decision arrived"
                notice.status = Status.CANCELLED
                notice.hub_state = "cancelled"
                notice.needs_review = False
                report.cancelled += 1
                report.changed_ids.add(notice.id)
            else:
                row.outbox_state = "failed"
                row.last_error = (
                    f"hub answered {status}: {json.dumps(body, ensure_ascii=False)[:300]}"
                )
                report.errors.append(f"{row.receipt_number}: {row.last_error}")

    def _decided_elsewhere(
        self,
        session: Any,
        row: Decision,
        notice: NoticeRecord,
        body: dict[str, Any],
        now: datetime,
        withdrawn_meanwhile: bool,
    ) -> None:
        """The hub holds another PC's decision: keep it, say so, and drop ours."""
        current = body.get("current_decision")
        row.outbox_state = "superseded"
        if current not in ("accept", "reject"):
            row.last_error = "the notice is not decided at the hub; there was nothing to reopen"
            return
        staff = body.get("decided_by") if isinstance(body.get("decided_by"), str) else ""
        decided_at = _hub_time(body.get("decided_at"))
        version = body.get("current_version")
        version = version if isinstance(version, int) and version >= 1 else row.version
        done = "accepted" if current == "accept" else "rejected"
        who = f" by {staff}" if staff else ""
        when = f" at {decided_at.isoformat(timespec='minutes')}" if decided_at else ""
        row.last_error = (
            f"another PC already decided this notice at the hub: {done}{who}{when}; "
            "this decision was not applied"
        )
        log.warning("%s: %s", row.receipt_number, row.last_error)
        session.add(
            Decision(
                notice_id=notice.id,
                receipt_number=row.receipt_number,
                version=version,
                decision=current,
                staff=(staff or "")[:40],
                decided_at=decided_at or now,
                idempotency_key=f"at-hub-{row.idempotency_key[:50]}",
                outbox_state="at_hub",
                attempts=0,
                sent_at=now,
                hub_decision_id=str(body.get("decision_id") or "")[:64] or None,
            )
        )
        notice.status = Status.ACCEPTED if current == "accept" else Status.REJECTED
        notice.needs_review = False
        notice.updated_at = now
        if withdrawn_meanwhile:
            log.info("%s: withdrawn here, but the hub keeps its decision", row.receipt_number)

    # -- pull ---------------------------------------------------------------

    def pull_changes(self, report: SyncReport) -> None:
        """Pull if no other seat is pulling; otherwise leave it to that seat."""
        lease = acquire_lease(self.database, PULL_LEASE, self.seat, self.lease_seconds)
        if not lease.acquired:
            report.pull_left_to = lease.holder
            log.info("%s is pulling; this seat only pushed", lease.holder)
            return
        if lease.taken_over_from:
            report.pull_taken_over_from = lease.taken_over_from
            log.warning("took the pull over from %s, whose lease ran out", lease.taken_over_from)
        try:
            self._pull_pages(report)
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


def _hub_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None
