"""Bit packing for the encoder and bit access for the decoder.

The encoder never walks bits one by one: it produces code words as tokens
(value, length, absolute bit position) and packs them all at once with NumPy.
Tokens never overlap, so adding their bytes is the same as OR-ing them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fax.codec.tables import REVERSED_BITS

# A token is at most this long; with up to 7 bits of offset it fits 64 bits.
MAX_TOKEN_BITS = 57
_END_PADDING = 16


def pack_tokens(
    positions: np.ndarray, values: np.ndarray, lengths: np.ndarray, total_bits: int
) -> bytes:
    """Pack code words into MSB-first bytes; bits not covered by a token are 0."""
    n_bytes = (total_bits + 7) // 8
    if positions.size == 0:
        return bytes(n_bytes)
    positions = positions.astype(np.int64, copy=False)
    lengths = lengths.astype(np.int64, copy=False)
    values = values.astype(np.uint64, copy=False)
    offsets = positions & 7
    span = int((offsets + lengths).max())
    if span > 64:
        raise ValueError("code token too long to pack")
    spread_bytes = (span + 7) // 8
    # Left-align each token inside a 64-bit word that starts at its first byte.
    shifts = (64 - offsets - lengths).astype(np.uint64)
    aligned = values << shifts
    first_byte = positions >> 3
    indices = np.empty((spread_bytes, positions.size), dtype=np.int64)
    parts = np.empty((spread_bytes, positions.size), dtype=np.float64)
    for i in range(spread_bytes):
        indices[i] = first_byte + i
        parts[i] = (aligned >> np.uint64(56 - 8 * i)) & np.uint64(0xFF)
    sums = np.bincount(indices.ravel(), weights=parts.ravel(), minlength=n_bytes + spread_bytes)
    return sums[:n_bytes].astype(np.uint8).tobytes()


def reverse_bit_order(data: bytes) -> bytes:
    """Swap between MSB-first and LSB-first bit order in every byte."""
    return REVERSED_BITS[np.frombuffer(data, dtype=np.uint8)].tobytes()


@dataclass(frozen=True)
class BitView:
    """Read access to an MSB-first bit stream for the decoders.

    ``windows[i]`` holds the 32 bits starting at byte ``i`` (zero past the end),
    so the next n <= 25 bits at bit position p are
    ``windows[p >> 3] >> (32 - n - (p & 7)) & mask``. ``ones`` lists the
    positions of all 1 bits, which finds EOLs (11 or more zeros, then a 1)
    and the end of the data (only zero fill remains) without bit loops.
    """

    windows: list[int]
    ones: np.ndarray
    total_bits: int

    @classmethod
    def from_bytes(cls, data: bytes) -> BitView:
        raw = np.frombuffer(data, dtype=np.uint8)
        # Zero windows well past the end: a decoder that runs over the end
        # meets only invalid codes there and stops.
        padded = np.zeros(raw.size + _END_PADDING + 3, dtype=np.uint32)
        padded[: raw.size] = raw
        windows = (padded[:-3] << 24) | (padded[1:-2] << 16) | (padded[2:-1] << 8) | padded[3:]
        ones = np.flatnonzero(np.unpackbits(raw))
        return cls(windows=windows.tolist(), ones=ones, total_bits=raw.size * 8)

    def eol_ends(self) -> np.ndarray:
        """Positions of the final 1 bit of every EOL (preceded by >= 11 zeros)."""
        ones = self.ones
        if ones.size == 0:
            return ones
        gaps = np.empty(ones.size, dtype=np.int64)
        gaps[0] = ones[0]
        gaps[1:] = np.diff(ones) - 1
        return ones[gaps >= 11]
