"""In the demo the simulated hub faxes notices to the desk over the emulated line."""

from __future__ import annotations

from pathlib import Path

from desktop.demo_fax import BRANCH_NUMBER, DemoFax
from desktop.fax_desk import FaxArrived, FaxDesk, FaxDeskConfig, JobEnded
from desktop.fax_inbox import inbox
from desktop.fax_outbox import address_book
from desktop.hub.simulator import HubSimulator
from desktop.settings import Settings
from fax.tiff import write_tiff
from tests.fax_desk.conftest import Events
from tests.fax_modem.conftest import make_page


def test_the_hub_faxes_new_notices_and_the_branch_answers(database, tmp_path: Path) -> None:
    settings = Settings(path=tmp_path / "settings.json")
    with HubSimulator(notices=3) as hub:
        demo = DemoFax(hub, first=2, interval=3600, paced=False).start(settings)
        try:
            assert settings.get("fax_modem_port") == demo.desk_port
            assert settings.get("hub_fax_public_key") == hub.fax_signer.public_key_text()
            assert BRANCH_NUMBER in [e.number for e in address_book(settings)]
            desk = FaxDesk(
                database,
                FaxDeskConfig.from_settings(settings),
                notice_reader=None,
                fax_dir=tmp_path / "fax",
            )
            events = Events()
            desk.subscribe(events)
            desk.start()
            first = events.wait_for(FaxArrived, timeout=120)
            second = events.wait_for(FaxArrived, timeout=120)
            assert first.page_count >= 1 and second.page_count >= 1
            assert len(inbox(database)) == 2
            assert len(demo.faxed) == 2 and set(demo.faxed) <= set(hub.receipts())

            document = tmp_path / "page.tif"
            write_tiff(document, [make_page(1)])
            job_id = desk.queue(document, BRANCH_NUMBER, staff="tanaka")
            ended = events.wait_for(JobEnded, timeout=120)
            assert (ended.job_id, ended.state) == (job_id, "sent")
            desk.stop()
        finally:
            demo.stop()


def test_the_demo_hub_signs_the_codes_it_faxes() -> None:
    from desktop.demo_fax import fax_document
    from desktop.hub.signing import SignatureVerdict, load_public_key, verify
    from fax.notice_code import read_notices_from_pages
    from fax.pages import pdf_pages

    hub = HubSimulator(notices=1)
    receipt = hub.receipts()[0]
    pdf = fax_document(hub.notice(receipt), "昭島市水道部", with_code=True, sign=hub.fax_signer)
    [reading] = [
        r for r in read_notices_from_pages([(p, "fine") for p in pdf_pages(pdf, "fine")]) if r
    ]
    assert reading.ok and reading.code.marker == "MD2"
    key = load_public_key(hub.fax_signer.public_key_text())
    assert verify(key, reading.code.payload_text, reading.code.signature) == SignatureVerdict.VALID
    other = load_public_key(HubSimulator(notices=1, seed=7).fax_signer.public_key_text())
    assert (
        verify(other, reading.code.payload_text, reading.code.signature) == SignatureVerdict.INVALID
    )
