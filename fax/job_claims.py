"""Which seat is dialling a fax job: a lease per job, kept alive for as long as the call lasts.

The queue is the office's: every seat queues into one database, and the
seat with the modem dials. A seat takes the job's lease (``fax-job:<id>``)
before it moves the job to "sending"; a keeper thread renews it during
the call, which with many pages can last minutes, and each page the
receiver confirms is written down at once. When a seat dies in the middle
of a call its lease runs out (at once, for a process on the same PC that
has ended), and the next seat that runs the queue puts the job back with
only the unconfirmed pages left: nothing is lost, and no confirmed page is
sent again.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import select, update

from desktop import audit
from desktop.store.database import Database
from desktop.store.leases import LeaseKeeper, acquire_lease, drop_lease, seat_pc
from fax.modem.results import PageOutcome
from fax.store_models import FaxCallAttempt, FaxJob, FaxJobPage

log = logging.getLogger(__name__)

JOB_LEASE_SECONDS = 90.0
INTERRUPTED = "interrupted"  # a FaxCallAttempt outcome: the dialling seat stopped answering


def job_lease(job_id: int) -> str:
    return f"fax-job:{job_id}"


def take_job(database: Database, job_id: int, seat: str, seconds: float) -> bool:
    """Hold the job's lease; False while another live seat holds it."""
    return acquire_lease(database, job_lease(job_id), seat, seconds).acquired


def give_job_back(database: Database, job_id: int, seat: str) -> None:
    drop_lease(database, job_lease(job_id), seat)


def call_keeper(
    database: Database, job_id: int, seat: str, seconds: float, cancel: threading.Event
) -> LeaseKeeper:
    """Renews the job's lease during the call, and ends the call after its current page
    when the job was cancelled at another seat or the lease went to another seat."""

    def look() -> None:
        with database.session() as session:
            state = session.scalar(select(FaxJob.state).where(FaxJob.id == job_id))
        if state == "cancelled" or keeper.lost.is_set():
            cancel.set()

    keeper = LeaseKeeper(database, job_lease(job_id), seat, seconds, on_beat=look)
    return keeper


def record_confirmed_page(
    database: Database, job_id: int, outcome: PageOutcome, when: datetime
) -> None:
    """Write a page the receiver confirmed, during the call: a seat that dies after it
    must not leave the page to be sent again."""
    if not outcome.confirmed:
        return
    with database.session() as session:
        session.execute(
            update(FaxJobPage)
            .where(
                FaxJobPage.job_id == job_id,
                FaxJobPage.page_number == outcome.number,
                FaxJobPage.state != "sent",
            )
            .values(
                state="sent",
                sent_at=when,
                result=outcome.verdict,
                attempts=FaxJobPage.attempts + outcome.attempts,
            )
            .execution_options(synchronize_session=False)
        )


def resume_abandoned(database: Database, seat: str, now: datetime) -> list[int]:
    """Put back in the queue every job left "sending" by a seat that stopped answering.

    Taking the job's lease first means a live seat's call is never touched:
    its lease is renewed, so it cannot be taken.
    """
    with database.session() as session:
        sending = list(session.scalars(select(FaxJob.id).where(FaxJob.state == "sending")))
    resumed = []
    for job_id in sending:
        lease = acquire_lease(database, job_lease(job_id), seat, JOB_LEASE_SECONDS)
        if not lease.acquired:
            continue
        try:
            with database.session() as session:
                job = session.get(FaxJob, job_id)
                if job is None or job.state != "sending":
                    continue
                left = [page.page_number for page in job.pages if page.state != "sent"]
                started = job.updated_at
                job.state, job.next_attempt_at, job.updated_at = "queued", now, now
                by = lease.taken_over_from or "?"
                pc = seat_pc(by)
                session.add(
                    FaxCallAttempt(
                        job_id=job_id,
                        started_at=started,
                        ended_at=now,
                        outcome=INTERRUPTED,
                        hangup_code=None,
                        message=f"送信中の席（{pc}）が応答しなくなりました。確認済みでないページを"
                        f"送り直します / the seat sending it ({pc}) stopped answering; the "
                        "pages not yet confirmed are sent again",
                        pages_sent="",
                        remote_id="",
                    )
                )
                audit.record(
                    session,
                    "system",
                    "fax_resume",
                    f"fax_job:{job_id}",
                    f"left sending by {by}; pages still to send: {','.join(map(str, left)) or '-'}",
                )
                resumed.append(job_id)
        finally:
            drop_lease(database, job_lease(job_id), seat)
    if resumed:
        log.warning("fax jobs %s were left sending by a seat that stopped; queued again", resumed)
    return resumed
