"""HDLC for fax: the frame check sequence, and bit-level framing for ECM phase C.

In Class 1 the modem frames the V.21 control messages itself (it adds the
FCS on transmit and checks it on receive, passing the two FCS octets on to
us). Error-corrected page data (T.30 Annex A) travels at the high-speed
modulation, where a Class 1 modem only moves raw bytes: there the host
builds the frames bit by bit (flags, zero-bit insertion, FCS) and takes
them apart again on reception.

Bits go on the line least significant first, so a byte ``b`` becomes bits
``b & 1, b >> 1 & 1, …``; the same order packs bits back into bytes.
"""

from __future__ import annotations

import numpy as np

FLAG = 0x7E
# What the CRC register holds after running over a frame and its own good FCS.
GOOD_RESIDUE = 0xF0B8


def _table() -> list[int]:
    entries = []
    for value in range(256):
        crc = value
        for _ in range(8):
            crc = (crc >> 1) ^ 0x8408 if crc & 1 else crc >> 1
        entries.append(crc)
    return entries


_CRC_TABLE = _table()


def crc16(data: bytes, crc: int = 0xFFFF) -> int:
    """The running ITU-T V.42/X.25 CRC register over ``data`` (not yet complemented)."""
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def fcs(data: bytes) -> bytes:
    """The two FCS octets that follow ``data`` on the line."""
    value = crc16(data) ^ 0xFFFF
    return bytes((value & 0xFF, value >> 8))


def fcs_ok(frame_with_fcs: bytes) -> bool:
    return len(frame_with_fcs) >= 3 and crc16(frame_with_fcs) == GOOD_RESIDUE


def strip_fcs(data: bytes) -> bytes:
    """A frame as a Class 1 modem delivered it, without the FCS octets if they are there.

    T.31 modems pass the FCS on; some older ones do not. A frame that ends
    in its own valid FCS loses the two octets; anything else is kept whole.
    """
    if len(data) >= 5 and fcs_ok(data):
        return data[:-2]
    return data


# -- bit-level framing (ECM over the high-speed modulations) ----------------

_FLAG_BITS = np.unpackbits(np.array([FLAG], dtype=np.uint8), bitorder="little")


def _stuff(bits: np.ndarray) -> np.ndarray:
    """Insert a 0 after every five 1s in a row (zero-bit insertion)."""
    out = np.empty(len(bits) + len(bits) // 5 + 1, dtype=np.uint8)
    count = 0
    ones = 0
    for bit in bits.tolist():
        out[count] = bit
        count += 1
        if bit:
            ones += 1
            if ones == 5:
                out[count] = 0
                count += 1
                ones = 0
        else:
            ones = 0
    return out[:count]


def encode_frames(
    frames: list[bytes], *, preamble_flags: int = 20, between_flags: int = 1
) -> bytes:
    """Frames (without FCS) as a flag-separated bit stream, packed LSB first.

    The stream ends with a few closing flags and is padded with whole flags
    so the receiver sees the last frame close before the carrier drops.
    """
    parts = [np.tile(_FLAG_BITS, preamble_flags)]
    for frame in frames:
        body = np.frombuffer(frame + fcs(frame), dtype=np.uint8)
        parts.append(_stuff(np.unpackbits(body, bitorder="little")))
        parts.append(np.tile(_FLAG_BITS, between_flags))
    parts.append(np.tile(_FLAG_BITS, 4))
    bits = np.concatenate(parts)
    # Fill to a byte boundary with 1s: an idle line between flags is harmless.
    remainder = (-len(bits)) % 8
    if remainder:
        bits = np.concatenate([bits, np.ones(remainder, dtype=np.uint8)])
    return np.packbits(bits, bitorder="little").tobytes()


class FrameDecoder:
    """Streaming receiver: feed bytes as they come, collect ``(frame, fcs_good)``.

    Frames are returned without their FCS; fragments shorter than an
    address, control and FCS are line noise and dropped.
    """

    def __init__(self, max_frame: int = 4096) -> None:
        self.max_bits = (max_frame + 2) * 8 + 8
        self._ones = 0
        self._in_frame = False
        self._bits: list[int] = []
        self.frames: list[tuple[bytes, bool]] = []

    def feed(self, data: bytes) -> None:
        ones = self._ones
        in_frame = self._in_frame
        bits = self._bits
        append = bits.append
        for bit in np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little").tolist():
            if bit:
                ones += 1
                if ones > 6:  # abort or idle line: the frame being built is gone
                    in_frame = False
                    bits.clear()
                elif in_frame:
                    append(1)
                continue
            if ones == 6:  # a flag closes one frame and opens the next
                if in_frame:
                    self._close(bits)
                bits.clear()
                in_frame = True
            elif ones == 5:  # an inserted zero
                pass
            elif in_frame:
                append(0)
                if len(bits) > self.max_bits:
                    in_frame = False
                    bits.clear()
            ones = 0
        self._ones, self._in_frame = ones, in_frame

    def _close(self, bits: list[int]) -> None:
        # The flag's own leading 0 and six 1s went in before it was recognised.
        body = bits[:-7]
        if len(body) < 32 or len(body) % 8:
            return
        data = np.packbits(np.array(body, dtype=np.uint8), bitorder="little").tobytes()
        self.frames.append((data[:-2], fcs_ok(data)))

    def take(self) -> list[tuple[bytes, bool]]:
        frames, self.frames = self.frames, []
        return frames
