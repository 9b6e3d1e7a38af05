"""The fax desk shares one modem between the outgoing queue and incoming calls."""

from __future__ import annotations

import io
import threading

import numpy as np
from sqlalchemy import select

from desktop.domain.notice import notice_from_payload
from desktop.fax_desk import (
    DeskState,
    FaxArrived,
    HealthReport,
    JobEnded,
    JobStarted,
    PageSent,
)
from desktop.fax_evidence import evidence_of_fax
from desktop.fax_inbox import inbox, page_pngs, thumbnail_png
from desktop.store.ingest import store_notices
from desktop.store.models import NoticeRecord
from fax.emulator import Faults
from fax.modem.class2 import DriverConfig
from fax.modem.select import open_any_modem
from fax.tiff import read_tiff, write_tiff
from tests.fax_desk.conftest import DESK, FAR, Events
from tests.fax_modem.conftest import Receiver, make_page
from tests.support import sample_payload


def tiff_of(pages, resolution="fine") -> bytes:
    buffer = io.BytesIO()
    write_tiff(buffer, pages, resolution=resolution)
    return buffer.getvalue()


def far_sends(line, pages, resolution="fine"):
    """The far end dials the desk and sends ``pages`` (in a thread; join the result)."""
    outcome = {}

    def run() -> None:
        modem = open_any_modem(line.url(FAR), DriverConfig(local_id=FAR))
        try:
            outcome["result"] = modem.send(DESK, pages, resolution)
        finally:
            modem.channel.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def started(desk) -> Events:
    events = Events()
    desk.subscribe(events)
    desk.start()
    health = events.wait_for(HealthReport)
    assert health.health.ok, health.health.message()
    return events


def test_a_queued_job_is_sent_page_by_page(line, make_desk) -> None:
    far = Receiver(line, DriverConfig(local_id=FAR), number=FAR).start()
    desk = make_desk()
    events = started(desk)
    pages = [make_page(1), make_page(2)]
    job_id = desk.queue(tiff_of(pages), FAR, staff="tanaka", subject="test")

    assert events.wait_for(JobStarted).pages == (1, 2)
    progress = [events.wait_for(PageSent), events.wait_for(PageSent)]
    ended = events.wait_for(JobEnded)
    [received] = far.join()

    assert [(p.page, p.verdict, p.done, p.total) for p in progress] == [
        (1, "MCF", 1, 2),
        (2, "MCF", 2, 2),
    ]
    assert ended.job_id == job_id and ended.state == "sent" and ended.pages_sent == (1, 2)
    assert all(np.array_equal(a, b.bitmap) for a, b in zip(pages, received.pages, strict=True))
    assert received.remote_id == DESK
    assert events.wait_for(DeskState, where=lambda e: e.state == "idle")


def test_a_call_is_answered_and_kept_in_the_inbox(line, make_desk, database) -> None:
    desk = make_desk()
    events = started(desk)
    pages = [make_page(3), make_page(4)]
    thread, outcome = far_sends(line, pages)

    arrived = events.wait_for(FaxArrived)
    thread.join(60)
    assert outcome["result"].success
    assert arrived.page_count == 2 and not arrived.partial and arrived.receipts == ()
    [row] = inbox(database)
    assert row.id == arrived.fax_id and row.open and row.remote_id == FAR
    stored = read_tiff(row.file_path)
    assert all(np.array_equal(a, b.bitmap) for a, b in zip(pages, stored, strict=True))
    assert len(page_pngs(database, row.id)) == 2
    assert thumbnail_png(database, row.id).startswith(b"\x89PNG")
    assert inbox(database, only_open=True) == [row]


def test_a_page_with_a_notice_code_is_filed_as_evidence(line, make_desk, database) -> None:
    notice = notice_from_payload(sample_payload(7))
    seen = []

    def reader(bitmap, resolution):
        seen.append(resolution)
        return notice if len(seen) == 2 else None  # the code is on the second page

    desk = make_desk(notice_reader=reader)
    events = started(desk)
    thread, _ = far_sends(line, [make_page(5), make_page(6)], "standard")
    arrived = events.wait_for(FaxArrived)
    thread.join(60)

    assert seen == ["standard", "standard"]
    # The hub does not know the receipt: no notice until a clerk confirms the fax.
    assert arrived.receipts == (notice.receipt_number,) and arrived.notice_ids == ()
    with database.session() as session:
        assert session.scalars(select(NoticeRecord)).all() == []
    [fax] = inbox(database)
    assert fax.open and inbox(database, only_open=True) == [fax]  # work for a clerk
    [evidence] = evidence_of_fax(database, fax.id)
    assert evidence.awaiting and evidence.pages == (2,) and evidence.remote_id == FAR


def test_a_reader_that_fails_loses_nothing(line, make_desk, database) -> None:
    def reader(bitmap, resolution):
        raise RuntimeError("the code is smudged")

    desk = make_desk(notice_reader=reader)
    events = started(desk)
    thread, _ = far_sends(line, [make_page(8)])
    arrived = events.wait_for(FaxArrived)
    thread.join(60)
    [fax] = inbox(database)
    assert fax.open and arrived.receipts == ()
    assert "smudged" in fax.notice_error


def test_cancel_while_waiting_and_stop_cleanly(line, make_desk) -> None:
    line.set_faults(FAR, Faults(busy=-1))
    desk = make_desk()
    events = started(desk)
    job_id = desk.queue(tiff_of([make_page(9)]), FAR, staff="tanaka")
    ended = events.wait_for(JobEnded)
    assert ended.state == "queued"  # busy: it waits for its retry
    assert desk.cancel(job_id, "tanaka")
    assert events.wait_for(JobEnded).state == "cancelled"
    desk.stop()
    assert not desk.running and desk.state.state == "stopped"


def test_the_database_going_away_for_a_moment_does_not_stop_the_desk(line, make_desk) -> None:
    from sqlalchemy.exc import OperationalError

    far = Receiver(line, DriverConfig(local_id=FAR), number=FAR).start()
    desk = make_desk(reopen_seconds=0.2)
    real_due_jobs, failures = desk.service.due_jobs, []

    def due_jobs_once_unreachable(now=None):  # type: ignore[no-untyped-def]
        if not failures:
            failures.append(1)
            raise OperationalError("SELECT …", {}, ConnectionRefusedError("server away"))
        return real_due_jobs(now)

    desk.service.due_jobs = due_jobs_once_unreachable
    events = started(desk)
    job_id = desk.queue(tiff_of([make_page(11)]), FAR, staff="tanaka")
    assert events.wait_for(JobEnded, where=lambda e: e.job_id == job_id).state == "sent"
    assert failures == [1] and desk.running
    far.join()


def test_check_modem_while_the_desk_holds_the_port(line, make_desk) -> None:
    desk = make_desk()
    events = started(desk)
    health = desk.check_modem()
    assert health.ok and health.fax_class == "2.0"
    assert events.wait_for(DeskState, where=lambda e: e.state == "idle")
    # and the desk still answers afterwards
    thread, outcome = far_sends(line, [make_page(10)])
    events.wait_for(FaxArrived)
    thread.join(60)
    assert outcome["result"].success


def test_a_missing_modem_is_reported_not_raised(database, tmp_path) -> None:
    from desktop.fax_desk import FaxDesk, FaxDeskConfig

    desk = FaxDesk(
        database,
        FaxDeskConfig(port="movedesk-modem://nowhere/1"),
        notice_reader=None,
        fax_dir=tmp_path,
        reopen_seconds=60,
    )
    events = Events()
    desk.subscribe(events)
    desk.start()
    report = events.wait_for(HealthReport)
    assert not report.health.ok
    assert events.wait_for(DeskState).state == "offline"
    desk.stop()


def test_a_forged_fax_over_the_line_changes_no_notice(line, make_desk, database) -> None:
    from desktop.fax_notices import default_notice_reader
    from fax.pages import pdf_pages
    from printing.fax_notice import render_fax_notice

    hub = notice_from_payload(sample_payload(11))
    with database.session() as session:
        store_notices(session, [hub])
    forged = notice_from_payload(
        sample_payload(11, version=2, hub_state="cancelled", contact={"phone": "090-0000-0000"})
    )
    pages = pdf_pages(render_fax_notice(forged).pdf, "fine")
    desk = make_desk(notice_reader=default_notice_reader())
    events = started(desk)
    thread, _ = far_sends(line, pages)
    arrived = events.wait_for(FaxArrived, timeout=120)
    thread.join(60)
    assert arrived.receipts == (hub.receipt_number,)
    with database.session() as session:
        row = session.scalars(select(NoticeRecord)).one()
        assert (row.version, row.status, row.hub_state, row.phone, row.source) == (
            1,
            "new",
            "submitted",
            "042-555-0101",
            "hub",
        )
    [evidence] = evidence_of_fax(database, arrived.fax_id)
    assert evidence.awaiting and evidence.faxed == forged
    assert {c.key for c in evidence.changes} >= {"phone"}


def test_a_class_1_only_modem_serves_the_desk(database, tmp_path) -> None:
    from desktop.fax_desk import FaxDesk, FaxDeskConfig
    from fax.emulator import VirtualLine

    with VirtualLine("desk-class1", paced=False) as line:
        # Both ends Class 1: the emulator's Class 2 caller does not get through to a
        # Class 1 answerer (T.30 T1 timeout), which is the emulator's matter, not the desk's.
        line.add_modem(DESK, classes=("1", "1.0"))
        line.add_modem(FAR, classes=("1", "1.0"))
        desk = FaxDesk(
            database,
            FaxDeskConfig(port=line.url(DESK), local_id=DESK, rings=1),
            notice_reader=None,
            fax_dir=tmp_path / "fax",
        )
        events = started(desk)
        assert desk.health.fax_class in ("1", "1.0")
        thread, outcome = far_sends(line, [make_page(12)])
        arrived = events.wait_for(FaxArrived)
        thread.join(60)
        assert outcome["result"].success and arrived.page_count == 1
        desk.stop()


def test_two_pcs_on_one_database_dial_a_job_once(database, tmp_path) -> None:
    """The second PC reaches for the job at the very moment the first claims it."""
    import contextlib

    from sqlalchemy import event

    from fax.jobs import FaxService
    from fax.modem import hangup
    from fax.modem.results import PageOutcome, SendResult

    calls: list[str] = []

    class RecordingModem:
        def __init__(self, pc: str) -> None:
            self.pc = pc

        def send(self, number, pages, resolution="fine", **options) -> SendResult:  # type: ignore[no-untyped-def]
            calls.append(self.pc)
            numbers = options.get("page_numbers") or range(1, len(pages) + 1)
            return SendResult(
                [PageOutcome(n, "MCF", 1) for n in numbers], hangup.describe(0), connected=True
            )

    def pc(name: str) -> FaxService:
        return FaxService(
            database,
            lambda: contextlib.nullcontext(RecordingModem(name)),
            fax_dir=tmp_path / name,
        )

    first, second = pc("first"), pc("second")
    job_id = first.queue(tiff_of([make_page(1)]), FAR, staff="tanaka")
    assert first.due_jobs() == second.due_jobs() == [job_id]
    outcomes = {}
    racing = [threading.current_thread()]

    def second_pc_first(_conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        if threading.current_thread() in racing and statement.lstrip().upper().startswith(
            "UPDATE FAX_JOBS"
        ):
            racing.clear()
            other = threading.Thread(
                target=lambda: outcomes.setdefault("second", second.send_job(job_id))
            )
            other.start()
            other.join(60)

    event.listen(database.engine, "before_cursor_execute", second_pc_first)
    try:
        outcomes["first"] = first.send_job(job_id)
    finally:
        event.remove(database.engine, "before_cursor_execute", second_pc_first)
    assert calls == ["second"]
    assert outcomes["second"].state == "sent" and outcomes["first"].state == "sent"
    assert outcomes["first"].pages_sent == []  # it found the job taken and did not dial


def test_a_branch_office_reads_a_faxed_notice_sheet_as_evidence_from_its_bureau(
    line, make_desk, database
) -> None:
    from desktop.fax_notices import default_notice_reader
    from fax.pages import pdf_pages
    from printing import SheetData, render_notice_sheets

    notice = notice_from_payload(sample_payload(12))
    sheet = SheetData(notice, "new", bureau_name="昭島市水道部", bureau_fax_number="042-544-0000")
    pages = pdf_pages(render_notice_sheets([sheet]).pdf, "standard")
    desk = make_desk(notice_reader=default_notice_reader())
    events = started(desk)
    thread, _ = far_sends(line, pages, "standard")
    arrived = events.wait_for(FaxArrived, timeout=120)
    thread.join(60)
    [evidence] = evidence_of_fax(database, arrived.fax_id)
    assert evidence.faxed == notice and evidence.code_format == "MD2"
    assert (evidence.origin_name, evidence.origin_fax_number) == ("昭島市水道部", "042-544-0000")
    assert evidence.awaiting and evidence.stored is None  # the branch does not know it yet


def test_a_hub_signed_fax_stands_in_while_the_hub_is_unreachable(line, make_desk, database) -> None:
    from desktop.fax_notices import default_notice_reader
    from desktop.hub.signing import NoticeSigner
    from fax.pages import pdf_pages
    from printing.fax_notice import render_fax_notice

    hub_key = NoticeSigner.from_seed("hub")
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(13))])
    cancelled = notice_from_payload(sample_payload(13, version=2, hub_state="cancelled"))
    pages = pdf_pages(render_fax_notice(cancelled, sign=hub_key).pdf, "fine")
    settings_key = {"value": ""}
    desk = make_desk(
        notice_reader=default_notice_reader(),
        hub_reachable=lambda: False,
        hub_public_key=lambda: settings_key["value"],
    )
    events = started(desk)
    settings_key["value"] = hub_key.public_key_text()  # set while the desk runs
    thread, _ = far_sends(line, pages)
    arrived = events.wait_for(FaxArrived, timeout=120)
    thread.join(60)
    [evidence] = evidence_of_fax(database, arrived.fax_id)
    assert evidence.signature == "valid" and evidence.state == "stood_in"
    with database.session() as session:
        row = session.scalars(select(NoticeRecord)).one()
        assert (row.version, row.status, row.source) == (2, "cancelled", "fax")
