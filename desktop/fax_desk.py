"""The fax desk: this PC's one modem port, shared by the outgoing queue and incoming calls.

The modem serves the whole office: every seat queues into the shared
database, and the seat that holds the ``fax-modem`` lease dials the queue
and answers the line. A second seat with a modem stands by and takes over
once the holder stops renewing (it died, or lost the database for longer
than the lease); jobs the holder left mid-call go back to the queue
(``fax.job_claims``).

A single worker thread owns the open port. Between calls it sends every
job that is due (``FaxService``), otherwise it listens for RING and answers
after the configured number of rings, stores the fax and files any notice
code on its pages as evidence beside the stored notice (``desktop.fax_evidence``). Whoever wants to know what happens
subscribes a callback; callbacks run on the worker thread, so a GUI must
hand them over to its own thread (``ui.fax_window`` does it with signals).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from desktop.fax_events import (
    DeskEvent,
    DeskState,
    FaxArrived,
    HealthReport,
    JobEnded,
    JobQueued,
    Listener,
)
from desktop.fax_events import JobStarted as JobStarted  # listeners take the events from here
from desktop.fax_events import PageSent as PageSent
from desktop.fax_modem_use import FaxModem, PagesReported, modem_ready
from desktop.fax_notices import NoticeReader, default_notice_reader, read_fax_notices
from desktop.fax_office import MODEM_LEASE, MODEM_LEASE_SECONDS
from desktop.settings import Settings
from desktop.store.database import Database
from desktop.store.leases import LeaseKeeper, acquire_lease, release_lease, seat_name
from fax.jobs import FaxService, JobOutcome, RetryPolicy
from fax.modem.at import ModemError, ModemHealth, check_modem
from fax.modem.class2 import DriverConfig
from fax.modem.select import open_any_modem

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FaxDeskConfig:
    """How this PC's modem is driven; ``from_settings`` reads the declared settings."""

    port: str
    local_id: str = ""
    fax_class: str = "auto"
    bit_order: str = "direct"
    flow_control: str = "rtscts"
    rings: int = 2
    # The hub's Ed25519 public key (``desktop.hub.signing``); empty: signatures unchecked.
    hub_public_key: str = ""

    def driver_config(self) -> DriverConfig:
        return DriverConfig(
            local_id=self.local_id,
            fax_class=self.fax_class,
            flow_control=self.flow_control,
            bit_order=self.bit_order,
            answer_after_rings=self.rings,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> FaxDeskConfig:
        from desktop.fax_settings import setting_value

        return cls(
            port=str(setting_value(settings, "fax_modem_port")).strip(),
            local_id=str(settings.get("bureau_fax_number") or ""),
            fax_class=setting_value(settings, "fax_modem_class"),
            bit_order=setting_value(settings, "fax_bit_order"),
            flow_control=setting_value(settings, "fax_flow_control"),
            rings=int(setting_value(settings, "fax_answer_rings")),
            hub_public_key=str(setting_value(settings, "hub_fax_public_key")),
        )


class FaxDesk:
    """Start it once per program; ``stop`` ends the current call's wait and closes the port."""

    def __init__(
        self,
        database: Database,
        config: FaxDeskConfig,
        *,
        notice_reader: NoticeReader | bool | None = True,
        policy: RetryPolicy | None = None,
        now: Callable[[], datetime] | None = None,
        fax_dir: Path | None = None,
        lead_business_days: int = 1,
        poll_seconds: float = 0.5,
        reopen_seconds: float = 30.0,
        ping_seconds: float = 300.0,
        hub_reachable: Callable[[], bool] | None = None,
        hub_public_key: Callable[[], str] | None = None,
        seat: str | None = None,
        modem_lease_seconds: float = MODEM_LEASE_SECONDS,
        resume_seconds: float = 15.0,
    ) -> None:
        self.database = database
        self.seat = seat or seat_name()
        self.modem_lease_seconds = modem_lease_seconds
        # How often to look for jobs a seat left "sending" when it stopped answering.
        self.resume_seconds = resume_seconds
        self._last_resume = 0.0
        self._modem_lease: LeaseKeeper | None = None
        # Whether the hub answers, for a signed faxed notice to stand in; None: the
        # last sync's outcome in the store.
        self.hub_reachable = hub_reachable
        # The hub's key as the settings hold it now (they change while the desk
        # runs); None: the one in ``config``.
        self.hub_public_key = hub_public_key or (lambda: self.config.hub_public_key)
        self.config = config
        # True: the shared reader if it is installed; None or False: read no codes.
        self.notice_reader: NoticeReader | None = (
            default_notice_reader() if notice_reader is True else notice_reader or None
        )
        self.lead_business_days = lead_business_days
        self.poll_seconds = poll_seconds
        self.reopen_seconds = reopen_seconds
        self.ping_seconds = ping_seconds
        options: dict[str, Any] = {"policy": policy, "fax_dir": fax_dir, "seat": self.seat}
        if now is not None:
            options["now"] = now
        self.service = FaxService(database, self._borrow_modem, **options)
        self.health: ModemHealth | None = None
        self.state = DeskState("stopped")
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        self._modem: FaxModem | None = None
        self._current_job: int | None = None
        self._requests: list[tuple[Callable[[], Any], Future[Any]]] = []
        self._requests_lock = threading.Lock()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None
        self._last_ping = 0.0
        self._failures = 0

    # -- listeners ------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event; returns the function that unsubscribes."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock, contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: DeskEvent) -> None:
        if isinstance(event, DeskState):
            self.state = event
        elif isinstance(event, HealthReport):
            self.health = event.health
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop the modem
                log.exception("a fax desk listener failed on %r", event)

    # -- what other threads ask ---------------------------------------------------
    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.is_alive()

    def queue(
        self,
        document: bytes | str | Path,
        number: str,
        *,
        staff: str,
        resolution: str = "fine",
        subject: str = "",
    ) -> int:
        """Queue a document for sending (see ``FaxService.queue``) and wake the worker."""
        job_id = self.service.queue(
            document,
            number,
            staff=staff,
            resolution=resolution,  # type: ignore[arg-type]
            subject=subject,
        )
        self._emit(JobQueued(job_id))
        self._wake.set()
        return job_id

    def cancel(self, job_id: int, staff: str) -> bool:
        """Cancel a waiting job, or stop one being sent after its current page."""
        cancelled = self.service.cancel(job_id, staff)
        if cancelled and self._current_job != job_id:
            self._emit(JobEnded(job_id, "cancelled", (), ""))
        return cancelled

    def wake(self) -> None:
        """Look at the queue now (a job was retried or queued elsewhere)."""
        self._wake.set()

    def check_modem(self, port: str | None = None, timeout: float = 120.0) -> ModemHealth:
        """Check the modem on ``port`` (default: ours) without fighting the worker for it."""
        port = port or self.config.port
        if not port:
            return ModemHealth(
                "",
                False,
                datetime.now(UTC),
                japanese="モデムのポートが設定されていません",
                english="no modem port is set",
            )
        if port != self.config.port or not self.running:
            return check_modem(port)
        if self.state.state in ("sending", "receiving"):
            return ModemHealth(
                port,
                True,
                datetime.now(UTC),
                self.health.identity if self.health else None,
                "通話中です（モデムは使用中のため確認を省略しました）",
                "a call is under way (the modem is in use, so it was not checked)",
            )
        return self._ask(self._check_on_worker, timeout)

    def reconfigure(self, config: FaxDeskConfig) -> None:
        """Use new settings from the next call on; the port is reopened."""
        if not self.running:
            self.config = config
            return

        def apply() -> None:
            self._close()
            self.config = config

        self._ask(apply, 60.0)

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._worker = threading.Thread(target=self._run, name="fax-desk", daemon=True)
        self._worker.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Let a call in progress end for ``timeout`` seconds, then close the port anyway."""
        worker = self._worker
        if worker is None:
            return
        self._stop.set()
        self._wake.set()
        worker.join(timeout)
        if worker.is_alive():
            log.warning("a fax call was still under way at shutdown; closing the port")
            modem = self._modem
            if modem is not None:
                modem.channel.close()
            worker.join(30)
        self._worker = None
        with self._requests_lock:
            pending, self._requests = self._requests, []
        for _work, future in pending:
            future.cancel()

    # -- the worker -------------------------------------------------------------
    def _ask(self, work: Callable[[], Any], timeout: float) -> Any:
        future: Future[Any] = Future()
        with self._requests_lock:
            self._requests.append((work, future))
        self._wake.set()
        return future.result(timeout)

    def _serve_requests(self) -> None:
        with self._requests_lock:
            pending, self._requests = self._requests, []
        for work, future in pending:
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(work())
            except Exception as error:
                future.set_exception(error)

    def _check_on_worker(self) -> ModemHealth:
        self._close()
        self._emit(DeskState("checking"))
        health = check_modem(self.config.port)
        self._emit(HealthReport(health))
        return health

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._serve_requests()
                if self._modem is None and not self._open():
                    self._pause(self._backoff())
                    continue
                try:
                    self._turn()
                    self._failures = 0
                except ModemError as error:
                    if self._stop.is_set():
                        break
                    self._lost(error)
                except SQLAlchemyError as error:
                    # The office's database is away: the modem waits for it, the desk goes on.
                    log.warning("the fax desk cannot reach the database: %s", type(error).__name__)
                    self._pause(self._backoff())
        except Exception:
            log.exception("the fax desk worker failed")
        finally:
            self._close()
            self._emit(DeskState("stopped"))

    def _backoff(self) -> float:
        """Seconds to wait before the next try: short at first (a window reopening after
        sign-out frees the port within a moment), then ``reopen_seconds``."""
        self._failures += 1
        return min(self.reopen_seconds, 2.0**self._failures)

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _open(self) -> bool:
        config = self.config
        if not config.port:
            self._emit(DeskState("offline"))
            return False
        if not self._take_modem_lease():
            return False
        try:
            self._modem = open_any_modem(config.port, config.driver_config())
        except ModemError as error:
            self._give_modem_lease_back()
            self._emit(
                HealthReport(
                    ModemHealth(
                        config.port, False, datetime.now(UTC), None, error.japanese, error.english
                    )
                )
            )
            self._emit(DeskState("offline"))
            return False
        self._last_ping = time.monotonic()
        self._emit(HealthReport(modem_ready(config.port, self._modem)))
        self._emit(DeskState("idle"))
        return True

    def _close(self) -> None:
        modem, self._modem = self._modem, None
        if modem is not None:
            modem.channel.close()
        self._give_modem_lease_back()

    def _take_modem_lease(self) -> bool:
        """The office's modem is one seat's: stand by while another live seat has it."""
        try:
            lease = acquire_lease(self.database, MODEM_LEASE, self.seat, self.modem_lease_seconds)
        except SQLAlchemyError as error:
            log.warning("cannot tell which seat has the modem: %s", type(error).__name__)
            self._emit(DeskState("offline"))
            return False
        if not lease.acquired:
            self._emit(DeskState("standby", holder=lease.holder or ""))
            return False
        if lease.taken_over_from:
            log.warning(
                "the modem seat %s stopped answering; this seat has the modem now",
                lease.taken_over_from,
            )
        self._modem_lease = LeaseKeeper(
            self.database, MODEM_LEASE, self.seat, self.modem_lease_seconds
        ).start()
        return True

    def _give_modem_lease_back(self) -> None:
        keeper, self._modem_lease = self._modem_lease, None
        if keeper is None:
            return
        keeper.stop()
        try:
            release_lease(self.database, MODEM_LEASE, self.seat)
        except SQLAlchemyError:
            log.warning("the modem lease could not be given back; it runs out by itself")

    def _lost(self, error: ModemError) -> None:
        log.warning("the fax modem stopped answering: %s", error)
        self._close()
        self._emit(
            HealthReport(
                ModemHealth(
                    self.config.port, False, datetime.now(UTC), None, error.japanese, error.english
                )
            )
        )
        self._emit(DeskState("offline"))
        self._pause(self._backoff())

    def _turn(self) -> None:
        modem = self._modem
        assert modem is not None
        keeper = self._modem_lease
        if keeper is not None and keeper.lost.is_set():
            # Out of touch long enough for another seat to take the modem over.
            log.warning("another seat has taken the office's modem; this one stands by")
            self._close()
            self._emit(DeskState("standby"))
            self._pause(self._backoff())
            return
        if time.monotonic() - self._last_resume > self.resume_seconds:
            self._last_resume = time.monotonic()
            self._resume_abandoned()
        # A caller already ringing goes first: dialling out now would drop them.
        if not modem.channel.rings:
            for job_id in self.service.due_jobs():
                if self._stop.is_set() or self._requests or modem.channel.rings:
                    break
                self._send(job_id)
        if self._stop.is_set() or self._requests:
            return
        self._wake.clear()
        if modem.wait_for_call(self.poll_seconds):
            self._receive(modem)
        elif time.monotonic() - self._last_ping > self.ping_seconds and not modem.channel.rings:
            # An unplugged USB modem shows only when it is spoken to.
            modem.channel.synchronise()
            self._last_ping = time.monotonic()

    def _resume_abandoned(self) -> None:
        try:
            for job_id in self.service.resume_abandoned():
                self._emit(JobEnded(job_id, "queued", (), ""))
        except SQLAlchemyError as error:
            log.warning("abandoned fax jobs could not be looked for: %s", type(error).__name__)

    def _borrow_modem(self) -> contextlib.AbstractContextManager[PagesReported]:
        @contextlib.contextmanager
        def borrowed() -> Iterator[PagesReported]:
            if self._modem is None:
                raise ModemError("モデムが開いていません", "the modem is not open")
            yield PagesReported(self._emit, self._modem, self._current_job)

        return borrowed()

    def _send(self, job_id: int) -> JobOutcome:
        self._current_job = job_id
        self._emit(DeskState("sending", job_id))
        try:
            outcome = self.service.send_job(job_id)
        finally:
            self._current_job = None
        message = outcome.reason.message() if outcome.reason else ""
        self._emit(JobEnded(job_id, outcome.state, tuple(outcome.pages_sent), message))
        self._emit(DeskState("idle"))
        if outcome.reason is not None and outcome.reason.category == "modem":
            # The modem misbehaved during the call: make sure it still answers.
            assert self._modem is not None
            self._modem.channel.synchronise()
        return outcome

    def _receive(self, modem: FaxModem) -> int | None:
        self._emit(DeskState("receiving"))
        result = modem.receive()
        fax_id = self.service.store_received(result)
        self._emit(DeskState("idle"))
        if fax_id is None:
            return None
        reading = read_fax_notices(
            self.database,
            fax_id,
            [(page.bitmap, page.resolution) for page in result.pages],
            self.notice_reader,
            lead_business_days=self.lead_business_days,
            hub_public_key=self.hub_public_key(),
            reachable=self.hub_reachable,
            caller=str(getattr(result, "caller_id", "") or ""),
        )
        self._emit(
            FaxArrived(
                fax_id,
                len(result.pages),
                result.partial,
                reading.receipts,
                reading.notice_ids,
            )
        )
        return fax_id
