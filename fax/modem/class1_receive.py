"""Receiving a fax in Class 1: T.30 phases B to E as the answering station."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from fax.modem import hangup, t30
from fax.modem.at import ModemError
from fax.modem.class1 import CallEnded, Class1ReceiveResult
from fax.modem.quality import PageQuality, check_page
from fax.modem.results import ReceivedPage
from fax.modem.t30 import Capabilities, Frame, Session, frame

if TYPE_CHECKING:
    from fax.modem.class1 import Class1Modem

log = logging.getLogger(__name__)

VERDICT_FCF = {"MCF": t30.MCF, "RTP": t30.RTP, "RTN": t30.RTN}


def longest_zero_run(data: bytes) -> int:
    """The longest run of zero octets: what a training check (TCF) is judged by."""
    if not data:
        return 0
    zero = np.frombuffer(data, dtype=np.uint8) == 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], zero.view(np.int8), [0]))))
    return int((edges[1::2] - edges[0::2]).max()) if len(edges) else 0


def receive_call(modem: Class1Modem, max_pages: int) -> Class1ReceiveResult:
    result = Class1ReceiveResult([], hangup.describe(hangup.MODEM_ERROR))
    result.turnarounds = modem.turnarounds = type(modem.turnarounds)()
    call = _ReceiveCall(modem, result, max_pages)
    try:
        call.run()
    except CallEnded as ended:
        call.settle_pending(truncated=True)
        result.hangup = ended.reason
        call.finish(send_dcn=ended.send_dcn)
    except ModemError as error:
        log.warning("fax receive failed: %s", error)
        result.errors.append(str(error))
        result.hangup = hangup.HangupReason(
            hangup.MODEM_ERROR, "modem", error.japanese, error.english
        )
        modem.ensure_idle()
    finally:
        modem.channel.rings = 0
        call.close()
    return result


class _ReceiveCall:
    def __init__(self, modem: Class1Modem, result: Class1ReceiveResult, max_pages: int) -> None:
        self.modem = modem
        self.result = result
        self.max_pages = max_pages
        self.timing = modem.timing
        self.session: Session | None = None
        self.last_response: list[Frame] = []
        self.pending: tuple[Future[PageQuality], Session, bytes] | None = None
        self.connected = False
        self.ecm = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fax-decode")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def run(self) -> None:
        modem, result = self.modem, self.result
        modem._send_command("A")
        word = modem._wait(modem.config.dial_timeout, "answer")
        if word != "CONNECT":
            raise CallEnded(
                hangup.NO_CARRIER if word in (None, "NO CARRIER") else 1, send_dcn=False
            )
        self.connected = True
        ours = Capabilities.from_params(modem.config.capabilities, modem.receive_codes)
        dis = [frame(t30.CSI, t30.encode_id(modem.config.local_id), final=False),
               frame(t30.DIS, ours.encode())]  # fmt: skip
        started = time.monotonic()
        if not modem.send_frames(dis, connected=True):
            raise CallEnded(70)
        state = "B"
        misses = 0
        while True:
            frames = modem.receive_frames(self.timing.t4 if state == "B" else self.timing.t2)
            if state == "E" and isinstance(frames, str):
                # The last page is confirmed: a sender gone without DCN is no fault.
                result.hangup = hangup.describe(0)
                self.finish(send_dcn=False)
                return
            if frames == "no carrier":
                raise CallEnded(hangup.NO_CARRIER if state != "B" else 70, send_dcn=False)
            if isinstance(frames, str):
                misses += 1
                if state == "B":
                    if time.monotonic() - started > self.timing.t1:
                        raise CallEnded(72)
                    if not modem.send_frames(dis):
                        raise CallEnded(70)
                elif misses > self.timing.retries:
                    raise CallEnded(73 if state == "C" else 100)
                continue
            good = [item for item in frames if item.good]
            if not good:
                modem.send_frames([frame(t30.CRP)])
                continue
            misses = 0
            for item in good:
                if item.command == t30.TSI:
                    result.remote_id = t30.decode_id(item.fif)
            command = good[-1]
            kind = command.command
            if kind == t30.DCS:
                self.session = Session.decode(command.fif)
                result.session = self.session.as_params()
                result.modulation = self.session.modulation.name
                if self._training():
                    state = self._receive_page()
            elif kind in t30.PPM_NAMES and self.session is not None and not self.session.ecm:
                state = self._post_page(t30.PPM_NAMES[kind])
            elif kind in (t30.PPS, t30.EOR, t30.RR, t30.CTC) and self.ecm is not None:
                state = self._ecm_command(command)
            elif kind == t30.CRP:
                if self.last_response:
                    modem.send_frames(self.last_response)
            elif kind == t30.DCN:
                self.settle_pending(truncated=True)
                result.hangup = hangup.describe(0 if result.ended_with_eop else 100)
                if not result.ended_with_eop:
                    result.errors.append("the sender ended the call before the last page")
                self.connected = False
                self.finish(send_dcn=False)
                return
            too_many = len(result.pages) >= self.max_pages and not result.ended_with_eop
            if too_many or len(result.pages) + result.rejected_pages > self.max_pages * 3:
                result.errors.append(
                    f"more than {self.max_pages} pages in one call: the rest was refused"
                )
                raise CallEnded(100, detail="too many pages")

    # -- phase B: training check ------------------------------------------------
    def _training(self) -> bool:
        modem, session = self.modem, self.session
        assert session is not None
        modulation = session.modulation
        status, data = modem.receive_data(modulation.long_code, self.timing.t2)
        if status in ("fcerror", "timeout", "error"):
            return False  # the DCS comes again; it is handled then
        run = longest_zero_run(data)
        good = run * 8 >= modulation.bit_rate * self.timing.tcf_good_seconds
        verdict = "CFR" if good else "FTT"
        self.result.trainings.append(f"{modulation.name}: {verdict}")
        self._respond([frame(t30.CFR if good else t30.FTT)])
        if good and session.ecm:
            from fax.modem.ecm import EcmReceiver

            self.ecm = EcmReceiver(self)
        return good

    def _respond(self, frames: list[Frame]) -> None:
        self.last_response = frames
        if not self.modem.send_frames(frames):
            raise CallEnded(hangup.NO_CARRIER, send_dcn=False)

    # -- phase C and D (without error correction) ------------------------------
    def _receive_page(self) -> str:
        """Phase C after CFR or MCF; the state to wait in next."""
        session = self.session
        assert session is not None
        if session.ecm:
            assert self.ecm is not None
            return self.ecm.receive_burst()
        status, data = self.modem.receive_data(session.modulation.short_code, self.timing.t2)
        if status in ("fcerror", "timeout", "error"):
            return "D"
        self.pending = (self._pool.submit(self._judge, data, session), session, data)
        if status == "cut":
            self.result.errors.append("page data stopped without an end")
            raise CallEnded(hangup.DATA_TIMEOUT)
        return "D"

    @staticmethod
    def _judge(data: bytes, session: Session) -> PageQuality:
        return check_page(data, 1728, session.scheme, msb_first=False)

    def settle_pending(self, *, truncated: bool) -> str | None:
        """Judge the page waiting for its post-page message; keep it unless rejected."""
        if self.pending is None:
            return None
        future, session, data = self.pending
        self.pending = None
        return self.keep(future.result(), session, truncated=truncated, data=data)

    def keep(self, quality: PageQuality, session: Session, *, truncated: bool, data: bytes) -> str:
        """Keep a judged page; an undecodable one is kept as its raw ``data``."""
        page = quality.result
        if truncated and page is not None and quality.lines:
            verdict = "incomplete"
        elif quality.acceptable and page is not None:
            verdict = quality.verdict
        else:
            self.result.keep_failed(data, session.scheme, 1728, session.resolution, msb_first=False)
            return "RTN"
        self.result.keep_page(
            ReceivedPage(
                page.bitmap,
                session.resolution,
                page.good_lines,
                page.bad_lines,
                quality.max_burst,
                verdict,
            )
        )
        return quality.verdict if verdict != "incomplete" else "RTN"

    def _post_page(self, ppm: str) -> str:
        verdict = self.settle_pending(truncated=False)
        if verdict is None:
            # Our answer to this message was lost: say it again.
            if self.last_response:
                self._respond(self.last_response)
            return "D"
        self._respond([frame(VERDICT_FCF[verdict])])
        return self.after_page(ppm, verdict)

    def after_page(self, ppm: str, verdict: str) -> str:
        if ppm == "EOP" and verdict != "RTN":
            self.result.ended_with_eop = True
            return "E"
        if ppm == "MPS" and verdict == "MCF":
            return self._receive_page()
        return "B"  # the sender retrains (RTN/RTP) or starts a new document (EOM)

    def _ecm_command(self, command: Frame) -> str:
        assert self.ecm is not None
        return self.ecm.command(command)

    def finish(self, *, send_dcn: bool) -> None:
        if send_dcn and self.connected:
            try:
                self.modem.send_frames([frame(t30.DCN)])
            except ModemError:
                log.info("DCN could not be sent", exc_info=True)
        self.modem.ensure_idle()
