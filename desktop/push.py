"""Sending the outbox: each queued decision claimed by one seat, sent, settled by the hub's answer.

Notices go in parallel, one notice's decisions in order. A decision leaves the
outbox only after the hub acknowledged it; a repeat carries the same
idempotency key, so the hub applies it once.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from desktop.domain.workflow import Status
from desktop.hub.errors import HubUnavailable
from desktop.service import queue_reopen
from desktop.store.database import Database
from desktop.store.models import Decision, NoticeRecord
from desktop.store.outbox import claim_pending, last_pending_id, release_claims, renew_claims
from desktop.sync_report import SyncReport

if TYPE_CHECKING:
    from desktop.hub.client import HubClient

log = logging.getLogger(__name__)

# Acknowledged decisions are marked sent this many at a time: one transaction
# per decision was half the cost of a push. An acknowledgement lost to a
# crash only means the decision goes again with the same idempotency key.
ACK_BATCH = 50
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


class DecisionPush:
    """One push of the outbox by one seat."""

    def __init__(
        self,
        database: Database,
        client: HubClient,
        *,
        seat: str,
        claim_seconds: float,
        make_client: Callable[[], HubClient] | None,
        workers: int,
        progress: Callable[[str, int, int], None],
    ) -> None:
        self.database = database
        self.client = client
        self.seat = seat
        self.claim_seconds = claim_seconds
        self.make_client = make_client
        self.workers = workers
        self.progress = progress
        self._claims_renewed = time.monotonic()

    def _keep_claims(self) -> None:
        """Renew this seat's claims a few times per claim length while a slow hub is answering.

        Without it, a batch outlasting its claims would be sent again by another seat.
        """
        if time.monotonic() - self._claims_renewed < self.claim_seconds / 3:
            return
        renew_claims(self.database, self.seat, self.claim_seconds)
        self._claims_renewed = time.monotonic()

    def run(self, report: SyncReport) -> None:
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
                        self.database, self.seat, self.claim_seconds, CLAIM_NOTICES, newest
                    )
                    if decision.id not in attempted
                ]
                if not batch:
                    return
                attempted.update(decision.id for decision in batch)
                self._claims_renewed = time.monotonic()
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
                    self._keep_claims()
                if full:
                    settle_acked()

        workers = min(self.workers, len(queues)) if self.make_client else 1
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
            # The notice first, then its decision: the order a supervisor's
            # reopen takes them in, so the two wait for each other, never deadlock.
            notice = session.get(NoticeRecord, decision.notice_id, with_for_update=True)
            row = session.get(Decision, decision.id, with_for_update=True)
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


def _hub_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo is not None else None
