"""The fax window: inbox with thumbnails and pages, a notice made from a fax, the outbox."""

from __future__ import annotations

import dataclasses
import io
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.domain.notice import JST
from desktop.fax_desk import FaxDesk, FaxDeskConfig
from desktop.fax_outbox import address_book, outbox_row
from desktop.store.models import NoticeRecord
from fax.emulator import Faults
from fax.modem.class2 import DriverConfig, open_modem
from fax.tiff import write_tiff
from tests.fax_desk.conftest import DESK, FAR
from tests.fax_modem.conftest import Receiver, make_page
from ui.fax_controller import FaxController

pytestmark = pytest.mark.gui


@pytest.fixture
def fax(window, line, tmp_path: Path) -> Iterator[FaxController]:
    own = getattr(window, "fax", None)
    if own is not None:
        # The window's own desk (on the demo line) would race ours for the same queue.
        own.shutdown()
    config = FaxDeskConfig(port=line.url(DESK), local_id=DESK, rings=1)
    desk = FaxDesk(window.context.database, config, notice_reader=None, fax_dir=tmp_path / "fax")
    controller = FaxController(window, desk=desk)
    yield controller
    controller.shutdown()
    window.runner.wait()


def far_sends(line, pages) -> threading.Thread:
    def run() -> None:
        modem = open_modem(line.url(FAR), DriverConfig(local_id=FAR))
        try:
            modem.send(DESK, pages, "fine")
        finally:
            modem.channel.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def receive_one(qtbot, fax: FaxController, line) -> int:
    with qtbot.waitSignal(fax.fax_arrived, timeout=60_000) as arrived:
        thread = far_sends(line, [make_page(1), make_page(2)])
    thread.join(30)
    return arrived.args[0].fax_id


def test_the_inbox_shows_a_received_fax_with_thumbnail_and_pages(qtbot, fax, line) -> None:
    window = fax.open_window()
    fax_id = receive_one(qtbot, fax, line)
    model = window.inbox_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.rows[0].id == fax_id and model.rows[0].open
    assert model.data(model.index(0, 4)) == "未処理"
    model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)  # as the view asks
    qtbot.waitUntil(lambda: model.has_thumbnail(fax_id), timeout=30_000)
    assert not model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole).isNull()
    assert window.select_fax(fax_id)
    qtbot.waitUntil(lambda: len(window.pages) == 2, timeout=30_000)
    assert window.page_layout.count() >= 4  # two pictures, two captions
    assert window.make_button.isEnabled()


def test_a_notice_made_from_a_fax(qtbot, fax, line, window) -> None:
    fax_window = fax.open_window()
    fax_id = receive_one(qtbot, fax, line)
    qtbot.waitUntil(lambda: fax_window.inbox_model.rowCount() == 1)
    fax_window.select_fax(fax_id)
    fax_window.make_button.click()
    form = fax_window.form
    assert form.isVisible()

    form.create_button.click()  # nothing typed yet: refused, and said why
    assert fax_window.last_made is None and form.problems.text()

    form.edits["name"].setText("髙橋 花子")
    form.edits["kana"].setText("ﾀｶﾊｼ ﾊﾅｺ")
    form.edits["postal_code"].setText("196-0014")
    form.edits["address"].setText("東京都昭島市田中町2丁目3番4号")
    form.edits["phone"].setText("042-555-0199")
    with qtbot.waitSignal(window.runner.notices_changed):
        form.create_button.click()
    made = fax_window.last_made
    today = made.receipt_number[4:12]
    assert made.receipt_number == f"FAX-{today}-001" and not made.existing
    assert today == date.today().strftime("%Y%m%d") or today == __import__("datetime").datetime.now(
        JST
    ).strftime("%Y%m%d")
    assert not form.isVisible()
    with window.context.database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == made.receipt_number)
        ).one()
        assert row.source == "fax" and row.name == "髙橋 花子" and row.kana == "タカハシ ハナコ"
    assert fax_window.inbox_model.rows[0].receipts == (made.receipt_number,)
    fax_window.only_open.setChecked(True)
    assert fax_window.inbox_model.rowCount() == 0


def test_the_send_dialog_queues_a_job_that_is_sent(qtbot, fax, line, window) -> None:
    far = Receiver(line, DriverConfig(local_id=FAR), number=FAR).start()
    fax_window = fax.open_window()
    window.select_id(window.model.id_at(0))
    receipt = window.panel.detail.notice.receipt_number
    dialog = fax.make_send_dialog()
    assert dialog.receipts.text() == receipt  # the notice open in the main window
    dialog.accept()
    assert dialog.error.text() and not dialog.error.isHidden()  # no number yet
    dialog.number.setText(FAR)
    dialog.name.setText("北部営業所")
    assert not dialog.save_to_book.isEnabled()  # the address book is a supervisor's
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    with qtbot.waitSignal(fax.job_queued, timeout=60_000) as queued:
        assert fax.queue_request(dialog.request())
    job_id = queued.args[0]
    qtbot.waitUntil(
        lambda: outbox_row(window.context.database, job_id).state == "sent", timeout=60_000
    )
    far.join()
    qtbot.waitUntil(
        lambda: fax_window.outbox_model.data(fax_window.outbox_model.index(0, 5)) == "送信済み"
    )
    row = fax_window.outbox_model.rows[0]
    assert row.id == job_id and row.pages_sent == row.page_count >= 1
    assert receipt in row.subject and row.subject.startswith("北部営業所")
    assert FAR not in [e.number for e in address_book(window.context.settings)]


def _as_supervisor(fax: FaxController) -> None:
    from desktop.staff import StaffService

    fax.member = StaffService(fax.context.database).authenticate("sato", "demo-pass-2")


def test_a_supervisor_saves_an_address_and_it_is_audited(fax, window) -> None:
    from desktop.fax_outbox import AddressEntry
    from desktop.store.models import AuditEntry

    entry = AddressEntry("北部営業所", FAR)
    assert not fax._add_to_address_book(entry)  # a clerk: refused, and said in passing
    assert "監督者" in window.statusBar().currentMessage()
    _as_supervisor(fax)
    assert fax._add_to_address_book(entry)
    assert (entry.name, entry.number) in [
        (e.name, e.number) for e in address_book(window.context.settings)
    ]
    with window.context.database.session() as session:
        actions = session.execute(
            select(AuditEntry.staff, AuditEntry.action).where(
                AuditEntry.target.in_(("fax_address_book", ""))
            )
        ).all()
    assert ("tanaka", "settings_refused") in actions and ("sato", "setting_changed") in actions


def test_cancel_and_retry_from_the_outbox(qtbot, fax, line, window) -> None:
    line.set_faults(FAR, Faults(busy=-1))
    fax_window = fax.open_window()
    buffer = io.BytesIO()
    write_tiff(buffer, [make_page(3)], resolution="fine")
    with qtbot.waitSignal(fax.jobs_changed, timeout=60_000):
        job_id = fax.desk.queue(buffer.getvalue(), FAR, staff="tanaka")
    qtbot.waitUntil(
        lambda: (
            outbox_row(window.context.database, job_id).attempts == 1
            and outbox_row(window.context.database, job_id).state == "queued"
        ),
        timeout=60_000,
    )
    fax_window.reload_outbox()
    fax_window.select_job(job_id)
    assert fax_window.cancel_button.isEnabled()
    assert fax_window.cancel_selected()
    assert outbox_row(window.context.database, job_id).state == "cancelled"
    qtbot.waitUntil(lambda: fax_window.outbox_model.rows[0].state == "cancelled")
    assert fax_window.retry_button.isEnabled() and not fax_window.cancel_button.isEnabled()
    assert fax_window.retry_selected()
    qtbot.waitUntil(
        lambda: outbox_row(window.context.database, job_id).attempts == 2, timeout=60_000
    )


def test_test_modem_reports_a_result(qtbot, fax) -> None:
    dialog = fax.modem_setup.make_settings_dialog()
    assert dialog.port.currentText() == fax.desk.config.port
    with qtbot.waitSignal(fax.modem_checked, timeout=60_000) as checked:
        dialog.check_button.click()
    assert checked.args[0].ok
    assert "正常" in dialog.result.text() and dialog.check_button.isEnabled()

    dialog.port.setCurrentText("movedesk-modem://nowhere/1")
    with qtbot.waitSignal(fax.modem_checked, timeout=60_000) as checked:
        dialog.check_button.click()
    assert not checked.args[0].ok and dialog.result.text()


def test_a_clerk_may_not_change_the_modem_settings(fax, window, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    assert not fax.settings_action.isEnabled()
    assert not fax.open_window().settings_button.isEnabled()
    assert not fax.modem_setup.open_dialog()
    choices = fax.modem_setup.make_settings_dialog().choices()
    assert not fax.modem_setup.apply(dataclasses.replace(choices, rings=4))
    assert len(warned) == 2 and all("監督者" in text for text in warned)
    assert window.context.settings.get("fax_answer_rings") != 4


def test_new_modem_settings_reach_the_desk(qtbot, fax, window) -> None:
    _as_supervisor(fax)
    dialog = fax.modem_setup.make_settings_dialog()
    dialog.rings.setValue(3)
    with qtbot.waitSignal(window.runner.ended, timeout=60_000):
        assert fax.modem_setup.apply(dialog.choices())
    assert fax.desk.config.rings == 3 and fax.desk.running
    assert window.context.settings.get("fax_answer_rings") == 3
    fax_window = fax.open_window()
    qtbot.waitUntil(lambda: "待機中" in fax_window.modem_label.text(), timeout=30_000)


def _forged_fax(database, tmp_path: Path) -> tuple[int, str]:
    """A hub notice and a received fax whose code carries a newer version with a new phone."""
    from desktop.domain.notice import notice_from_payload
    from desktop.fax_notices import read_fax_notices
    from desktop.store.ingest import store_notices
    from fax.store_models import ReceivedFax
    from tests.fax_desk.test_evidence import PAGE, code_reader, faxed
    from tests.support import sample_payload

    hub = notice_from_payload(sample_payload(901))
    with database.session() as session:
        store_notices(session, [hub])
    path = tmp_path / "forged.tif"
    write_tiff(path, [make_page(1)])
    with database.session() as session:
        row = ReceivedFax(
            received_at=__import__("datetime").datetime.now(JST),
            remote_id="HUB",
            file_path=str(path),
            page_count=1,
        )
        session.add(row)
        session.flush()
        fax_id = row.id
    forged = sample_payload(901, version=2, contact={"phone": "090-6666-6666"})
    read_fax_notices(database, fax_id, [PAGE], code_reader(faxed(forged)), reachable=lambda: True)
    return fax_id, hub.receipt_number


def test_a_faxed_notice_is_shown_beside_the_stored_one_and_confirmed(
    qtbot, fax, window, tmp_path
) -> None:
    database = window.context.database
    fax_id, receipt = _forged_fax(database, tmp_path)
    fax_window = fax.open_window()
    fax_window.reload_inbox()
    assert fax_window.select_fax(fax_id)
    panel = fax_window.evidence
    assert not panel.isHidden() and panel.current().receipt_number == receipt
    assert {"版", "電話番号"} <= set(panel.changed_fields())
    assert "使用者氏名" not in panel.changed_fields()
    assert "確認待ち" in panel.summary.text() and "署名：なし" in panel.summary.text()
    phone_row = next(
        r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == "電話番号"
    )
    assert panel.table.item(phone_row, 1).text() == "042-555-0101"
    assert panel.table.item(phone_row, 2).text() == "090-6666-6666"
    with database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).one()
        assert (row.version, row.phone) == (1, "042-555-0101")  # nothing changed by itself

    assert panel.confirm_button.isEnabled()
    with qtbot.waitSignal(window.runner.notices_changed):
        panel.confirm_button.click()
    with database.session() as session:
        row = session.scalars(
            select(NoticeRecord).where(NoticeRecord.receipt_number == receipt)
        ).one()
        assert (row.version, row.phone, row.source) == (2, "090-6666-6666", "fax")
    assert "確認済み" in panel.summary.text() and not panel.confirm_button.isEnabled()


def test_a_viewer_sees_the_faxed_notice_but_cannot_settle_it(qtbot, window, tmp_path) -> None:
    from desktop.service import Actor
    from ui.evidence_view import EvidencePanel

    fax_id, _receipt = _forged_fax(window.context.database, tmp_path)
    panel = EvidencePanel(window.context.database, Actor("viewer1", "viewer"))
    qtbot.addWidget(panel)
    assert panel.show_fax(fax_id)
    assert not panel.confirm_button.isEnabled() and not panel.dismiss_button.isEnabled()
    assert "参照権限" in panel.summary.text()
    assert not panel.confirm_current() and "only clerks" in panel.message.text()


@pytest.mark.parametrize("hour_utc", [3, 15, 23])  # 12:00, 00:00 and 08:00 the next day in Japan
def test_the_fax_forms_dates_make_a_valid_notice_at_any_hour(qtbot, hour_utc: int) -> None:
    """The move date it offers is the day of filing in Japan, whatever zone the PC is set to."""
    from datetime import UTC, datetime

    from desktop.domain.notice import JST, notice_from_payload
    from desktop.fax_notices import form_payload
    from ui.fax_notice_form import FaxNoticeForm

    form = FaxNoticeForm()
    qtbot.addWidget(form)
    received = datetime(2026, 12, 1, hour_utc, 30, tzinfo=UTC)
    form.start(received)
    form.edits["name"].setText("髙橋 花子")
    form.edits["kana"].setText("ﾀｶﾊｼ ﾊﾅｺ")
    form.edits["postal_code"].setText("196-0014")
    form.edits["address"].setText("東京都昭島市田中町2丁目3番4号")
    values = form.values()
    assert values["move_date"] == received.astimezone(JST).date()
    notice = notice_from_payload(form_payload(values, "FAX-20261201-001"))
    assert notice.move_date == received.astimezone(JST).date()
