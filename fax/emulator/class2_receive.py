"""The receiving half of the emulated Class 2 / 2.0 modem: +FDR, page data to the host.

Received pages are decoded as a real receiver would, so a wrong bit order
or broken DLE escaping comes back as a rejected page (RTN). Under ECM the
page reaches the host once it is whole, and a call cut within it leaves
the host what arrived in order before the hang-up report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fax.emulator.class2_ecm import receive_ecm_page
from fax.emulator.line import TURNAROUND_SECONDS, Signal, frame_seconds
from fax.modem.dialect import PPM_CODES, PPR_CODES
from fax.modem.dle import DC1, DC2, END_OF_DATA, escape, reverse_bits
from fax.modem.quality import check_page

if TYPE_CHECKING:
    from fax.emulator.class2 import Class2Personality

DATA_TIMEOUT = 60.0
TRIGGER_TIMEOUT = 10.0


class Class2Receiving:
    """+FDR and what follows it; mixed into ``Class2Personality``."""

    def _cmd_dr(self: Class2Personality, operator: str, argument: str) -> str | None:
        if self.call is None or self.side != "callee":
            return "ERROR"
        if self.pending_ppm is not None:
            verdict_code = self.verdict_override or PPR_CODES[self.own_verdict]
            verdict = {v: k for k, v in PPR_CODES.items()}[verdict_code]
            ppm, self.pending_ppm, self.verdict_override = self.pending_ppm, None, None
            self._send(Signal("ppr", verdict), seconds=TURNAROUND_SECONDS + frame_seconds(3))
            if ppm == "EOP" and verdict in ("MCF", "RTP"):
                signal = self._receive()
                self._hang_up(0 if signal is not None and signal.kind == "dcn" else 100)
                return "OK"
        new_session = False
        while True:
            signal = self._receive()
            if signal is None or signal.kind == "drop":
                self._hang_up(73)
                return "OK"
            if signal.kind == "dcn":
                self._hang_up(0)
                return "OK"
            if signal.kind in ("tsi", "dcs", "tcf"):
                if signal.kind == "tsi":
                    self.remote_id = signal.value
                elif signal.kind == "dcs":
                    self.session, new_session = signal.value, True
                else:
                    good = bool(signal.value)
                    self._send(
                        Signal("cfr" if good else "ftt"),
                        seconds=TURNAROUND_SECONDS + frame_seconds(3),
                    )
            elif signal.kind == "data":
                break
        if new_session:
            self._report_session()
        if self.session.ec:
            return self._deliver_ecm_page(signal.value)
        self.modem.result("CONNECT")
        self._wait_for_trigger()
        return self._deliver_page(signal.value)

    def _deliver_ecm_page(self: Class2Personality, first: bytes) -> str | None:
        page, ppm, ended = receive_ecm_page(self, first)
        modem = self.modem
        if ended is not None and not page:
            self._hang_up(0 if ended.kind == "dcn" else 91)
            return "OK"
        modem.result("CONNECT")
        self._wait_for_trigger()
        reverse = bool(self.bit_order & 1) or (
            self.dialect.fclass == "2" and modem.class2_receive_reversed
        )
        modem.emit(escape(reverse_bits(page) if reverse else page) + END_OF_DATA)
        if ended is not None or ppm is None:
            # The call ended within the page: the host gets what arrived, then the hang-up.
            self._hang_up(91)
            return "OK"
        quality = check_page(page, self.session.width, self.session.scheme, msb_first=False)
        # Under ECM a page that arrived whole is confirmed whatever its lines say.
        self.own_verdict = "MCF"
        self.pending_ppm = ppm
        self.verdict_override = None
        modem.info(
            f"{self.dialect.page_status}:1,{quality.lines},{quality.bad_lines},"
            f"{quality.max_burst},0"
        )
        modem.info(f"+FET:{PPM_CODES[ppm]}")
        return "OK"

    def _wait_for_trigger(self: Class2Personality) -> None:
        """The host says it is ready with DC2 (Class 2) or DC1 (2.0); either is taken."""
        for _ in range(64):
            chunk = self.modem.take_dte(1, TRIGGER_TIMEOUT)
            if not chunk or chunk[0] in (DC1, DC2):
                return

    def _deliver_page(self: Class2Personality, first: bytes) -> str | None:
        modem = self.modem
        reverse = bool(self.bit_order & 1) or (
            self.dialect.fclass == "2" and modem.class2_receive_reversed
        )
        page = bytearray()
        data = first
        while True:
            page += data
            modem.emit(escape(reverse_bits(data) if reverse else data))
            signal = self._receive(DATA_TIMEOUT)
            if signal is None or signal.kind == "drop":
                modem.emit(END_OF_DATA)
                self._hang_up(91)
                return "OK"
            if signal.kind == "data_end":
                break
            if signal.kind == "data":
                data = signal.value
        modem.emit(END_OF_DATA)
        signal = self._receive()
        if signal is None or signal.kind != "ppm":
            self._hang_up(100)
            return "OK"
        quality = check_page(bytes(page), self.session.width, self.session.scheme, msb_first=False)
        self.own_verdict = quality.verdict
        self.pending_ppm = signal.value
        self.verdict_override = None
        modem.info(
            f"{self.dialect.page_status}:{PPR_CODES[quality.verdict]},"
            f"{quality.lines},{quality.bad_lines},{quality.max_burst},0"
        )
        modem.info(f"+FET:{PPM_CODES[signal.value]}")
        return "OK"
