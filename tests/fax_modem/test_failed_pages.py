"""A page that arrives but cannot be decoded is kept as it came and shown in
the inbox (who called, when, which page), never silently dropped."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from desktop.cli.common import EXIT_FAILED
from desktop.fax_inbox import InboxRow, inbox, page_pngs, thumbnail_png
from fax.emulator import VirtualLine
from fax.jobs import FaxService
from fax.modem import class1_send, class2
from fax.modem.class1 import open_class1
from fax.modem.class2 import DriverConfig
from fax.modem.params import FaxParams
from fax.store_models import ReceivedFax
from fax.tiff import read_tiff, write_tiff
from tests.fax_class1.conftest import Receiver as Class1Receiver
from tests.fax_modem.conftest import CALLEE, CALLER, make_page
from tests.fax_modem.test_cli import Context, parse

START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
# Bytes no fax decoder reads a page from: long runs of invalid codes, no EOL, no RTC.
GARBAGE = bytes([0x01, 0x80, 0x01, 0x02]) * 700


class Garbler:
    """The sender's encoder, garbling marked pages for the first ``times`` tries."""

    def __init__(self, real_encode) -> None:
        self.real_encode = real_encode
        self.times = 99
        self.tries: dict[int, int] = {}

    def __call__(self, bitmap, scheme, **options):
        # make_page leaves the last row white: a black first pixel there marks a page.
        if bitmap[-1, 0] and self.tries.get(id(bitmap), 0) < self.times:
            self.tries[id(bitmap)] = self.tries.get(id(bitmap), 0) + 1
            return GARBAGE
        return self.real_encode(bitmap, scheme, **options)


@pytest.fixture
def garbled(monkeypatch: pytest.MonkeyPatch) -> Garbler:
    garbler = Garbler(class2.encode)
    monkeypatch.setattr(class2, "encode", garbler)
    return garbler


def _marked(page: np.ndarray) -> np.ndarray:
    page = page.copy()
    page[-1, 0] = 1
    return page


def _service(database, tmp_path: Path) -> FaxService:
    return FaxService(database, None, now=lambda: START, fax_dir=tmp_path / "fax")


def test_an_undecodable_page_is_stored_raw_and_marked_in_the_inbox(
    database, tmp_path, sender, receiver, garbled
) -> None:
    rx = receiver()
    pages = [make_page(1), _marked(make_page(2)), make_page(3)]
    result = sender().send(CALLEE, pages, "fine")
    assert not result.success  # the far end refused page 2 every time
    [received] = rx.join()
    assert len(received.pages) == 1 and received.partial
    assert [failed.number for failed in received.failed_pages] == [2] * len(received.failed_pages)
    fax_id = _service(database, tmp_path).store_received(received)
    assert fax_id is not None
    [row] = [row for row in inbox(database) if row.id == fax_id]
    assert (row.remote_id, row.received_at, row.partial) == (CALLER, START, True)
    assert row.unreadable_pages == (2,) * len(received.failed_pages)
    assert "page 2: could not be decoded" in row.errors
    with database.session() as session:
        stored = json.loads(session.get(ReceivedFax, fax_id).failed_pages)
    for entry in stored:
        raw = Path(entry["file"]).read_bytes()
        # The page's data exactly as it came off the line.
        assert GARBAGE in raw and entry["bytes"] == len(raw)
        scheme = received.session.scheme  # as negotiated for the call
        assert (entry["scheme"], entry["width"], entry["resolution"]) == (scheme, 1728, "fine")
    np.testing.assert_array_equal(read_tiff(row.file_path)[0].bitmap, pages[0])
    assert len(page_pngs(database, fax_id)) == 1


def test_a_call_of_only_undecodable_pages_still_leaves_a_row(
    database, tmp_path, sender, receiver, garbled
) -> None:
    rx = receiver()
    sender().send(CALLEE, [_marked(make_page(1))], "fine")
    [received] = rx.join()
    assert not received.pages and received.failed_pages
    fax_id = _service(database, tmp_path).store_received(received)
    [row] = inbox(database)
    assert row.id == fax_id and row.page_count == 0 and row.unreadable_pages[0] == 1
    assert row.file_path == "" and page_pngs(database, fax_id) == []
    assert thumbnail_png(database, fax_id) == b""


def test_a_page_read_on_its_resend_is_not_counted_as_missing(
    database, tmp_path, sender, receiver, monkeypatch
) -> None:
    real_write = class2.Class2Modem._write_page
    writes: list[int] = []

    def first_copy_of_page_2_garbled(modem, data):
        writes.append(len(data))
        return real_write(modem, GARBAGE if len(writes) == 2 else data)

    monkeypatch.setattr(class2.Class2Modem, "_write_page", first_copy_of_page_2_garbled)
    rx = receiver()
    pages = [make_page(1), _marked(make_page(2))]
    assert sender().send(CALLEE, pages, "fine").success
    [received] = rx.join()
    assert len(received.pages) == 2 and not received.partial
    [failed] = received.failed_pages
    assert failed.number == 2 and failed.superseded
    fax_id = _service(database, tmp_path).store_received(received)
    [row] = inbox(database)
    assert row.id == fax_id and row.unreadable_pages == () and not row.partial
    assert "page 2: a copy could not be decoded; the resent copy was read" in row.errors


def test_fax_receive_keeps_an_undecodable_page_beside_the_tiff(
    line, tmp_path, garbled, capsys
) -> None:
    document = tmp_path / "doc.tif"
    write_tiff(document, [make_page(1), _marked(make_page(2))], resolution="fine")
    inbox_dir = tmp_path / "in"
    receive = parse(
        "receive", "--port", line.url(CALLEE), "--out", str(inbox_dir), "--once", "--rings", "1"
    )
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(receive.handler(receive, Context())))
    thread.start()
    send = parse("send", "--port", line.url(CALLER), "--to", CALLEE, str(document))
    assert send.handler(send, Context()) == EXIT_FAILED
    thread.join(60)
    assert codes == [EXIT_FAILED]  # partial: page 2 is missing
    raw_files = sorted(inbox_dir.glob("*-page2-unreadable*.fax"))
    assert raw_files and all(GARBAGE in path.read_bytes() for path in raw_files)
    assert len(list(inbox_dir.glob("*.tif"))) == 1
    assert "page 2 could not be decoded" in capsys.readouterr().out


@pytest.mark.gui
def test_the_inbox_model_names_the_unreadable_pages(qapp) -> None:
    from ui.fax_models import FaxInboxModel  # Qt only for this test

    row = InboxRow(
        id=1,
        received_at=START,
        remote_id=CALLER,
        page_count=1,
        partial=True,
        pages_with_errors=1,
        errors="page 2: could not be decoded",
        receipts=(),
        notice_error="",
        file_path="",
        unreadable_pages=(2, 3),
    )
    assert "読めないページ 2, 3" in FaxInboxModel().state_text(row)


@pytest.mark.parametrize(
    "coding", [FaxParams(df=1, ec=0), FaxParams(df=3, ec=1)], ids=["MR", "MMR with ECM"]
)
def test_class1_keeps_an_undecodable_page(
    database, tmp_path, monkeypatch: pytest.MonkeyPatch, coding: FaxParams
) -> None:
    monkeypatch.setattr(class1_send, "encode", Garbler(class1_send.encode))
    virtual = VirtualLine(f"failed-class1-{coding.df}", paced=False)
    virtual.add_modem(CALLER, classes=("1", "1.0"))
    virtual.add_modem(CALLEE, classes=("1", "1.0"))
    rx = Class1Receiver(virtual.url(CALLEE), DriverConfig(local_id=CALLEE, capabilities=coding))
    sender = open_class1(virtual.url(CALLER), DriverConfig(local_id=CALLER, capabilities=coding))
    try:
        rx.start()
        sender.send(CALLEE, [make_page(1), _marked(make_page(2))], "fine")
        [received] = rx.join()
    finally:
        sender.channel.close()
        rx.close()
        virtual.close()
    assert received.failed_pages and received.failed_pages[0].number == 2
    assert GARBAGE in received.failed_pages[0].data
    assert received.partial
    fax_id = _service(database, tmp_path).store_received(received)
    [row] = inbox(database)
    assert row.id == fax_id and row.remote_id == CALLER and 2 in row.unreadable_pages
