"""Error correction mode (T.30 Annex A) for the Class 1 driver.

Page data (MMR) is cut into 256-octet frames, at most 256 to a block.
The sender sends a block as HDLC frames on the high-speed carrier (built
here bit by bit, since a Class 1 modem moves only raw octets there), ends
it with three RCP frames and asks with PPS whether it arrived; the
receiver answers MCF or PPR with a bitmap of the frames to send again.
After four PPRs for one block the sender continues to correct (CTC) one
speed lower, if there is one; the receiver agrees with CTR and the next
burst starts with long training (T.30 Annex A).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from fax.codec import decode
from fax.modem import hangup, t30
from fax.modem.class1 import CallEnded
from fax.modem.hdlc import FrameDecoder, encode_frames
from fax.modem.quality import assess
from fax.modem.t30 import ECM_FRAME_SIZE, ECM_MAX_FRAMES, Frame, Session, frame

if TYPE_CHECKING:
    from fax.modem.class1_receive import _ReceiveCall
    from fax.modem.class1_send import _SendCall

log = logging.getLogger(__name__)

RCP_COPIES = 3
RR_LIMIT = 20


def split_blocks(data: bytes) -> list[list[bytes]]:
    """Page data as blocks of frame payloads."""
    frames = [data[i : i + ECM_FRAME_SIZE] for i in range(0, len(data), ECM_FRAME_SIZE)] or [b""]
    return [frames[i : i + ECM_MAX_FRAMES] for i in range(0, len(frames), ECM_MAX_FRAMES)]


def fcd(number: int, payload: bytes) -> bytes:
    return bytes((t30.ADDRESS, t30.CONTROL_MORE, t30.FCD, number)) + payload


RCP = bytes((t30.ADDRESS, t30.CONTROL_MORE, t30.RCP))


def burst(block: list[bytes], numbers: list[int]) -> bytes:
    """The phase-C bit stream carrying frames ``numbers`` of ``block``."""
    frames = [fcd(n, block[n]) for n in numbers] + [RCP] * RCP_COPIES
    return encode_frames(frames, preamble_flags=30)


def send_ecm_page(
    call: _SendCall, page: Callable[[], bytes], code: int, page_index: int, ppm: int
) -> tuple[Frame, int]:
    """Send one page block by block: the response to the page's last PPS, and the data size.

    ``page`` gives the coded page; it is first asked after the modem's
    CONNECT, so encoding and framing overlap the training sequence.
    """
    modem, result = call.modem, call.result
    blocks: list[list[bytes]] = []
    size = 0
    reply: Frame | None = None
    block_index = 0
    while block_index == 0 or block_index < len(blocks):
        wanted: list[int] = []
        requests = 0
        while True:

            def stream(index: int = block_index) -> bytes:
                nonlocal blocks, size, wanted
                if not blocks:
                    data = page()
                    size = len(data)
                    blocks = split_blocks(data)
                if not wanted:
                    wanted = list(range(len(blocks[index])))
                return burst(blocks[index], wanted)

            if not modem.transmit_data(code, stream):
                raise CallEnded(40 if call._line_up() else hangup.NO_CARRIER)
            result.phase_c_seconds += modem.last_data_bytes * 8 / t30.BY_CODE[code].bit_rate
            code = call.session.modulation.short_code  # trained now: later bursts are short
            block = blocks[block_index]
            last = block_index == len(blocks) - 1
            message = (ppm | t30.X_BIT) if last else t30.NULL
            name = t30.PPM_NAMES.get(ppm, "MPS")
            fif = t30.pps_fif(message, page_index, block_index, len(block))
            pps = frame(t30.PPS, fif, x_bit=True)
            modem.pause(call.timing.pause_before_data)
            reply = call._command([pps], {"MPS": 52, "EOP": 54, "EOM": 56}[name], 50)
            for _ in range(RR_LIMIT):
                if reply.command != t30.RNR:
                    break
                reply = call._command([frame(t30.RR, x_bit=True)], 50, 50)
            if reply.command == t30.PPR:
                requests += 1
                wanted = sorted(n for n in t30.ppr_missing(reply.fif) if n < len(block))
                if not wanted:
                    wanted = list(range(len(block)))
                if requests >= call.timing.ecm_ppr_limit:
                    slower = call.session.slower(call.usable)
                    if slower is None:
                        raise CallEnded(
                            95, detail=f"block {block_index} still damaged after {requests} PPR"
                        )
                    continue_to_correct(call, slower)
                    code = slower.modulation.long_code
                    requests = 0
                continue
            break
        if not last and reply.command != t30.MCF:
            raise CallEnded(50, detail=f"{reply.name} after a partial page")
        block_index += 1
    assert reply is not None
    return reply, size


def continue_to_correct(call: _SendCall, session: Session) -> None:
    """CTC at the modulation of ``session``; on CTR it is the call's modulation from now on."""
    name = session.modulation.name
    ctc = frame(t30.CTC, t30.ctc_fif(session.modulation), x_bit=True)
    reply = call._command([ctc], 50, 50)
    if reply.command != t30.CTR:
        raise CallEnded(50, detail=f"{reply.name} after CTC")
    log.info("continuing to correct at %s", name)
    call.session = session
    call.result.session = session.as_params()
    call.result.modulation = name
    call.result.trainings.append(f"{name}: CTR")


class EcmReceiver:
    """Collects a page's blocks frame by frame and answers PPS, RR and EOR."""

    def __init__(self, call: _ReceiveCall) -> None:
        self.call = call
        self.block: dict[int, bytes] = {}
        self.page = bytearray()
        self.last_reply: Frame | None = None
        self.burst_seen = False
        self.done: tuple[int, int] | None = None

    def receive_burst(self, *, long_train: bool = False) -> str:
        call = self.call
        session = call.session
        assert session is not None
        decoder = FrameDecoder()
        modulation = session.modulation
        code = modulation.long_code if long_train else modulation.short_code
        status, _ = call.modem.receive_data(code, call.timing.t2, on_chunk=decoder.feed)
        for data, good in decoder.take():
            if good and len(data) >= 4 and data[2] == t30.FCD:
                self.block[data[3]] = data[4:]
        self.burst_seen = status in ("ok", "cut")
        if status == "cut":
            raise CallEnded(hangup.DATA_TIMEOUT)
        return "D"

    def command(self, command: Frame) -> str:
        call = self.call
        kind = command.command
        if kind == t30.RR:
            reply = self.last_reply or frame(t30.MCF)
            call._respond([reply])
            return "D"
        if kind == t30.CTC:
            modulation = t30.ctc_modulation(command.fif)
            session = call.session
            if modulation is not None and session is not None:
                call.session = replace(session, modulation=modulation)
                call.result.session = call.session.as_params()
                call.result.modulation = modulation.name
                call.result.trainings.append(f"{modulation.name}: CTR")
            call._respond([frame(t30.CTR)])
            return self.receive_burst(long_train=True)
        if kind == t30.EOR:
            call._respond([frame(t30.ERR)])
            message = command.fif[0] & ~t30.X_BIT & 0xFF if command.fif else t30.NULL
            return self._block_done(message, complete=False)
        fif = command.fif.ljust(4, b"\0")
        message = fif[0] & ~t30.X_BIT & 0xFF
        expected = fif[3] + 1
        if not self.block and self.done == (fif[1], fif[2]):
            # Our MCF to this PPS was lost: confirm again, nothing more.
            call._respond([frame(t30.MCF)])
            return "E" if message == t30.EOP else self.receive_burst()
        missing = {n for n in range(expected) if n not in self.block}
        if missing:
            reply = frame(t30.PPR, t30.ppr_fif(missing))
            self.last_reply = reply
            call._respond([reply])
            return self.receive_burst()
        self.last_reply = frame(t30.MCF)
        call._respond([self.last_reply])
        for number in range(expected):
            self.page += self.block[number]
        self.block = {}
        self.done = (fif[1], fif[2])
        return self._block_done(message, complete=True)

    def _block_done(self, message: int, *, complete: bool) -> str:
        call = self.call
        if message == t30.NULL:
            return self.receive_burst()
        session = call.session
        assert session is not None
        data, self.page = bytes(self.page), bytearray()
        try:
            quality = assess(decode(data, 1728, session.scheme, msb_first=False))
        except (ValueError, Exception):  # undecodable data is a rejected page, never a crash
            log.info("an ECM page could not be decoded", exc_info=True)
            quality = assess(None)
        verdict = call.keep(quality, session, truncated=not complete, data=data)
        name = t30.PPM_NAMES.get(message, "MPS")
        # Under ECM a page that arrived whole is confirmed whatever its lines say.
        return call.after_page(name, "MCF" if complete else verdict)
