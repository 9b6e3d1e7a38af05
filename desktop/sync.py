"""Two-way sync with the hub: push queued decisions, then pull changes by cursor.

Nothing is lost whatever stops us: a decision leaves the outbox only after
the hub acknowledged it (a repeat carries the same idempotency key, so the
hub applies it once), and the cursor moves only together with the page it
belongs to.
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

from desktop.domain.notice import InvalidNotice, Notice, notice_from_payload, notice_to_payload
from desktop.domain.workflow import Status
from desktop.hub.errors import HubAuthError, HubError, HubUnavailable
from desktop.service import queue_reopen
from desktop.store.database import Database
from desktop.store.ingest import quarantine, store_notices
from desktop.store.models import Decision, NoticeRecord, SyncState

if TYPE_CHECKING:
    from desktop.hub.client import HubClient

log = logging.getLogger(__name__)

CURSOR_KEY = "pull_cursor"
LAST_SYNC_KEY = "last_sync_at"
LAST_ERROR_KEY = "last_sync_error"

# Acknowledged decisions are marked sent this many at a time: one transaction
# per decision was half the cost of a push. An acknowledgement lost to a
# crash only means the decision goes again with the same idempotency key.
ACK_BATCH = 50

_MARK_SENT = (
    update(Decision)
    .where(Decision.id == bindparam("decision_id"))
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
    errors: list[str] = field(default_factory=list)
    offline: bool = False
    sign_in_refused: bool = False
    changed_ids: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.offline

    def summary(self) -> str:
        return (
            f"pulled {self.pulled} (new {self.new}, changed {self.changed}, "
            f"cancelled {self.cancelled}), pushed {self.pushed}, conflicts {self.conflicts}, "
            f"quarantined {self.quarantined}, errors {len(self.errors)}"
            + (" — hub unreachable, working offline" if self.offline else "")
        )


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
    ) -> None:
        self.database = database
        self.client = client
        self.page_size = page_size
        self.lead_business_days = lead_business_days
        self.progress = progress or (lambda _stage, _done, _total: None)
        # More clients push in parallel when the engine can make them.
        self.make_client = make_client
        self.push_workers = push_workers

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
        with self.database.session() as session:
            _write_state(session, LAST_SYNC_KEY, datetime.now(UTC).isoformat())
            _write_state(session, LAST_ERROR_KEY, "; ".join(report.errors))
        return report

    # -- push ---------------------------------------------------------------

    def push_pending(self, report: SyncReport) -> None:
        """Send every queued decision; notices go in parallel, one notice's decisions in order.

        A real hub is tens of milliseconds away: one request after another
        would take minutes for a busy morning's decisions.
        """
        with self.database.session() as session:
            pending = session.scalars(
                select(Decision).where(Decision.outbox_state == "pending").order_by(Decision.id)
            ).all()
        if not pending:
            return
        by_notice: dict[int, list[Decision]] = {}
        for decision in pending:
            by_notice.setdefault(decision.notice_id, []).append(decision)
        queues = list(by_notice.values())
        total = len(pending)
        done = [0]
        lock = threading.Lock()
        stop = threading.Event()
        failures: list[Exception] = []

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
                except HubUnavailable:
                    self._note_attempt(decision.id, "hub unreachable")
                    stop.set()  # the hub is gone: leave the rest queued for the next sync
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
        if stop.is_set():
            report.offline = True

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
                .where(Decision.id == decision_id)
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

    # -- pull ---------------------------------------------------------------

    def pull_changes(self, report: SyncReport) -> None:
        cursor = read_state(self.database, CURSOR_KEY)
        pages = 0
        while True:
            page = self.client.pull(cursor, self.page_size)
            self._store_page(page.items, page.next_cursor or cursor, report)
            cursor = page.next_cursor or cursor
            pages += 1
            self.progress(
                "pull", report.pulled, report.pulled + (self.page_size if page.has_more else 0)
            )
            if not page.has_more or not page.items:
                break

    def _store_page(self, items: list[Any], cursor: str | None, report: SyncReport) -> None:
        valid: dict[str, Notice] = {}
        rejected: list[tuple[Any, str, str | None]] = []
        for item in items:
            try:
                notice = notice_from_payload(item)
            except InvalidNotice as error:
                rejected.append((item, str(error), error.receipt_number))
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
        with self.database.session() as session:
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
            for raw, reason, receipt in rejected:
                quarantine(session, raw, reason, receipt)
            if cursor is not None:
                _write_state(session, CURSOR_KEY, cursor)
        report.pulled += len(items)
        report.new += len(result.new)
        report.changed += len(result.changed)
        report.cancelled += len(result.cancelled)
        report.quarantined += len(rejected)
        report.changed_ids |= result.touched
        report.errors.extend(result.problems)
