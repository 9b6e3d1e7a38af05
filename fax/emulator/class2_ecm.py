"""Error correction (T.30 Annex A) on the line for the emulated Class 2 / 2.0 modem.

A Class 2 modem runs ECM itself: the host gives it a page of MMR data,
the modem sends it as HDLC frames on the high-speed carrier (256 octets
to a frame, at most 256 frames to a block, three RCP frames closing each
burst) and asks with PPS whether a block arrived; frames the receiver
names in a PPR go again. Receiving, it collects a block's frames, answers
PPS with MCF or a PPR, and gives the host the page only once it is whole.

The bursts are the octets a Class 1 host would send (``fax.modem.ecm``),
so a Class 1 host at the far end takes them apart and answers them as
any receiver would, and line bit errors hit frames for real.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fax.emulator.ecm_line import training_seconds
from fax.emulator.line import PPR_OCTETS, PPS_OCTETS, TURNAROUND_SECONDS, Signal, frame_seconds
from fax.modem import t30
from fax.modem.ecm import burst, split_blocks
from fax.modem.hdlc import FrameDecoder

if TYPE_CHECKING:
    from fax.emulator.class2 import Class2Personality

LINE_CHUNK = 512
# T.30 Annex A: after four PPRs for one block the sender stops (it could also
# continue to correct one speed lower; the emulated modem hangs up instead).
PPR_LIMIT = 4
BLOCK_TIMEOUT = 60.0


class EcmSender:
    """One page's blocks, sent by a Class 2 modem."""

    def __init__(self, modem: Class2Personality, data: bytes, page: int) -> None:
        self.modem = modem
        self.blocks = split_blocks(data)
        self.page = page

    def _burst(self, block: list[bytes], numbers: list[int]) -> bool:
        personality = self.modem
        call = personality.call
        if call is None:
            return False
        rate = personality.session.bit_rate
        stream = burst(block, numbers)
        call.send(personality.side, Signal("carrier", personality.modulation.short_code))
        personality.pause(TURNAROUND_SECONDS + training_seconds(rate, long=False))
        clock = personality.clock
        started = clock.now()
        for offset in range(0, len(stream), LINE_CHUNK):
            chunk = stream[offset : offset + LINE_CHUNK]
            personality.pause(started + (offset + len(chunk)) * 8 / rate - clock.now())
            if not call.send(personality.side, Signal("data", chunk)):
                return False
        call.send(personality.side, Signal("data_end"))
        return True

    def send_all_but_the_last_answer(self) -> bool:
        """Every block's burst, with the PPS-NULL exchange of all but the last block."""
        for index, block in enumerate(self.blocks):
            if not self._burst(block, list(range(len(block)))):
                return False
            if index < len(self.blocks) - 1:
                reply = self.exchange(index, None)
                if reply is None or reply.kind != "ppr" or reply.value != "MCF":
                    return False
        return True

    def exchange(self, index: int, ppm: str | None) -> Signal | None:
        """PPS for block ``index`` until the receiver confirms it; its last answer."""
        personality = self.modem
        block = self.blocks[index]
        for _ in range(PPR_LIMIT + 1):
            pps = Signal("pps", (ppm, self.page, index, len(block)))
            personality.send(pps, seconds=TURNAROUND_SECONDS + frame_seconds(PPS_OCTETS))
            reply = personality.receive()
            if reply is None or reply.kind != "ecm_ppr":
                return reply
            wanted = sorted(n for n in reply.value if n < len(block)) or list(range(len(block)))
            if not self._burst(block, wanted):
                return None
        return None

    def finish(self, ppm: str) -> Signal | None:
        return self.exchange(len(self.blocks) - 1, ppm)


def _frames_in_order(block: dict[int, bytes]) -> bytes:
    """The frames of a block up to the first one missing."""
    data = bytearray()
    number = 0
    while number in block:
        data += block[number]
        number += 1
    return bytes(data)


def receive_ecm_page(
    modem: Class2Personality, first: bytes
) -> tuple[bytes, str | None, Signal | None]:
    """A page under ECM: its data, its post-page message, and the signal that ended the
    call before the page was whole (then the data is what arrived in order)."""
    decoder = FrameDecoder()
    decoder.feed(first)
    block: dict[int, bytes] = {}
    page = bytearray()
    while True:
        signal = modem.receive(BLOCK_TIMEOUT)
        if signal is None or signal.kind in ("drop", "dcn"):
            for data, good in decoder.take():
                if good and len(data) >= 4 and data[2] == t30.FCD:
                    block[data[3]] = data[4:]
            return bytes(page) + _frames_in_order(block), None, signal or Signal("drop")
        if signal.kind == "data":
            decoder.feed(signal.value)
        elif signal.kind == "data_end":
            for data, good in decoder.take():
                if good and len(data) >= 4 and data[2] == t30.FCD:
                    block[data[3]] = data[4:]
            decoder = FrameDecoder()
        elif signal.kind == "ctc":
            modem.send(Signal("ctr"), seconds=TURNAROUND_SECONDS + frame_seconds(3))
        elif signal.kind == "pps":
            ppm, _page, _block, frames = signal.value
            missing = {n for n in range(frames) if n not in block}
            if missing:
                answer = Signal("ecm_ppr", missing)
                modem.send(answer, seconds=TURNAROUND_SECONDS + frame_seconds(PPR_OCTETS))
                continue
            for number in range(frames):
                page += block[number]
            block = {}
            if ppm is not None:
                return bytes(page), ppm, None
            modem.send(Signal("ppr", "MCF"), seconds=TURNAROUND_SECONDS + frame_seconds(3))
