"""The FAX method in the demo: an emulated phone line on which the simulated hub faxes notices.

On the line: the bureau's modem (the desk answers it, at ``bureau_fax_number``),
the hub's, and a branch office and a contractor that answer whatever the
clerk sends them. The hub faxes a few new notices at start-up and then one
now and then, each also in its feed, so the faxed copy meets the hub's copy
by receipt number; the codes are signed with the simulated hub's key, which
``configure`` makes this PC trust. Every third one is a plain notice sheet
without the notice code, to be typed in beside the image. The line is paced (sped up),
so pages take visible time.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from desktop.domain.notice import notice_from_payload
from desktop.hub.simulator import HubSimulator
from desktop.settings import Settings
from fax.emulator import VirtualLine
from fax.modem.at import ModemError
from fax.modem.class2 import DriverConfig, open_modem

log = logging.getLogger(__name__)

DESK_NUMBER = "0311112222"
HUB_NUMBER = "0399990000"
BRANCH_NUMBER = "0422220001"
CONTRACTOR_NUMBER = "0422220002"
ADDRESS_BOOK = (
    ("北部営業所", BRANCH_NUMBER),
    ("みなと設備工業（指定工事店）", CONTRACTOR_NUMBER),
)
_lines = itertools.count(1)


def _set(settings: Settings, key: str, value: Any) -> None:
    # The fax settings may not be in the schema of an older build: then the demo runs without.
    with contextlib.suppress(KeyError):
        settings.set(key, value)


def fax_document(
    payload: dict[str, Any],
    bureau_name: str,
    *,
    with_code: bool,
    sign: Callable[[bytes], bytes] | None = None,
) -> bytes:
    """The PDF the hub faxes for a notice: with its notice code (signed by ``sign``) when
    that renderer exists."""
    notice = notice_from_payload(payload)
    if with_code:
        try:
            from printing.fax_notice import render_fax_notice
        except ImportError:
            pass
        else:
            return render_fax_notice(notice, bureau_name, sign=sign).pdf
    from printing import SheetData, render_notice_sheets

    sheet = SheetData(notice, status="new", bureau_name=bureau_name, with_code=False)
    return render_notice_sheets([sheet]).pdf


class DemoFax:
    def __init__(
        self,
        hub: HubSimulator,
        *,
        desk_number: str = DESK_NUMBER,
        first: int = 2,
        interval: float | None = 240.0,
        retry_seconds: float = 20.0,
        speed: float = 4.0,
        paced: bool = True,
    ) -> None:
        self.hub = hub
        self.desk_number = desk_number
        self.first = first
        self.interval = interval
        self.retry_seconds = retry_seconds
        self.line = VirtualLine(f"demo{next(_lines)}", paced=paced, speed=speed)
        for number in (desk_number, HUB_NUMBER, BRANCH_NUMBER, CONTRACTOR_NUMBER):
            self.line.add_modem(number)
        self.bureau_name = ""
        self.pending: deque[str] = deque()
        self.faxed: list[str] = []
        self.sent = threading.Event()  # set after each fax the hub got through
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._threads: list[threading.Thread] = []
        self._modems: list[Any] = []
        self._lock = threading.Lock()
        self._count = 0

    @property
    def desk_port(self) -> str:
        return self.line.url(self.desk_number)

    def configure(self, settings: Settings) -> None:
        """Point this PC's fax settings at the line and fill the address book."""
        self.bureau_name = str(settings.get("bureau_name"))
        _set(settings, "fax_modem_port", self.desk_port)
        # The bureau trusts the simulated hub's signature on the notice codes it faxes.
        _set(settings, "hub_fax_public_key", self.hub.fax_signer.public_key_text())
        book = [{"name": name, "number": number} for name, number in ADDRESS_BOOK]
        _set(settings, "fax_address_book", json.dumps(book, ensure_ascii=False))

    def start(self, settings: Settings | None = None) -> DemoFax:
        if settings is not None:
            self.configure(settings)
        for number in (BRANCH_NUMBER, CONTRACTOR_NUMBER):
            self._thread(self._answer, number)
        if self.interval is not None:
            self._thread(self._hub_faxes)
        return self

    def _thread(self, target: Any, *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, name="demo-fax", daemon=True)
        thread.start()
        self._threads.append(thread)

    def fax_notices(self, count: int = 1) -> list[str]:
        """Make ``count`` new notices at the hub and put them in its fax queue."""
        created = self.hub.tick(new=count)["new"]
        with self._lock:
            self.pending.extend(created)
        self._wake.set()
        return created

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        with self._lock:
            modems = list(self._modems)
        for modem in modems:
            modem.channel.close()  # ends any wait for a call at once
        for thread in self._threads:
            thread.join(10)
        self._threads = []
        self.line.close()

    # -- the hub's side ---------------------------------------------------------------
    def _open(self, number: str) -> Any:
        modem = open_modem(self.line.url(number), DriverConfig(local_id=number))
        with self._lock:
            self._modems.append(modem)
        return modem

    def _hub_faxes(self) -> None:
        try:
            modem = self._open(HUB_NUMBER)
        except ModemError:
            log.exception("the demo hub's fax modem did not start")
            return
        if self.first:
            self.fax_notices(self.first)
        next_batch = self.interval
        while not self._stop.is_set():
            with self._lock:
                receipt = self.pending[0] if self.pending else None
            if receipt is None:
                if not self._wake.wait(next_batch):
                    self.fax_notices(1)
                self._wake.clear()
                continue
            try:
                delivered = self._send(modem, receipt)
            except (ModemError, OSError, ValueError):
                if self._stop.is_set():
                    return
                log.exception("the demo hub could not fax %s", receipt)
                delivered = False
            if delivered:
                with self._lock:
                    self.pending.popleft()
                    self.faxed.append(receipt)
                self.sent.set()
            elif self._stop.wait(self.retry_seconds):
                return

    def _send(self, modem: Any, receipt: str) -> bool:
        from fax.pages import pdf_pages

        self._count += 1
        pdf = fax_document(
            self.hub.notice(receipt),
            self.bureau_name,
            with_code=self._count % 3 != 0,
            sign=self.hub.fax_signer,
        )
        result = modem.send(self.desk_number, pdf_pages(pdf, "fine"), "fine")
        if not result.success:
            self._count -= 1
            log.info("the demo hub's fax of %s did not go through: %s", receipt, result.hangup)
        return result.success

    # -- the branch office and the contractor ----------------------------------------
    def _answer(self, number: str) -> None:
        try:
            modem = self._open(number)
            while not self._stop.is_set():
                if modem.wait_for_call(1.0):
                    modem.receive()  # a real office would print it; here it is enough to take it
        except ModemError:
            if not self._stop.is_set():
                log.exception("the demo fax at %s stopped", number)
