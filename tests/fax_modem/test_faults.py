"""Every injected line fault ends a job in a clear state, no page lost or doubled,
and the modems are left answering AT with OK."""

from __future__ import annotations

import contextlib
import io
import struct
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from fax.emulator import Faults
from fax.jobs import FaxService, RetryPolicy, RetryRule
from fax.modem.class2 import DriverConfig, open_modem
from fax.modem.params import FaxParams
from fax.store_models import FaxJob
from fax.tiff import read_tiff, write_tiff
from tests.fax_modem.conftest import CALLEE, CALLER, make_page, modem_is_ready

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture
def service(line, database, tmp_path):
    def opener():
        @contextlib.contextmanager
        def opened():
            modem = open_modem(
                line.url(CALLER), DriverConfig(local_id=CALLER, capabilities=FaxParams(df=1))
            )
            try:
                yield modem
            finally:
                assert modem_is_ready(modem)
                modem.channel.close()

        return opened()

    policy = RetryPolicy(
        busy=RetryRule(timedelta(minutes=2), 2),
        no_answer=RetryRule(timedelta(minutes=5), 1),
        training=RetryRule(timedelta(minutes=10), 1),
        line=RetryRule(timedelta(minutes=3), 2),
    )
    return FaxService(database, opener, policy=policy, now=lambda: START, fax_dir=tmp_path / "fax")


def queue(service, pages, resolution="fine"):
    buffer = io.BytesIO()
    write_tiff(buffer, pages, resolution=resolution)
    return service.queue(buffer.getvalue(), CALLEE, staff="tanaka", resolution=resolution)


def job_row(service, job_id):
    with service.database.session() as session:
        job = session.get(FaxJob, job_id)
        return job, [(p.page_number, p.state, p.result) for p in job.pages], list(job.calls)


def test_busy_is_retried_after_its_delay_then_sent(line, service, receiver):
    line.set_faults(CALLEE, Faults(busy=1))
    job_id = queue(service, [make_page(1), make_page(2)])
    [first] = service.run_pending(START)
    assert first.state == "queued" and first.reason.category == "busy"
    job, _, _ = job_row(service, job_id)
    assert job.next_attempt_at == START + timedelta(minutes=2)
    assert service.run_pending(START + timedelta(minutes=1)) == []  # not yet due
    rx = receiver()
    [second] = service.run_pending(START + timedelta(minutes=2))
    [received] = rx.join()
    assert second.state == "sent" and second.pages_sent == [1, 2]
    assert len(received.pages) == 2 and not received.partial
    job, pages, calls = job_row(service, job_id)
    assert [c.outcome for c in calls] == ["busy", "ok"]
    assert pages == [(1, "sent", "MCF"), (2, "sent", "MCF")]


def test_busy_beyond_the_limit_fails_with_the_reason(line, service):
    line.set_faults(CALLEE, Faults(busy=-1))
    job_id = queue(service, [make_page(1)])
    states = [service.run_pending(START + timedelta(hours=h))[0].state for h in range(3)]
    assert states == ["queued", "queued", "failed"]
    job, pages, _ = job_row(service, job_id)
    assert job.failure_kind == "busy" and "話し中" in job.last_error and "busy" in job.last_error
    assert pages == [(1, "pending", "")]


def test_no_answer_is_retried_then_fails(line, service):
    line.set_faults(CALLEE, Faults(no_answer=-1))
    job_id = queue(service, [make_page(1)])
    assert service.run_pending(START)[0].state == "queued"
    job, _, _ = job_row(service, job_id)
    assert job.next_attempt_at == START + timedelta(minutes=5)
    assert service.run_pending(START + timedelta(hours=1))[0].state == "failed"
    job, _, _ = job_row(service, job_id)
    assert job.failure_kind == "no_answer" and "応答しません" in job.last_error


def test_training_failure_steps_down_then_gives_up_with_code_27(line, service, receiver):
    line.set_faults(CALLEE, Faults(training_failure=1))
    rx = receiver()
    job_id = queue(service, [make_page(3)])
    [outcome] = service.run_pending(START)
    [received] = rx.join()
    assert outcome.state == "queued" and outcome.reason.code == 27
    assert outcome.reason.category == "training"
    assert received.pages == []
    rx = receiver()
    assert service.run_pending(START + timedelta(minutes=10))[0].state == "sent"
    assert len(rx.join()[0].pages) == 1
    _, _, calls = job_row(service, job_id)
    assert [c.outcome for c in calls] == ["training", "ok"]


@pytest.mark.parametrize("fax_class", ["2", "2.0"])
def test_carrier_lost_mid_page_resends_only_unconfirmed_pages(
    line, database, tmp_path, receiver, fax_class
):
    line.set_faults(
        CALLEE, Faults(carrier_loss=1, carrier_loss_page=2, carrier_loss_after_bytes=800)
    )

    @contextlib.contextmanager
    def opened():
        modem = open_modem(line.url(CALLER), DriverConfig(local_id=CALLER, fax_class=fax_class))
        yield modem
        assert modem_is_ready(modem)
        modem.channel.close()

    service = FaxService(database, opened, now=lambda: START, fax_dir=tmp_path / "fax")
    pages = [make_page(n) for n in range(3)]
    job_id = queue(service, pages)
    rx = receiver(DriverConfig(local_id=CALLEE, fax_class=fax_class))
    [first] = service.run_pending(START)
    [partial] = rx.join()
    assert first.state == "queued" and first.pages_sent == [1]
    assert first.reason.category == "line"
    assert partial.partial
    assert [p.complete for p in partial.pages] == [True, False]  # page 2 cut short, kept, marked
    assert np.array_equal(partial.pages[0].bitmap, pages[0])
    stored = service.store_received(partial)
    assert stored is not None

    rx = receiver(DriverConfig(local_id=CALLEE, fax_class=fax_class))
    [second] = service.run_pending(START + timedelta(minutes=3))
    [rest] = rx.join()
    assert second.state == "sent" and second.pages_sent == [2, 3]
    assert [np.array_equal(a, b.bitmap) for a, b in zip(pages[1:], rest.pages, strict=True)] == [
        True,
        True,
    ]
    _, page_rows, calls = job_row(service, job_id)
    assert [state for _, state, _ in page_rows] == ["sent"] * 3
    assert [c.pages_sent for c in calls] == ["1", "2,3"]
    assert line.modems[CALLEE].call is None and line.modems[CALLER].call is None


def test_bit_errors_lead_to_retransmission_or_a_clear_failure(line, service, receiver):
    line.set_faults(CALLEE, Faults(bit_error_rate=2e-4, seed=3))
    rx = receiver(calls=3)
    pages = [make_page(n) for n in range(2)]
    job_id = queue(service, pages)
    outcomes = [service.run_pending(START + timedelta(minutes=10 * n)) for n in range(3)]
    line.set_faults(CALLEE, Faults())
    job, page_rows, calls = job_row(service, job_id)
    received = [page for result in rx.results for page in result.pages if page.complete]
    sent = [n for n, state, _ in page_rows if state == "sent"]
    # Exactly the confirmed pages reached the receiver, each once.
    assert len(received) == len(sent)
    assert job.state in ("sent", "queued", "failed")
    assert any(c.outcome != "ok" for c in calls) or job.state == "sent"
    assert all(outcome == [] or outcome[0].job_id == job_id for outcome in outcomes)


def test_received_fax_is_stored_as_tiff_with_the_notice_hook(
    line, database, tmp_path, sender, receiver
):
    seen = []

    def reader(bitmap, resolution):
        seen.append((bitmap.shape, resolution))
        return "2026-000123" if len(seen) == 2 else None

    service = FaxService(
        database, None, notice_reader=reader, now=lambda: START, fax_dir=tmp_path / "fax"
    )
    rx = receiver()
    pages = [make_page(1), make_page(2)]
    assert sender().send(CALLEE, pages, "fine").success
    [result] = rx.join()
    fax_id = service.store_received(result)
    from fax.store_models import ReceivedFax

    with database.session() as session:
        row = session.get(ReceivedFax, fax_id)
        assert row.page_count == 2 and not row.partial and row.remote_id == CALLER
        assert row.notice_receipt_number == "2026-000123"
        stored = read_tiff(row.file_path)
    assert [np.array_equal(a, b.bitmap) for a, b in zip(pages, stored, strict=True)] == [True, True]
    assert row.file_path.startswith(str(tmp_path / "fax"))


def test_cancel_and_transmission_report(line, service):
    job_id = queue(service, [make_page(1)])
    assert service.cancel(job_id, "suzuki")
    assert not service.cancel(job_id, "suzuki")
    assert service.run_pending(START) == []
    report = service.transmission_report(job_id, bureau_name="テスト水道局")
    assert report.pdf.startswith(b"%PDF") and report.page_count == 1
    job, _, _ = job_row(service, job_id)
    assert job.state == "cancelled"


def test_sending_is_audit_logged(line, service, receiver):
    from sqlalchemy import select

    from desktop.store.models import AuditEntry

    receiver()
    queue(service, [make_page(1)])
    service.run_pending(START)
    with service.database.session() as session:
        actions = [(e.staff, e.action) for e in session.scalars(select(AuditEntry))]
    assert ("tanaka", "fax_queue") in actions and ("tanaka", "fax_send") in actions


def test_a_standard_tiff_queued_as_fine_arrives_line_doubled(line, service, receiver):
    page = make_page(4, rows=120)
    buffer = io.BytesIO()
    write_tiff(buffer, [page], resolution="standard")
    job_id = service.queue(buffer.getvalue(), CALLEE, staff="tanaka", resolution="fine")
    rx = receiver()
    [outcome] = service.run_pending(START)
    [received] = rx.join()
    assert outcome.job_id == job_id and outcome.state == "sent"
    assert received.pages[0].resolution == "fine"
    np.testing.assert_array_equal(received.pages[0].bitmap, np.repeat(page, 2, axis=0))


def test_a_document_damaged_after_queueing_fails_the_job(line, service):
    buffer = io.BytesIO()
    write_tiff(buffer, [make_page(1)], resolution="fine")
    job_id = service.queue(buffer.getvalue(), CALLEE, staff="tanaka")
    with service.database.session() as session:
        job = session.get(FaxJob, job_id)
        damaged = bytearray(job.document)
        struct.pack_into("<I", damaged, 4, 0xFFFFFF00)  # the first IFD is nowhere
        job.document = bytes(damaged)
    [outcome] = service.run_pending(START)
    assert outcome.state == "failed" and outcome.reason.category == "document"
    with service.database.session() as session:
        job = session.get(FaxJob, job_id)
        assert job.state == "failed" and "cannot be read" in job.last_error
        assert [call.outcome for call in job.calls] == ["document"]
