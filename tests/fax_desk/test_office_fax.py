"""The office's fax across seats: one seat dials what any seat queued, a seat that
dies mid-call leaves nothing lost or sent twice, received pages reach every seat,
and two clerks never file the same faxed paper twice."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desktop.fax_desk import FaxDesk, FaxDeskConfig
from desktop.fax_events import DeskState
from desktop.fax_inbox import PagesOnOtherSeat, inbox, page_pngs
from desktop.fax_notices import FaxFiledElsewhere, make_notice_from_fax
from desktop.fax_office import MODEM_LEASE, fax_office, faxes_after
from desktop.store.database import Database, database_now, open_database
from desktop.store.leases import acquire_lease, lease_holder
from desktop.store.models import AuditEntry, NoticeRecord, SyncLease
from fax.job_claims import INTERRUPTED, job_lease, resume_abandoned, take_job
from fax.jobs import FaxService
from fax.modem.hangup import describe
from fax.modem.results import PageOutcome, ReceivedPage, ReceiveResult, SendResult
from fax.store_models import FaxCallAttempt, FaxJob, FaxJobPage, ReceivedFax, ReceivedFaxImage
from fax.tiff import PageToWrite, write_tiff
from tests.fax_desk.conftest import DESK, FAR, Events
from tests.fax_modem.conftest import make_page

WAIT_LIMIT = 60.0  # seconds; only a broken test waits this long
SEAT_A = "counter-1 pid 101 #aaaaaa"  # seats on other PCs: never "gone" by process id
SEAT_B = "counter-2 pid 202 #bbbbbb"


@pytest.fixture
def second_database(database_url: str, database: Database) -> Iterator[Database]:
    other = open_database(database_url)
    yield other
    other.close()


def _document(pages: int) -> bytes:
    out = io.BytesIO()
    write_tiff(out, [PageToWrite(make_page(n), "fine") for n in range(pages)], compression="mh")
    return out.getvalue()


class RecordingSender:
    """A modem that confirms every page it is given and remembers which."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, number, pages, resolution="fine", *, on_page=None, cancel=None,
             page_numbers=None):  # fmt: skip
        outcomes = []
        for number_ in page_numbers or range(1, len(pages) + 1):
            if cancel is not None and cancel.is_set():
                break
            outcome = PageOutcome(number_, "MCF", 1)
            self.sent.append(number_)
            outcomes.append(outcome)
            if on_page:
                on_page(outcome)
        return SendResult(outcomes, describe(0), "REMOTE")


def _service(database: Database, seat: str, sender=None, **options) -> FaxService:
    modem = sender or RecordingSender()
    return FaxService(database, lambda: contextlib.nullcontext(modem), seat=seat, **options)


def _expire(database: Database, name: str) -> None:
    with database.session() as session:
        past = database_now(session) - timedelta(minutes=5)
        session.execute(update(SyncLease).where(SyncLease.name == name).values(expires_at=past))


def _pages(database: Database, job_id: int) -> dict[int, str]:
    with database.session() as session:
        return dict(
            session.execute(
                select(FaxJobPage.page_number, FaxJobPage.state).where(FaxJobPage.job_id == job_id)
            ).all()
        )


def test_a_job_queued_at_one_seat_is_dialled_by_the_seat_with_the_modem(
    database, second_database
) -> None:
    counter = _service(second_database, SEAT_B)  # no modem: it only queues
    job_id = counter.queue(_document(2), "0399990000", staff="clerk1")
    modem_seat = RecordingSender()
    outcomes = _service(database, SEAT_A, modem_seat).run_pending()
    assert [(o.job_id, o.state) for o in outcomes] == [(job_id, "sent")]
    assert modem_seat.sent == [1, 2]
    assert _pages(second_database, job_id) == {1: "sent", 2: "sent"}
    assert lease_holder(database, job_lease(job_id)).holder is None  # the lease went with it


def test_a_job_another_seat_holds_is_left_to_it(database, second_database) -> None:
    job_id = _service(database, SEAT_A).queue(_document(1), "0399990000", staff="clerk1")
    assert take_job(database, job_id, SEAT_A, 90)
    sender = RecordingSender()
    outcome = _service(second_database, SEAT_B, sender).send_job(job_id)
    assert outcome.state == "sending" and sender.sent == []
    with database.session() as session:
        assert session.get(FaxJob, job_id).state == "queued"  # untouched: seat A dials it


def test_a_live_call_is_never_put_back_and_an_abandoned_one_is(database, second_database) -> None:
    job_id = _service(database, SEAT_A).queue(_document(3), "0399990000", staff="clerk1")
    # Seat A claimed the job and had page 1 confirmed when it stopped answering.
    assert take_job(database, job_id, SEAT_A, 90)
    with database.session() as session:
        session.execute(update(FaxJob).where(FaxJob.id == job_id).values(state="sending"))
        session.execute(
            update(FaxJobPage)
            .where(FaxJobPage.job_id == job_id, FaxJobPage.page_number == 1)
            .values(state="sent")
        )
    now = datetime.now(UTC)
    assert resume_abandoned(second_database, SEAT_B, now) == []  # its lease is alive

    _expire(database, job_lease(job_id))
    assert resume_abandoned(second_database, SEAT_B, now) == [job_id]
    with database.session() as session:
        job = session.get(FaxJob, job_id)
        assert job.state == "queued"
        attempt = session.scalars(
            select(FaxCallAttempt).where(FaxCallAttempt.job_id == job_id)
        ).one()
        assert attempt.outcome == INTERRUPTED and "counter-1" in attempt.message
        audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "fax_resume")).one()
        assert audit.target == f"fax_job:{job_id}" and "2,3" in audit.detail
        assert SEAT_A in audit.detail
    sender = RecordingSender()
    assert _service(second_database, SEAT_B, sender).send_job(job_id).state == "sent"
    assert sender.sent == [2, 3]  # the confirmed page is not sent again


_DOOMED_SEAT = textwrap.dedent(
    """
    import contextlib, sys, threading
    from desktop.store.database import open_database
    from fax.jobs import FaxService
    from fax.modem.results import PageOutcome

    class StopsAfterTwo:
        def send(self, number, pages, resolution="fine", *, on_page=None, cancel=None,
                 page_numbers=None):
            for n in list(page_numbers)[:2]:
                on_page(PageOutcome(n, "MCF", 1))
            print("two pages confirmed", flush=True)
            threading.Event().wait()  # the seat hangs in the call until it is killed

    database = open_database(sys.argv[1])
    seat = sys.argv[3] if len(sys.argv) > 3 else None
    service = FaxService(database, lambda: contextlib.nullcontext(StopsAfterTwo()), seat=seat)
    service.send_job(int(sys.argv[2]))
    """
)


def _killed_mid_call(database_url: str, job_id: int, seat: str | None = None) -> None:
    arguments = [sys.executable, "-c", _DOOMED_SEAT, database_url, str(job_id)]
    doomed = subprocess.Popen(
        arguments + ([seat] if seat else []),
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert doomed.stdout is not None
    try:
        assert doomed.stdout.readline().strip() == "two pages confirmed"
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(WAIT_LIMIT)


def test_a_seat_killed_mid_call_leaves_only_the_unconfirmed_pages(database, database_url) -> None:
    """On the same PC the dead process is seen at once; nothing is lost or sent twice."""
    job_id = _service(database, SEAT_A).queue(_document(4), "0399990000", staff="clerk1")
    _killed_mid_call(database_url, job_id)
    assert _pages(database, job_id) == {1: "sent", 2: "sent", 3: "pending", 4: "pending"}
    with database.session() as session:
        assert session.get(FaxJob, job_id).state == "sending"

    survivor = RecordingSender()
    outcomes = FaxService(database, lambda: contextlib.nullcontext(survivor)).run_pending()
    assert [(o.job_id, o.state) for o in outcomes] == [(job_id, "sent")]
    assert survivor.sent == [3, 4]
    assert _pages(database, job_id) == {n: "sent" for n in (1, 2, 3, 4)}


def test_a_seat_on_another_pc_killed_mid_call_is_taken_over_once_its_lease_ends(
    database, database_url
) -> None:
    job_id = _service(database, SEAT_A).queue(_document(3), "0399990000", staff="clerk1")
    _killed_mid_call(database_url, job_id, seat=SEAT_A)
    survivor = RecordingSender()
    seat_b = _service(database, SEAT_B, survivor)
    assert seat_b.run_pending() == [] and survivor.sent == []  # its lease has not run out
    _expire(database, job_lease(job_id))
    assert [o.state for o in seat_b.run_pending()] == ["sent"]
    assert survivor.sent == [3]


class UntilCancelled:
    """A long call: a page at a time until the job's cancel event is set."""

    def __init__(self) -> None:
        self.calling = threading.Event()
        self.sent: list[int] = []

    def send(self, number, pages, resolution="fine", *, on_page=None, cancel=None,
             page_numbers=None):  # fmt: skip
        self.calling.set()
        outcomes = []
        for page in page_numbers:
            if cancel.wait(WAIT_LIMIT):
                break
            outcomes.append(PageOutcome(page, "MCF", 1))
            on_page(outcomes[-1])
        return SendResult(outcomes, describe(0))


def test_a_job_cancelled_at_another_seat_stops_the_call(database, second_database) -> None:
    long_call = UntilCancelled()
    modem_seat = _service(database, SEAT_A, long_call, claim_seconds=0.6)
    job_id = modem_seat.queue(_document(3), "0399990000", staff="clerk1")
    outcomes: list = []
    call = threading.Thread(target=lambda: outcomes.append(modem_seat.send_job(job_id)))
    call.start()
    assert long_call.calling.wait(WAIT_LIMIT)
    assert _service(second_database, SEAT_B).cancel(job_id, "clerk2")
    call.join(WAIT_LIMIT)
    assert not call.is_alive()
    assert outcomes[0].state == "cancelled" and long_call.sent == []


def _received(pages: int = 2) -> ReceiveResult:
    result = ReceiveResult([], describe(0), remote_id="0399990000")
    for n in range(pages):
        result.keep_page(ReceivedPage(make_page(n + 10), "fine", 240, 0, 0, "MCF"))
    return result


def test_received_pages_reach_a_seat_that_has_no_folder_of_the_modem_seat(
    database, second_database, tmp_path: Path
) -> None:
    fax_id = _service(database, SEAT_A, fax_dir=tmp_path / "counter-1").store_received(_received(2))
    with database.session() as session:
        row = session.get(ReceivedFax, fax_id)
        Path(row.file_path).unlink()  # that file is on counter-1's disk, not here
        assert row.received_by == SEAT_A
    assert [r.id for r in inbox(second_database)] == [fax_id]
    pngs = page_pngs(second_database, fax_id, staff="clerk2")
    assert len(pngs) == 2 and all(png.startswith(b"\x89PNG") for png in pngs)


def test_a_fax_from_before_the_database_kept_pages_names_the_seat_that_has_them(
    database, tmp_path: Path
) -> None:
    fax_id = _service(database, SEAT_A, fax_dir=tmp_path / "counter-1").store_received(_received(1))
    with database.session() as session:
        session.execute(
            ReceivedFaxImage.__table__.delete().where(ReceivedFaxImage.fax_id == fax_id)
        )
        Path(session.get(ReceivedFax, fax_id).file_path).unlink()
    with pytest.raises(PagesOnOtherSeat) as refused:
        page_pngs(database, fax_id)
    assert refused.value.message.params["seat"] == "counter-1"
    assert "counter-1" in str(refused.value)


def test_the_office_view_names_the_modem_seat_and_sees_new_faxes(
    database, second_database, tmp_path: Path
) -> None:
    before = fax_office(second_database)
    assert before.modem_seat == "" and not before.modem_alive and before.newest_fax == 0
    assert acquire_lease(database, MODEM_LEASE, SEAT_A, 60).acquired
    fax_id = _service(database, SEAT_A, fax_dir=tmp_path).store_received(_received(1))
    seen = fax_office(second_database)
    assert seen.modem_pc == "counter-1" and seen.modem_alive and seen.newest_fax == fax_id
    assert [(f.fax_id, f.page_count) for f in faxes_after(second_database, 0)] == [(fax_id, 1)]
    _expire(database, MODEM_LEASE)
    assert not fax_office(second_database).modem_alive


def test_one_seat_has_the_modem_and_another_takes_over_when_it_stops(
    database, line, tmp_path: Path
) -> None:
    first = FaxDesk(
        database,
        FaxDeskConfig(port=line.url(DESK), local_id=DESK, rings=1),
        notice_reader=None,
        fax_dir=tmp_path / "a",
        seat=SEAT_A,
    )
    second = FaxDesk(
        database,
        FaxDeskConfig(port=line.url(FAR), local_id=FAR, rings=1),
        notice_reader=None,
        fax_dir=tmp_path / "b",
        seat=SEAT_B,
        reopen_seconds=0.2,
    )
    first_events, second_events = Events(), Events()
    first.subscribe(first_events)
    second.subscribe(second_events)
    try:
        first.start()
        first_events.wait_for(DeskState, where=lambda e: e.state == "idle")
        second.start()
        standby = second_events.wait_for(DeskState, where=lambda e: e.state == "standby")
        assert standby.holder == SEAT_A
        assert lease_holder(database, MODEM_LEASE).holder == SEAT_A

        first.stop()  # the modem seat closes: its lease is given back
        second_events.wait_for(DeskState, where=lambda e: e.state == "idle")
        assert lease_holder(database, MODEM_LEASE).holder == SEAT_B
    finally:
        first.stop()
        second.stop()
    assert lease_holder(database, MODEM_LEASE).holder is None


def test_two_clerks_filing_one_fax_at_the_same_instant_make_one_notice(
    database, second_database, tmp_path: Path
) -> None:
    fax_id = _service(database, SEAT_A, fax_dir=tmp_path).store_received(_received(1))
    values = {
        "kind": "move_in",
        "submitted_at": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        "move_date": date(2026, 12, 8),
        "postal_code": "196-0014",
        "address": "東京都昭島市田中町1丁目2番3号",
        "name": "山田 太郎",
        "kana": "ﾔﾏﾀﾞ ﾀﾛｳ",
        "phone": "042-555-0101",
        "payment_method": "account_transfer",
    }
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def file(clerk: str, store: Database) -> None:
        start.wait(WAIT_LIMIT)
        try:
            results[clerk] = make_notice_from_fax(
                store, fax_id, values, staff=clerk, seen_receipts=()
            )
        except FaxFiledElsewhere as error:
            results[clerk] = error

    clerks = [
        threading.Thread(target=file, args=("clerk1", database)),
        threading.Thread(target=file, args=("clerk2", second_database)),
    ]
    for clerk in clerks:
        clerk.start()
    for clerk in clerks:
        clerk.join(WAIT_LIMIT)
    refused = [r for r in results.values() if isinstance(r, FaxFiledElsewhere)]
    made = [r for r in results.values() if not isinstance(r, FaxFiledElsewhere)]
    assert len(made) == 1 and len(refused) == 1
    winner = next(c for c, r in results.items() if r is made[0])
    assert refused[0].staff == winner and refused[0].receipts == (made[0].receipt_number,)
    with database.session() as session:
        assert session.scalars(select(NoticeRecord.id)).all() == [made[0].notice_id]
        row = session.get(ReceivedFax, fax_id)
        assert row.handled_by == winner and row.notice_receipt_number == made[0].receipt_number
