"""The fax window at a seat without the modem: it names the seat that has it, shows
faxes that seat received, queues jobs that seat dials, and refuses to file a
faxed paper a clerk at another seat filed meanwhile."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.fax_desk import FaxDesk, FaxDeskConfig
from desktop.fax_notices import make_notice_from_fax
from desktop.fax_office import MODEM_LEASE
from desktop.store.leases import acquire_lease
from fax.jobs import FaxService
from fax.store_models import ReceivedFax
from tests.fax_desk.test_office_fax import (
    SEAT_A,
    SEAT_B,
    RecordingSender,
    _document,
    _expire,
    _received,
)
from ui.fax_controller import FaxController

pytestmark = pytest.mark.gui


@pytest.fixture
def counter_two(window) -> Iterator[FaxController]:
    """The window's fax as a seat with no modem of its own."""
    own = getattr(window, "fax", None)
    if own is not None:
        own.shutdown()
    desk = FaxDesk(window.context.database, FaxDeskConfig(port=""), notice_reader=None, seat=SEAT_B)
    controller = FaxController(window, desk=desk)
    controller.office_timer.stop()  # the test polls when it wants to
    yield controller
    controller.shutdown()
    window.runner.wait()


def _modem_seat(window, tmp_path: Path, sender=None) -> FaxService:
    database = window.context.database
    assert acquire_lease(database, MODEM_LEASE, SEAT_A, 60).acquired
    modem = sender or RecordingSender()
    return FaxService(
        database, lambda: contextlib.nullcontext(modem), seat=SEAT_A, fax_dir=tmp_path / "a"
    )


def _receive_at_modem_seat(service: FaxService, window) -> int:
    fax_id = service.store_received(_received(2))
    with window.context.database.session() as session:
        Path(session.get(ReceivedFax, fax_id).file_path).unlink()  # not on this PC
    return fax_id


def _poll(qtbot, controller: FaxController) -> None:
    """One look at the office, for a test in which it changed since the last."""
    with qtbot.waitSignal(controller.office_changed, timeout=30_000):
        assert controller.poll_office()


def test_the_window_names_the_seat_with_the_modem(qtbot, counter_two, window, tmp_path) -> None:
    _poll(qtbot, counter_two)
    fax_window = counter_two.open_window()
    assert "どの席もモデムを使っていない" in fax_window.modem_label.text()
    assert counter_two.no_modem_in_office

    _modem_seat(window, tmp_path)
    _poll(qtbot, counter_two)
    assert "counter-1 のモデムで送受信します" in fax_window.modem_label.text()
    assert counter_two.modem_elsewhere and not counter_two.no_modem_in_office

    _expire(window.context.database, MODEM_LEASE)
    _poll(qtbot, counter_two)
    assert "モデムのある席（counter-1）が応答していません" in fax_window.modem_label.text()


def test_a_fax_received_at_the_modem_seat_appears_here(qtbot, counter_two, window, tmp_path):
    modem_seat = _modem_seat(window, tmp_path)
    _poll(qtbot, counter_two)
    fax_window = counter_two.open_window()
    before = fax_window.inbox_model.rowCount()

    fax_id = _receive_at_modem_seat(modem_seat, window)
    with qtbot.waitSignal(counter_two.inbox_changed, timeout=30_000):
        counter_two.poll_office()
    assert fax_window.inbox_model.rowCount() == before + 1
    assert fax_window.select_fax(fax_id)
    qtbot.waitUntil(lambda: len(fax_window.pages) == 2, timeout=30_000)
    assert "受信した席: counter-1" in fax_window.page_info.text()


def test_a_job_queued_here_is_sent_by_the_modem_seat(qtbot, counter_two, window, tmp_path):
    sender = RecordingSender()
    modem_seat = _modem_seat(window, tmp_path, sender)
    fax_window = counter_two.open_window()
    _poll(qtbot, counter_two)
    job_id = counter_two.desk.queue(_document(2), "0399990000", staff="clerk1")
    assert [o.state for o in modem_seat.run_pending()] == ["sent"]
    assert sender.sent == [1, 2]
    with qtbot.waitSignal(counter_two.jobs_changed, timeout=30_000):
        counter_two.poll_office()
    row = fax_window.outbox_model.rows[fax_window.outbox_model.position_of(job_id)]
    assert row.state == "sent"


def test_filing_a_fax_another_clerk_filed_meanwhile_is_refused(
    qtbot, counter_two, window, tmp_path
) -> None:
    modem_seat = _modem_seat(window, tmp_path)
    fax_id = _receive_at_modem_seat(modem_seat, window)
    fax_window = counter_two.open_window()
    assert fax_window.select_fax(fax_id)
    fax_window.make_button.click()
    form = fax_window.form
    form.edits["name"].setText("髙橋 花子")
    form.edits["kana"].setText("ﾀｶﾊｼ ﾊﾅｺ")
    form.edits["postal_code"].setText("196-0014")
    form.edits["address"].setText("東京都昭島市田中町2丁目3番4号")
    form.edits["phone"].setText("042-555-0199")
    other = make_notice_from_fax(
        window.context.database, fax_id, form.values(), staff="boss", seen_receipts=()
    )
    form.create_button.click()
    assert fax_window.last_made is None and form.isVisible()
    text = form.problems.text()
    assert other.receipt_number in text and "boss" in text
    # Looked at and sent again, it is filed: a fax may carry a second notice.
    with qtbot.waitSignal(window.runner.notices_changed):
        form.create_button.click()
    assert fax_window.last_made is not None
    assert fax_window.last_made.receipt_number != other.receipt_number
