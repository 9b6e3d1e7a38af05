"""Line time of a Class 2 modem's pages: training, and ECM framing with its exchanges.

The emulated Class 2 modem runs T.30 itself, so it must spend on the line
what a Class 1 host's frames would: the same training times, and under ECM
(T.30 Annex A) each frame's header, FCS and inserted zeros, each block's
RCP and the PPS/PPR exchanges within the page.
"""

from __future__ import annotations

from fax.emulator.class1 import TRAINING_SECONDS
from fax.emulator.line import (
    ECM_BLOCK_FRAMES,
    ECM_FRAME,
    PPR_OCTETS,
    PPS_OCTETS,
    TURNAROUND_SECONDS,
    Call,
    ecm_burst_overhead_bits,
    ecm_frame_bits,
    frame_seconds,
)
from fax.modem.t30 import MODULATIONS


def training_seconds(bit_rate: int, *, long: bool) -> float:
    """Training before a high-speed carrier at ``bit_rate``: V.17 from 7,200 bit/s up
    (both ends of the emulated line have it), V.27ter below."""
    family = next(m.family for m in MODULATIONS if m.bit_rate == bit_rate)
    long_train, short_train = TRAINING_SECONDS[family]
    return long_train if long else short_train


class EcmFraming:
    """Line time of one ECM page beyond its data octets, counted as the data goes out.

    ``feed`` takes the page data as it comes and gives the seconds to spend
    besides the data's own bits: each full frame's header, FCS, inserted zeros
    and flag, and at a block's end its burst overhead (flags, RCP) and what
    follows it within the page. ``finish`` does the same for the last block.
    """

    def __init__(self, call: Call | None, rate: int) -> None:
        self.call = call
        self.rate = rate
        self.pending = bytearray()
        self.frames = 0  # frames of the current block so far
        self.resend_bits = 0  # line bits of this block's damaged frames

    def _frame(self, payload: bytes) -> float:
        bits = ecm_frame_bits(self.frames, payload)
        self.frames += 1
        if self.call is not None and self.call.ecm_frame_damaged(bits):
            self.resend_bits += bits
        return (bits - len(payload) * 8) / self.rate

    def _block_end(self, *, last: bool) -> float:
        rate, overhead = self.rate, ecm_burst_overhead_bits()
        seconds = overhead / rate
        short = TURNAROUND_SECONDS + training_seconds(rate, long=False)
        if self.resend_bits:
            # PPS, PPR naming the damaged frames, and a burst with those frames only.
            seconds += TURNAROUND_SECONDS + frame_seconds(PPS_OCTETS)
            seconds += TURNAROUND_SECONDS + frame_seconds(PPR_OCTETS)
            seconds += short + (overhead + self.resend_bits) / rate
        if not last:
            # PPS-NULL and its MCF, then the next block's carrier.
            seconds += TURNAROUND_SECONDS + frame_seconds(PPS_OCTETS)
            seconds += TURNAROUND_SECONDS + frame_seconds(3) + short
        self.frames = self.resend_bits = 0
        return seconds

    def feed(self, data: bytes) -> float:
        self.pending += data
        seconds = 0.0
        while len(self.pending) > ECM_FRAME:
            seconds += self._frame(bytes(self.pending[:ECM_FRAME]))
            del self.pending[:ECM_FRAME]
            if self.frames == ECM_BLOCK_FRAMES:
                seconds += self._block_end(last=False)
        return seconds

    def finish(self) -> float:
        """The rest after the page's last data: the last frame and the last block's end."""
        seconds = self._frame(bytes(self.pending)) if self.pending or not self.frames else 0.0
        self.pending.clear()
        return seconds + self._block_end(last=True)
