"""The fax queue: outgoing jobs with a retry policy, incoming faxes kept as TIFF-F.

``FaxService.run_pending(now)`` sends every job that is due, one call per
job, through a modem from ``open_modem``; ``start()`` runs it on a worker
thread. A retry call sends only the pages the receiver has not confirmed,
so no page is lost or sent twice. Received faxes go to
``data_dir()/fax`` (partial ones too, marked so); an injectable
``notice_reader`` is asked whether a received page carries a notice code.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sqlalchemy import select, update

from desktop import audit, paths
from desktop.messages import QT_TRANSLATE_NOOP, UserError
from desktop.privacy import private_folder
from desktop.store.database import Database
from desktop.store.leases import seat_name
from fax.codec import Resolution
from fax.inbox_store import NoticeReader, store_received
from fax.job_claims import (
    JOB_LEASE_SECONDS,
    call_keeper,
    give_job_back,
    record_confirmed_page,
    resume_abandoned,
    take_job,
)
from fax.modem import hangup
from fax.modem.at import ModemError
from fax.modem.results import PageOutcome, ReceiveResult, SendResult
from fax.store_models import FaxCallAttempt, FaxJob, FaxJobPage
from fax.tiff import iter_tiff, read_tiff

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryRule:
    delay: timedelta
    limit: int


@dataclass(frozen=True)
class RetryPolicy:
    """How long to wait and how often to retry, by the kind of failure."""

    busy: RetryRule = RetryRule(timedelta(minutes=3), 5)
    no_answer: RetryRule = RetryRule(timedelta(minutes=5), 3)
    training: RetryRule = RetryRule(timedelta(minutes=10), 2)
    line: RetryRule = RetryRule(timedelta(minutes=3), 3)
    modem: RetryRule = RetryRule(timedelta(minutes=2), 3)

    def rule_for(self, kind: str) -> RetryRule | None:
        """None for failures a retry cannot cure (the remote refuses, a bad document)."""
        return (
            getattr(self, kind, None)
            if kind in ("busy", "no_answer", "training", "line", "modem")
            else None
        )


class FaxSender(Protocol):
    def send(
        self,
        number: str,
        pages: Sequence[np.ndarray],
        resolution: Resolution = "fine",
        *,
        on_page: Callable[[PageOutcome], None] | None = None,
        cancel: threading.Event | None = None,
        page_numbers: Sequence[int] | None = None,
    ) -> SendResult: ...


ModemOpener = Callable[[], AbstractContextManager[FaxSender]]


class JobError(UserError, ValueError):
    """A job cannot be queued or changed; the message says why."""


def unreadable_document(name: str) -> JobError:
    return JobError(
        "fax_document_unreadable",
        QT_TRANSLATE_NOOP(
            "CoreMessages",
            "文書「{name}」をファクスにできません。壊れているか、PDF・画像・TIFFではありません",
        ),
        name=name,
    )


def empty_document() -> JobError:
    return JobError(
        "fax_document_empty",
        QT_TRANSLATE_NOOP("CoreMessages", "ファクスにする文書にページがありません"),
    )


@dataclass
class JobOutcome:
    job_id: int
    state: str
    pages_sent: list[int] = field(default_factory=list)
    reason: hangup.HangupReason | None = None


def _now() -> datetime:
    return datetime.now(UTC)


def _document_failure(pending: list[int], detail: str) -> SendResult:
    """No call is made: the job's document cannot be read (a retry will not cure it)."""
    reason = hangup.HangupReason(
        hangup.MODEM_ERROR,
        "document",
        f"文書を読めません: {detail}",
        f"the document cannot be read: {detail}",
    )
    return SendResult([PageOutcome(n) for n in pending], reason)


def document_bytes(job: FaxJob) -> bytes:
    if job.document is not None:
        return job.document
    if job.document_path:
        return Path(job.document_path).read_bytes()
    raise JobError(
        "fax_job_without_document",
        QT_TRANSLATE_NOOP("CoreMessages", "ファクスのジョブ {job} に文書がありません"),
        job=job.id,
    )


class FaxService:
    def __init__(
        self,
        database: Database,
        open_modem: ModemOpener,
        *,
        policy: RetryPolicy | None = None,
        notice_reader: NoticeReader | None = None,
        now: Callable[[], datetime] = _now,
        fax_dir: Path | None = None,
        seat: str | None = None,
        claim_seconds: float = JOB_LEASE_SECONDS,
    ) -> None:
        self.database = database
        self.seat = seat or seat_name()
        self.claim_seconds = claim_seconds
        self.open_modem = open_modem
        self.policy = policy or RetryPolicy()
        self.notice_reader = notice_reader
        self.now = now
        self._fax_dir = fax_dir
        self._cancel_events: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None

    @property
    def fax_dir(self) -> Path:
        return private_folder(self._fax_dir) if self._fax_dir else paths.fax_dir()

    # -- queueing -----------------------------------------------------------
    def queue(
        self,
        document: bytes | str | Path,
        number: str,
        *,
        staff: str,
        resolution: Resolution = "fine",
        subject: str = "",
        keep_path: bool = False,
    ) -> int:
        """Queue a TIFF-F document (bytes or a file; a PDF or image is converted)."""
        digits = "".join(c for c in number if c.isdigit() or c in "*#,")
        if not digits:
            raise JobError(
                "fax_number_invalid",
                QT_TRANSLATE_NOOP(
                    "CoreMessages", "FAX番号「{number}」が正しくありません。数字で入力してください"
                ),
                number=number,
            )
        path: str | None = None
        if isinstance(document, bytes):
            data = document
        else:
            source = Path(document)
            if source.suffix.lower() in (".tif", ".tiff"):
                data = source.read_bytes()
                path = str(source) if keep_path else None
            else:
                from fax.pages import convert_file

                buffer = io.BytesIO()
                try:
                    convert_file(source, buffer, "mh", resolution)
                except JobError:
                    raise
                except (OSError, ValueError, RuntimeError) as error:
                    raise unreadable_document(source.name) from error
                data = buffer.getvalue()
        try:
            # Decoded one at a time: every page must read, none is kept.
            page_count = sum(1 for _ in iter_tiff(data))
        except (ValueError, KeyError, IndexError) as error:
            raise unreadable_document(
                source.name if not isinstance(document, bytes) else "—"
            ) from error
        if not page_count:
            raise empty_document()
        now = self.now()
        with self.database.session() as session:
            job = FaxJob(
                number=digits,
                subject=subject[:200],
                document=None if path else data,
                document_path=path,
                page_count=page_count,
                resolution=resolution,
                state="queued",
                attempts=0,
                retry_counts="{}",
                next_attempt_at=now,
                failure_kind="",
                last_error="",
                remote_id="",
                created_by=staff,
                created_at=now,
                updated_at=now,
            )
            job.pages = [
                FaxJobPage(page_number=n, state="pending", result="", attempts=0)
                for n in range(1, page_count + 1)
            ]
            session.add(job)
            session.flush()
            audit.record(
                session,
                staff,
                "fax_queue",
                f"fax_job:{job.id}",
                f"to {digits}, {page_count} pages, {subject}",
            )
            job_id = job.id
        self._wake.set()
        return job_id

    def cancel(self, job_id: int, staff: str) -> bool:
        """Cancel a queued job, or stop a job being sent after its current page."""
        with self.database.session() as session:
            job = session.get(FaxJob, job_id)
            if job is None or job.state not in ("queued", "sending"):
                return False
            if job.state == "sending":
                with self._lock:
                    event = self._cancel_events.get(job_id)
                if event is not None:
                    event.set()
            job.state = "cancelled"
            job.finished_at = job.updated_at = self.now()
            job.next_attempt_at = None
            audit.record(session, staff, "fax_cancel", f"fax_job:{job_id}", "")
        return True

    def due_jobs(self, now: datetime | None = None) -> list[int]:
        moment = now or self.now()
        with self.database.session() as session:
            return list(
                session.scalars(
                    select(FaxJob.id)
                    .where(FaxJob.state == "queued", FaxJob.next_attempt_at <= moment)
                    .order_by(FaxJob.next_attempt_at, FaxJob.id)
                )
            )

    def run_pending(self, now: datetime | None = None) -> list[JobOutcome]:
        """Send every job due at ``now``; one call each."""
        self.resume_abandoned()
        return [self.send_job(job_id, now) for job_id in self.due_jobs(now)]

    # -- sending ------------------------------------------------------------
    def send_job(self, job_id: int, now: datetime | None = None) -> JobOutcome:
        started = now or self.now()
        # The job's lease first, then the guarded UPDATE: two seats both reading
        # "queued" would otherwise both dial, and a seat putting abandoned jobs
        # back (``resume_abandoned``) can never touch a call that is under way.
        if not take_job(self.database, job_id, self.seat, self.claim_seconds):
            return JobOutcome(job_id, "sending")
        try:
            with self.database.session() as session:
                claimed = session.execute(
                    update(FaxJob)
                    .where(FaxJob.id == job_id, FaxJob.state == "queued")
                    .values(state="sending", attempts=FaxJob.attempts + 1, updated_at=started)
                    .execution_options(synchronize_session=False)
                ).rowcount
                job = session.get(FaxJob, job_id)
                if job is None or not claimed:
                    return JobOutcome(job_id, job.state if job else "missing")
                try:
                    data: bytes | None = document_bytes(job)
                except (OSError, JobError) as error:
                    data, unreadable = None, str(error)
                number, resolution = job.number, job.resolution
                pending = [page.page_number for page in job.pages if page.state != "sent"]
            cancel = threading.Event()
            with self._lock:
                self._cancel_events[job_id] = cancel
            try:
                if data is None:
                    result = _document_failure(pending, unreadable)
                else:
                    with call_keeper(self.database, job_id, self.seat, self.claim_seconds, cancel):
                        result = self._call(data, number, resolution, pending, cancel, job_id)
            finally:
                with self._lock:
                    self._cancel_events.pop(job_id, None)
            return self._record(job_id, result, started, cancel.is_set())
        finally:
            give_job_back(self.database, job_id, self.seat)

    def resume_abandoned(self) -> list[int]:
        """Queue again the jobs a seat left "sending" when it stopped answering."""
        return resume_abandoned(self.database, self.seat, self.now())

    def _call(
        self,
        data: bytes,
        number: str,
        resolution: str,
        pending: list[int],
        cancel: threading.Event,
        job_id: int,
    ) -> SendResult:
        from fax.pages import change_resolution  # Pillow, only once a fax is sent

        try:
            # Pages are sent at the job's resolution, whatever the file's own.
            bitmaps = [
                change_resolution(page.bitmap, page.resolution, resolution)  # type: ignore[arg-type]
                for page in read_tiff(data)
            ]
        except ValueError as error:
            return _document_failure(pending, str(error))
        if max(pending, default=0) > len(bitmaps):
            return _document_failure(pending, "the document has fewer pages than the job")
        try:
            with self.open_modem() as modem:
                return modem.send(
                    number,
                    [bitmaps[n - 1] for n in pending],
                    resolution,  # type: ignore[arg-type]
                    cancel=cancel,
                    page_numbers=pending,
                    on_page=lambda outcome: record_confirmed_page(
                        self.database, job_id, outcome, self.now()
                    ),
                )
        except ModemError as error:
            reason = hangup.HangupReason(hangup.MODEM_ERROR, "modem", error.japanese, error.english)
            return SendResult([PageOutcome(n) for n in pending], reason)

    def _record(
        self, job_id: int, result: SendResult, started: datetime, cancelled: bool
    ) -> JobOutcome:
        ended = self.now()
        with self.database.session() as session:
            job = session.get(FaxJob, job_id)
            assert job is not None
            by_number = {page.page_number: page for page in job.pages}
            for outcome in result.pages:
                page = by_number.get(outcome.number)
                if page is None or page.state == "sent":
                    continue
                page.attempts += outcome.attempts
                page.result = outcome.verdict
                if outcome.confirmed:
                    page.state, page.sent_at = "sent", ended
                elif outcome.attempts:
                    page.state = "failed"
            reason = result.hangup
            all_sent = all(page.state == "sent" for page in job.pages)
            kind = "ok" if all_sent else reason.category
            if not all_sent and kind == "ok":
                kind = "line"  # the call ended "normally" but pages are missing
            session.add(
                FaxCallAttempt(
                    job_id=job_id,
                    started_at=started,
                    ended_at=ended,
                    outcome=kind,
                    hangup_code=reason.code,
                    message=reason.message(),
                    pages_sent=",".join(str(n) for n in result.confirmed_pages),
                    remote_id=result.remote_id[:40],
                    bit_rate=result.session.bit_rate if result.session else None,
                    coding=result.session.scheme.upper() if result.session else "",
                )
            )
            job.remote_id = result.remote_id[:40] or job.remote_id
            job.hangup_code = reason.code
            job.updated_at = ended
            if job.state == "cancelled" or cancelled:
                job.state, job.finished_at = "cancelled", ended
            elif all_sent:
                job.state, job.finished_at, job.next_attempt_at = "sent", ended, None
                job.failure_kind, job.last_error = "", ""
            else:
                job.failure_kind, job.last_error = kind, reason.message()
                counts = json.loads(job.retry_counts or "{}")
                rule = self.policy.rule_for(kind)
                if rule is not None and counts.get(kind, 0) < rule.limit:
                    counts[kind] = counts.get(kind, 0) + 1
                    job.retry_counts = json.dumps(counts, sort_keys=True)
                    job.state, job.next_attempt_at = "queued", ended + rule.delay
                else:
                    job.state, job.finished_at, job.next_attempt_at = "failed", ended, None
            audit.record(
                session,
                job.created_by or "system",
                "fax_send",
                f"fax_job:{job_id}",
                f"to {job.number}: {job.state}; pages {','.join(map(str, result.confirmed_pages)) or '-'}; {reason.english}",
            )
            return JobOutcome(job_id, job.state, result.confirmed_pages, reason)

    def transmission_report(
        self, job_id: int, *, bureau_name: str = "", date_style: str = "era"
    ) -> Any:
        """The 送信結果 report of a job as a ``printing.common.PrintResult`` (PDF)."""
        from fax.job_report import transmission_report

        return transmission_report(
            self.database, job_id, self.now(), bureau_name=bureau_name, date_style=date_style
        )

    # -- receiving ----------------------------------------------------------
    def store_received(self, result: ReceiveResult, now: datetime | None = None) -> int | None:
        """Keep a received fax for the office (see ``fax.inbox_store``); None if nothing came."""
        return store_received(
            self.database, self.fax_dir, result, self.notice_reader, now or self.now(), self.seat
        )

    # -- worker -------------------------------------------------------------
    def start(self, interval: float = 30.0) -> None:
        """Run the queue on a worker thread every ``interval`` seconds (and when a job is queued)."""
        if self._worker is not None:
            return
        self._stop.clear()

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.run_pending()
                except Exception:
                    log.exception("the fax queue worker failed; it will try again")
                self._wake.wait(interval)
                self._wake.clear()

        self._worker = threading.Thread(target=loop, name="fax-queue", daemon=True)
        self._worker.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._worker is not None:
            self._worker.join(timeout=30)
            self._worker = None


@contextlib.contextmanager
def modem_opener(port: str, config: Any = None) -> Iterator[FaxSender]:
    """Open the modem on ``port`` for one call and close it afterwards."""
    from fax.modem.select import open_any_modem  # Class 2.0/2 or, failing those, Class 1

    modem = open_any_modem(port, config)
    try:
        yield modem
    finally:
        modem.channel.close()
