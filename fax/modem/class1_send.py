"""Sending a fax in Class 1: T.30 phases A to E as the calling station."""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from fax.codec import Resolution, encode, modem_profile
from fax.modem import hangup, t30
from fax.modem.at import ModemError
from fax.modem.class1 import CallEnded, Class1SendResult
from fax.modem.class2 import fit_to_resolution
from fax.modem.results import PageOutcome
from fax.modem.t30 import Capabilities, Frame, Session, frame

if TYPE_CHECKING:
    from fax.modem.class1 import Class1Modem

log = logging.getLogger(__name__)

# Zero fill after RTC, so the receiver's demodulator has flushed the last
# line before the carrier drops.
TRAILING_FILL = bytes(32)
RESPONSES = {t30.MCF: "MCF", t30.RTP: "RTP", t30.RTN: "RTN", t30.PIP: "PIP", t30.PIN: "PIN"}
NO_RESPONSE = {"MPS": 52, "EOP": 54, "EOM": 56}
BAD_RESPONSE = {"MPS": 53, "EOP": 55, "EOM": 57}
A4_LINES = {"standard": 1143, "fine": 2287}


class PageEncoder:
    """Encodes pages for the session on a worker thread, ahead of when they are needed."""

    def __init__(self, pages: Sequence[np.ndarray], resolution: Resolution) -> None:
        self.pages = pages
        self.resolution = resolution
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fax-encode")
        self._futures: dict[tuple, Future[bytes]] = {}

    def _encode(self, index: int, session: Session) -> bytes:
        bitmap = fit_to_resolution(
            np.asarray(self.pages[index]), self.resolution, session.resolution
        )
        options = modem_profile(
            session.scheme,
            session.resolution,
            min_bits_per_line=session.min_bits_per_line(),
            msb_first=False,
        )
        data = encode(bitmap, session.scheme, **options)
        return data if session.ecm else data + TRAILING_FILL

    @staticmethod
    def _key(index: int, session: Session) -> tuple:
        # Only what changes the coded bits matters, not the modulation as such.
        return (index, session.scheme, session.resolution, session.ecm, session.min_bits_per_line())

    def prepare(self, session: Session, start: int = 0) -> None:
        for index in range(start, len(self.pages)):
            key = self._key(index, session)
            if key not in self._futures:
                self._futures[key] = self._pool.submit(self._encode, index, session)

    def get(self, index: int, session: Session) -> bytes:
        key = self._key(index, session)
        if key not in self._futures:
            self._futures[key] = self._pool.submit(self._encode, index, session)
        return self._futures[key].result()

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def send_call(
    modem: Class1Modem,
    number: str,
    pages: Sequence[np.ndarray],
    resolution: Resolution = "fine",
    *,
    on_page: Callable[[PageOutcome], None] | None = None,
    cancel: threading.Event | None = None,
    page_numbers: Sequence[int] | None = None,
) -> Class1SendResult:
    numbers = list(page_numbers or range(1, len(pages) + 1))
    outcomes = [PageOutcome(n) for n in numbers]
    result = Class1SendResult(outcomes, hangup.describe(hangup.MODEM_ERROR))
    result.turnarounds = modem.turnarounds = type(modem.turnarounds)()
    started = time.monotonic()
    encoder = PageEncoder(pages, resolution)
    call = _SendCall(modem, encoder, result, on_page, cancel)
    try:
        call.run(number, resolution, len(pages))
    except CallEnded as ended:
        result.hangup = ended.reason
        call.finish(send_dcn=ended.send_dcn)
    except ModemError as error:
        log.warning("fax send failed: %s", error)
        result.hangup = hangup.HangupReason(
            hangup.MODEM_ERROR, "modem", error.japanese, error.english
        )
        modem.ensure_idle()
    finally:
        encoder.close()
        result.total_seconds = time.monotonic() - started
    return result


class _SendCall:
    def __init__(self, modem, encoder, result, on_page, cancel) -> None:
        self.modem: Class1Modem = modem
        self.encoder: PageEncoder = encoder
        self.result: Class1SendResult = result
        self.on_page = on_page
        self.cancel = cancel
        self.timing = modem.timing
        self.connected = False

    # -- phase A and B ------------------------------------------------------
    def run(self, number: str, resolution: Resolution, page_count: int) -> None:
        modem, result = self.modem, self.result
        started = time.monotonic()
        modem._send_command(f"D{modem.config.dial_prefix}{number}")
        word = modem._wait(modem.config.dial_timeout, "dial")
        if word != "CONNECT":
            code = {"BUSY": hangup.BUSY, "NO ANSWER": hangup.NO_ANSWER,
                    "NO DIALTONE": hangup.NO_DIALTONE}.get(word or "", hangup.NO_CARRIER)  # fmt: skip
            if word is None:
                modem._abort_reception()
                code = 11
            raise CallEnded(code, send_dcn=False)
        self.connected = True
        capabilities = self._wait_for_dis(started)
        result.connected = True
        result.setup_seconds = time.monotonic() - started
        long_pages = any(np.asarray(p).shape[0] > A4_LINES[resolution] for p in self.encoder.pages)
        usable = modem.usable_modulations(transmit=True)
        session = t30.choose_session(
            modem.config.capabilities, capabilities, usable, resolution, long_pages=long_pages
        )
        if session is None:
            raise CallEnded(21, detail="no common modulation")
        self.encoder.prepare(session)
        # Stepping down (after FTT or with CTC) stays within what the far end's DIS offers.
        self.usable = [m for m in usable if m.family in capabilities.families]
        self.session = self._train(session)
        self._send_pages(page_count)

    def _wait_for_dis(self, started: float) -> Capabilities:
        """Frames until a good DIS, within T1; the first batch follows ATD's CONNECT."""
        connected = True
        while True:
            remaining = self.timing.t1 - (time.monotonic() - started)
            if remaining <= 0:
                raise CallEnded(11)
            frames = self.modem.receive_frames(remaining, connected=connected)
            connected = False
            if isinstance(frames, str):
                if frames == "no carrier":
                    raise CallEnded(hangup.NO_CARRIER, send_dcn=False)
                continue
            dis = None
            for item in frames:
                if not item.good:
                    continue
                if item.command == t30.CSI:
                    self.result.remote_id = t30.decode_id(item.fif)
                elif item.command in (t30.DIS, t30.DTC):
                    dis = item
                elif item.command == t30.DCN:
                    raise CallEnded(20, send_dcn=False, detail="DCN before DIS")
            if dis is not None:
                return Capabilities.decode(dis.fif)

    def _command(self, frames: list[Frame], no_response: int, bad_response: int) -> Frame:
        """Send a command and wait for its response; repeat on silence (T4) and CRP."""
        modem = self.modem
        for _ in range(self.timing.retries):
            if not modem.send_frames(frames):
                raise CallEnded(hangup.NO_CARRIER if not self._line_up() else 20)
            reply = modem.receive_frames(self.timing.t4)
            if reply == "no carrier":
                raise CallEnded(hangup.NO_CARRIER, send_dcn=False)
            if isinstance(reply, str):
                continue
            good = [item for item in reply if item.good]
            if not good:
                continue  # a damaged response: repeat the command
            answer = good[-1]
            if answer.command == t30.CRP:
                continue
            if answer.command == t30.DCN:
                raise CallEnded(bad_response, send_dcn=False, detail="the receiver sent DCN")
            return answer
        raise CallEnded(no_response)

    def _line_up(self) -> bool:
        try:
            return bool(self.modem.channel.port.cd)
        except (AttributeError, OSError, ValueError):
            return True

    def _train(self, session: Session) -> Session:
        """DCS and TCF, stepping down on FTT, until CFR."""
        modem, result = self.modem, self.result
        while True:
            self._check_cancel()
            dcs = [frame(t30.TSI, t30.encode_id(modem.config.local_id), final=False, x_bit=True),
                   frame(t30.DCS, session.encode(), x_bit=True)]  # fmt: skip
            reply = None
            for _ in range(self.timing.retries):
                if not modem.send_frames(dcs):
                    raise CallEnded(20)
                code = session.modulation.long_code
                zeros = bytes(int(session.modulation.bit_rate * self.timing.tcf_seconds / 8))
                if not modem.transmit_data(code, zeros):
                    raise CallEnded(20, detail="the modem refused the training check")
                answer = modem.receive_frames(self.timing.t4)
                if answer == "no carrier":
                    raise CallEnded(hangup.NO_CARRIER, send_dcn=False)
                if isinstance(answer, list) and any(f.good for f in answer):
                    reply = [f for f in answer if f.good][-1]
                    if reply.command in (t30.DIS, t30.DTC):
                        continue  # the receiver missed our DCS: it repeated DIS
                    break
            if reply is None:
                raise CallEnded(25)
            verdict = reply.name
            result.trainings.append(f"{session.modulation.name}: {verdict}")
            if reply.command == t30.CFR:
                result.session = session.as_params()
                result.modulation = session.modulation.name
                return session
            if reply.command == t30.FTT:
                slower = session.slower(self.usable)
                if slower is None:
                    raise CallEnded(27)
                session = slower
                continue
            if reply.command == t30.DCN:
                raise CallEnded(28, send_dcn=False, detail="DCN after DCS")
            raise CallEnded(28, detail=f"{verdict} after DCS")

    # -- phase C and D ---------------------------------------------------------
    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise CallEnded(hangup.LOCAL_ABORT)

    def _send_pages(self, page_count: int) -> None:
        from fax.modem.ecm import send_ecm_page

        modem, result = self.modem, self.result
        index = 0
        short_train = True
        while index < page_count:
            self._check_cancel()
            outcome = result.pages[index]
            session = self.session
            ppm_name = "EOP" if index == page_count - 1 else "MPS"
            outcome.attempts += 1
            modulation = session.modulation
            code = modulation.short_code if short_train else modulation.long_code
            began = time.monotonic()
            page = functools.partial(self.encoder.get, index, session)
            if session.ecm:
                reply, size = send_ecm_page(self, page, code, index, t30.PPM_BY_NAME[ppm_name])
                outcome.data_bytes += size
            else:
                if not modem.transmit_data(code, page):
                    raise CallEnded(40 if self._line_up() else hangup.NO_CARRIER)
                outcome.data_bytes += modem.last_data_bytes
                result.phase_c_seconds += modem.last_data_bytes * 8 / modulation.bit_rate
                ppm = frame(t30.PPM_BY_NAME[ppm_name], x_bit=True)
                modem.pause(self.timing.pause_before_data)
                reply = self._command([ppm], NO_RESPONSE[ppm_name], BAD_RESPONSE[ppm_name])
            log.debug("page %d took %.2f s", outcome.number, time.monotonic() - began)
            verdict = RESPONSES.get(reply.command)
            if verdict is None:
                raise CallEnded(BAD_RESPONSE[ppm_name], detail=f"{reply.name} after {ppm_name}")
            outcome.verdict = verdict
            if self.on_page:
                self.on_page(outcome)
            if verdict in ("PIN", "PIP"):
                raise CallEnded(58)
            if outcome.confirmed:
                index += 1
                short_train = verdict == "MCF"
                if verdict == "RTP" and index < page_count:
                    self.session = self._train(self.session)
                    short_train = True
                continue
            # RTN: retrain, then send the page again (or give up after the retries).
            if outcome.attempts > modem.config.page_retries:
                raise CallEnded(hangup.PAGE_REJECTED)
            self.session = self._train(self.session)
            self.encoder.prepare(self.session, index)
            short_train = True
        self.finish(send_dcn=True)
        result.hangup = hangup.describe(0)

    def finish(self, *, send_dcn: bool) -> None:
        """DCN if the line is still ours, then on hook and back to command mode."""
        modem = self.modem
        if send_dcn and self.connected:
            try:
                modem.send_frames([frame(t30.DCN, x_bit=True)])
            except ModemError:
                log.info("DCN could not be sent", exc_info=True)
        modem.ensure_idle()
